from django.urls import path

from . import health, metrics, views

app_name = "core"
urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("privacy/", views.privacy, name="privacy"),
    path("health/live", health.health_live, name="health_live"),
    path("health/ready", health.health_ready, name="health_ready"),
    path("metrics", metrics.metrics_view, name="metrics"),
]
