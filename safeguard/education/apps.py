from django.apps import AppConfig


class EducationConfig(AppConfig):
    """The Virtual School's record of placed children: schools (DfE GIAS), school places counted in school
    days, personal education plans. Beside missing and notifications, above the register."""

    name = "safeguard.education"
    label = "education"
    verbose_name = "Education"

    def ready(self) -> None:
        # A host's term dates may come in its configuration file (`term_dates`), seeded with the host.
        from safeguard.reference.host_sections import HostSection, host_section_register

        from . import services

        host_section_register(
            HostSection(
                key="term_dates",
                title="School term dates",
                url_name="education:term_list",
                check=services.term_dates_config_check,
                seed=services.term_dates_seed,
                summary=services.term_dates_summary,
                standard=[],
            )
        )
        host_section_register(
            HostSection(
                key="attendance_threshold_percent",
                title="Attendance threshold",
                url_name="education:attendance_import",
                check=services.attendance_threshold_check,
                seed=services.attendance_threshold_seed,
                summary=services.attendance_threshold_summary,
                standard=90,
            )
        )
