from django.urls import path

from . import child_page, views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("children/<int:pk>/", child_page.child_detail, name="child_detail"),
]
