from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("partnership/consultations/", views.consultation_list, name="list"),
    path("partnership/consultations/<slug:slug>/", views.consultation_detail, name="detail"),
    path("partnership/consultations/<slug:slug>/sent/", views.consultation_sent, name="sent"),
    path("partnership/feedback/", views.feedback, name="feedback"),
    path("partnership/feedback/sent/", views.feedback_sent, name="feedback_sent"),
    path("partnership/business-unit/", views.business_unit, name="business_unit"),
    path("partnership/business-unit/consultations/<int:pk>/", views.responses, name="responses"),
    path("partnership/business-unit/consultations/<int:pk>/responses.csv", views.responses_csv, name="responses_csv"),
    path("partnership/business-unit/feedback/", views.feedback_list, name="feedback_list"),
    path("partnership/business-unit/feedback/<uuid:pk>/", views.feedback_detail, name="feedback_detail"),
]
