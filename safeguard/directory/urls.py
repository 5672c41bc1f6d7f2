from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("partnership/directory/", views.search, name="search"),
    path("partnership/directory/manage/", views.manage, name="manage"),
    path("partnership/directory/manage/services/add/", views.service_add, name="service_add"),
    path("partnership/directory/manage/services/<uuid:pk>/", views.service_edit, name="service_edit"),
    path("partnership/directory/manage/services/<uuid:pk>/remove/", views.service_remove, name="service_remove"),
    path("partnership/directory/manage/organisations/add/", views.organisation_add, name="organisation_add"),
    path("partnership/directory/manage/organisations/<uuid:pk>/", views.organisation_edit, name="organisation_edit"),
    path("partnership/directory/manage/categories/", views.categories, name="categories"),
    path("partnership/directory/manage/categories/add/", views.category_edit, name="category_add"),
    path("partnership/directory/manage/categories/<uuid:pk>/", views.category_edit, name="category_edit"),
    path("partnership/directory/<uuid:pk>/", views.service_detail, name="service_detail"),
]
