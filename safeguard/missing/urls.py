from django.urls import path

from . import dashboard, views

app_name = "missing"
urlpatterns = [
    path("children/<int:pk>/photographs/", views.photograph_upload, name="photograph_upload"),
    path("children/<int:pk>/grab-pack.pdf", views.grab_pack, name="grab_pack"),
    path("children/<int:pk>/missing-profile/", views.profile_edit, name="profile_edit"),
    path("children/<int:pk>/missing-profile/history/", views.profile_history, name="profile_history"),
    path("children/<int:pk>/missing-risk-assessment/", views.risk_assessment_edit, name="risk_assessment_edit"),
    path("risk-assessments/<int:pk>/document", views.risk_assessment_document, name="risk_assessment_document"),
    path("children/<int:pk>/missing/", views.episode_report, name="episode_report"),
    path("missing/<int:pk>/return/", views.episode_return, name="episode_return"),
    path("missing/<int:pk>/reported/", views.episode_reported, name="episode_reported"),
    path("missing/<int:pk>/returned/", views.episode_returned, name="episode_returned"),
    path("missing/<int:pk>/afterwards/", views.episode_after_return, name="episode_after_return"),
    path("missing/<int:pk>/police/", views.episode_police_update, name="episode_police_update"),
    path("missing/<int:pk>/sightings/", views.sighting_record, name="sighting_record"),
    path("missing/<int:pk>/found/", views.episode_found, name="episode_found"),
    path("missing/", dashboard.dashboard, name="dashboard"),
    path("missing/ssda903/<int:placing_authority>.csv", dashboard.ssda903_export, name="ssda903_export"),
    path("missing/return-interviews/", views.return_interview_list, name="return_interview_list"),
    path("missing/return-interviews/<int:pk>/", views.return_interview_record, name="return_interview_record"),
    path("photographs/<int:pk>/image", views.photograph_image, name="photograph_image"),
    path("photographs/<int:pk>/thumbnail", views.photograph_thumbnail, name="photograph_thumbnail"),
]
