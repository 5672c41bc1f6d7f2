"""The partnership site: Wagtail's own routing through the site's page tree, under /partnership/ only."""

from django.urls import path

from . import pack_views, views

app_name = "partnership"

urlpatterns = [
    path("partnership/", views.serve, name="home"),
    path("partnership/information-pack.pdf", views.information_pack_pdf, name="information_pack_pdf"),
    path("partnership/placing-authorities/our-pack/", pack_views.own_pack, name="own_pack"),
    path("partnership/placing-authorities/council-packs/", pack_views.council_packs, name="council_packs"),
    path(
        "partnership/placing-authorities/council-packs/<uuid:pk>/pack.pdf",
        pack_views.council_pack_document,
        name="council_pack_document",
    ),
    path("partnership/<path:path>", views.serve, name="page"),
]
