from django.urls import path

from . import metrics, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.health, name="health"),
    path("audit/", views.audit_event_list, name="audit_event_list"),
    path("metrics", metrics.metrics_view, name="metrics"),
]
