from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("partnership/events/", views.event_list, name="events"),
    path("partnership/events/booked/", views.booked, name="booked"),
    path("partnership/events/manage/", views.manage, name="manage"),
    path("partnership/events/manage/figures/", views.figures, name="figures"),
    path("partnership/events/manage/figures.csv", views.figures_csv, name="figures_csv"),
    path("partnership/events/manage/<uuid:pk>/", views.manage_event, name="manage_event"),
    path("partnership/events/booking/<str:token>/", views.booking, name="booking"),
    path("partnership/events/booking/<str:token>/invite.ics", views.booking_calendar_file, name="booking_calendar"),
    path("partnership/events/booking/<str:token>/evaluation/", views.evaluation, name="evaluation"),
    path("partnership/events/booking/<str:token>/certificate.pdf", views.certificate, name="certificate"),
    path("partnership/events/<uuid:pk>/", views.event_detail, name="event"),
]
