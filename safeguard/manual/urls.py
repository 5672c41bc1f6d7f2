from django.urls import path

from . import views, views_subscriptions

app_name = "manual"

urlpatterns = [
    path("manual/", views.contents, name="contents"),
    path("manual/releases/", views.release_list, name="release_list"),
    path("manual/releases/<slug:slug>/", views.release_detail, name="release_detail"),
    path("manual/amendments/<int:year>/", views.amendments_year, name="amendments_year"),
    # Subscriptions (docs/adr/0020): before the chapters' pattern, whose slugs they would otherwise match.
    path("manual/subscribe/", views_subscriptions.subscribe, name="subscribe"),
    path("manual/subscribe/sent/", views_subscriptions.subscribe_sent, name="subscribe_sent"),
    path("manual/subscribe/confirm/<str:token>/", views_subscriptions.subscribe_confirm, name="subscribe_confirm"),
    path("manual/unsubscribe/<str:token>/", views_subscriptions.unsubscribe, name="unsubscribe"),
    path("manual/<slug:section>/<slug:chapter>/", views.chapter_detail, name="chapter_detail"),
    path("manual/<slug:section>/<slug:chapter>/changes/", views.chapter_changes, name="chapter_changes"),
]
