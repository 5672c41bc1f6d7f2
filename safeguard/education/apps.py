from django.apps import AppConfig


class EducationConfig(AppConfig):
    """The Virtual School's record of placed children: schools (DfE GIAS), school places counted in school
    days, personal education plans. Beside missing and notifications, above the register."""

    name = "safeguard.education"
    label = "education"
    verbose_name = "Education"
