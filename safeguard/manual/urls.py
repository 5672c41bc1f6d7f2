from django.urls import path

from . import views, views_reading, views_search, views_subscriptions

app_name = "manual"

urlpatterns = [
    path("manual/", views.contents, name="contents"),
    path("manual/releases/", views.release_list, name="release_list"),
    path("manual/releases/<slug:slug>/", views.release_detail, name="release_detail"),
    path("manual/amendments/<int:year>/", views.amendments_year, name="amendments_year"),
    # Read acknowledgements (docs/adr/0021): before the chapter pattern, which "reading/new" would match.
    path("manual/reading/", views_reading.assignment_list, name="reading_list"),
    path("manual/reading/new/", views_reading.assignment_new, name="reading_new"),
    path("manual/reading/<int:pk>/", views_reading.assignment_report, name="reading_report"),
    path("manual/reading/<int:pk>/assigned/", views_reading.assignment_assigned, name="reading_assigned"),
    path("manual/reading/<int:pk>/report.csv", views_reading.assignment_report_csv, name="reading_report_csv"),
    path("manual/<slug:section>/<slug:chapter>/read/", views_reading.chapter_read, name="chapter_read"),
    # Subscriptions (docs/adr/0020): before the chapters' pattern, whose slugs they would otherwise match.
    path("manual/subscribe/", views_subscriptions.subscribe, name="subscribe"),
    path("manual/subscribe/sent/", views_subscriptions.subscribe_sent, name="subscribe_sent"),
    path("manual/subscribe/confirm/<str:token>/", views_subscriptions.subscribe_confirm, name="subscribe_confirm"),
    path("manual/unsubscribe/<str:token>/", views_subscriptions.unsubscribe, name="unsubscribe"),
    path("manual/<slug:section>/<slug:chapter>/", views.chapter_detail, name="chapter_detail"),
    path("manual/<slug:section>/<slug:chapter>/changes/", views.chapter_changes, name="chapter_changes"),
    # Readers' tools (views_search.py): search, the Atom feed, a chapter as a PDF.
    path("manual/search/", views_search.search, name="search"),
    path("manual/feed/", views_search.feed, name="feed"),
    path("manual/<slug:section>/<slug:chapter>/pdf/", views_search.chapter_pdf, name="chapter_pdf"),
]
