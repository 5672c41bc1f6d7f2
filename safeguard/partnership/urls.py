"""The partnership site: Wagtail's own routing through the site's page tree, under /partnership/ only."""

from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    path("partnership/", views.serve, name="home"),
    path("partnership/information-pack.pdf", views.information_pack_pdf, name="information_pack_pdf"),
    path("partnership/<path:path>", views.serve, name="page"),
]
