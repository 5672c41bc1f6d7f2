from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top floor: composes every domain app (role home pages, navigation, the child's page, the
    demo). No other app imports it."""

    name = "safeguard.home"
    label = "home"

    def ready(self) -> None:
        # The register, below the domains, asks through its hooks what only they know (extensions.py):
        # who is missing now (the police's scope), which children have overdue work (a register filter),
        # and the flags on its list, shown in the order registered here.
        from safeguard.exploitation import selectors as exploitation
        from safeguard.missing import selectors as missing
        from safeguard.notifications import selectors as notifications
        from safeguard.register import extensions

        extensions.child_condition_register(extensions.MISSING_NOW, missing.missing_now_condition)
        extensions.child_condition_register(extensions.OVERDUE_WORK, notifications.overdue_work_condition)
        extensions.child_flag_source_register("missing", missing.register_flags)
        extensions.child_flag_source_register("exploitation", exploitation.register_flags)
        # The grab pack (missing's document) prints the child's open exploitation concerns, which
        # missing, below exploitation, cannot read itself.
        from safeguard.missing import extensions as missing_extensions

        missing_extensions.grab_pack_section_register("exploitation", exploitation.grab_pack_section)
        # Education opens a child's record when the register places them (so the Virtual School's list
        # reads records alone), and hears of open missing episodes for its attendance alert.
        from safeguard.education import extensions as education_extensions
        from safeguard.education import services as education

        extensions.placement_listener_register("education", education.education_record_sync)
        education_extensions.open_missing_source_register(missing.open_episode_starts)
        # A placing council's case system sends its children's attendance with its API token.
        from . import attendance_api  # noqa: F401 (adds its route to the API)
