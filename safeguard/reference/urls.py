from django.urls import path

from . import views

app_name = "reference"
urlpatterns = [
    path("who-to-call/", views.who_to_call, name="who_to_call"),
]
