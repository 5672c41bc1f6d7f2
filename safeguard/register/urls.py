from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("children/", views.child_list, name="child_list"),
    path("children/<int:pk>/correct/", views.child_correct, name="child_correct"),
    path("children/export.<str:fmt>", views.child_export, name="child_export"),
]
