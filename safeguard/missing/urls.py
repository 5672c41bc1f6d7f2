from django.urls import path

from . import views

app_name = "missing"
urlpatterns = [
    path("children/<int:pk>/photographs/", views.photograph_upload, name="photograph_upload"),
    path("children/<int:pk>/grab-pack.pdf", views.grab_pack, name="grab_pack"),
    path("children/<int:pk>/missing-profile/", views.profile_edit, name="profile_edit"),
    path("children/<int:pk>/missing/", views.episode_report, name="episode_report"),
    path("missing/<int:pk>/return/", views.episode_return, name="episode_return"),
    path("missing/return-interviews/", views.return_interview_list, name="return_interview_list"),
    path("missing/return-interviews/<int:pk>/", views.return_interview_record, name="return_interview_record"),
    path("photographs/<int:pk>/image", views.photograph_image, name="photograph_image"),
    path("photographs/<int:pk>/thumbnail", views.photograph_thumbnail, name="photograph_thumbnail"),
]
