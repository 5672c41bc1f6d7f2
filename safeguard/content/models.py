"""The shared content foundation: one Wagtail page tree per host council.

Each host council has a `HostHomePage` at the root of its own Wagtail Site; the procedures manual and
the partnership site hang beneath it. Glossary in README.md beside this file.
"""

from django.db import models
from wagtail.models import Page


class HostHomePage(Page):
    """The root of a host council's content (its Wagtail Site's root page).

    Safeguard's own home page answers at "/", so this page is never shown itself: it only holds the
    council's content sections and ties them (and their editors' permissions) to the council.
    """

    host_council = models.OneToOneField("accounts.HostCouncil", on_delete=models.PROTECT, related_name="content_home")

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = None

    class Meta:
        verbose_name = "host council's content"
