from django.urls import path

from . import views

app_name = "reference"
urlpatterns = [
    path("who-to-call/", views.who_to_call, name="who_to_call"),
    path("settings/", views.settings_overview, name="settings_overview"),
    path("settings/area/", views.host_area_edit, name="host_area_edit"),
    path("settings/teams/", views.team_list, name="team_list"),
    path("settings/teams/add/", views.team_add, name="team_add"),
    path("settings/teams/<int:pk>/", views.team_edit, name="team_edit"),
    path("settings/contacts/", views.contact_list, name="contact_list"),
    path("settings/contacts/add/", views.contact_add, name="contact_add"),
    path("settings/contacts/<int:pk>/", views.contact_edit, name="contact_edit"),
    path("settings/contacts/<int:pk>/remove/", views.contact_remove, name="contact_remove"),
    path("settings/placing-councils/", views.placing_council_list, name="placing_council_list"),
    path("settings/placing-councils/<int:pk>/", views.placing_council_edit, name="placing_council_edit"),
]
