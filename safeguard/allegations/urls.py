from django.urls import path

from . import views

app_name = "allegations"
urlpatterns = [
    path("lado/cases/", views.case_list, name="case_list"),
    path("lado/cases/<int:pk>/", views.case_detail, name="case_detail"),
]
