from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("records/schedule/", views.schedule, name="schedule"),
    path("records/schedule/print/", views.schedule_print, name="schedule_print"),
    path("records/schedule/export.csv", views.schedule_csv, name="schedule_csv"),
    path("records/schedule/<slug:record_class>/change/", views.rule_edit, name="rule_edit"),
    path("records/holds/", views.hold_list, name="hold_list"),
    path("records/holds/place/", views.hold_place, name="hold_place"),
    path("records/holds/<int:pk>/", views.hold_detail, name="hold_detail"),
    path("records/holds/<int:pk>/lift/", views.hold_lift, name="hold_lift"),
    path("records/review/", views.review_list, name="review_list"),
    path("records/review/<int:pk>/", views.review_item, name="review_item"),
]
