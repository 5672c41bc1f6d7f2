from django.urls import path

from . import views, views_search

app_name = "manual"

urlpatterns = [
    path("manual/", views.contents, name="contents"),
    path("manual/releases/", views.release_list, name="release_list"),
    path("manual/releases/<slug:slug>/", views.release_detail, name="release_detail"),
    path("manual/amendments/<int:year>/", views.amendments_year, name="amendments_year"),
    path("manual/<slug:section>/<slug:chapter>/", views.chapter_detail, name="chapter_detail"),
    path("manual/<slug:section>/<slug:chapter>/changes/", views.chapter_changes, name="chapter_changes"),
    # Readers' tools (views_search.py): search, the Atom feed, a chapter as a PDF.
    path("manual/search/", views_search.search, name="search"),
    path("manual/feed/", views_search.feed, name="feed"),
    path("manual/<slug:section>/<slug:chapter>/pdf/", views_search.chapter_pdf, name="chapter_pdf"),
]
