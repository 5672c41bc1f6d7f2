from django.urls import path

from . import views

app_name = "education"
urlpatterns = [
    path("education/", views.child_list, name="child_list"),
    path("education/children/<int:pk>/", views.record_detail, name="record_detail"),
    path("education/children/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("education/children/<int:pk>/school/", views.school_place, name="school_place"),
    path("education/children/<int:pk>/school/left/", views.school_leave, name="school_leave"),
    path("education/children/<int:pk>/pep/", views.pep_add, name="pep_add"),
    path("education/attendance/", views.attendance_import, name="attendance_import"),
    path("education/attendance/<int:pk>/", views.attendance_import_detail, name="attendance_import_detail"),
    path("education/attendance/threshold/", views.attendance_threshold, name="attendance_threshold"),
    path("education/term-dates/", views.term_list, name="term_list"),
    path("education/term-dates/new/", views.term_edit, name="term_add"),
    path("education/term-dates/<int:pk>/", views.term_edit, name="term_edit"),
]
