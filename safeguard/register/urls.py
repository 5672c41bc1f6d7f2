from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("children/", views.child_list, name="child_list"),
    path("children/<int:pk>/", views.child_detail, name="child_detail"),
]
