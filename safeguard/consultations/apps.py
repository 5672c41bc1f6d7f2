from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "safeguard.consultations"
    label = "consultations"
    verbose_name = "Register your views and feedback"
