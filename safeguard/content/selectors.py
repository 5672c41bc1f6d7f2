"""Reads of the content tree: which host's content a request or a page belongs to."""

from django.http import HttpRequest
from wagtail.models import Page, Site

from .models import HostHomePage


def host_home_for_request(request: HttpRequest) -> HostHomePage | None:
    """The host council whose Wagtail Site answers this request's host name (the default host's site
    answers any name no site claims)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return HostHomePage.objects.filter(pk=site.root_page_id).select_related("host_council").first()


def host_home_of_page(page: Page) -> HostHomePage | None:
    """The host council's content root that holds `page` (itself, or its ancestor)."""
    return (
        HostHomePage.objects.filter(path__startswith=page.path[: Page.steplen * 2], depth=2)
        .select_related("host_council")
        .first()
        if page.depth >= 2
        else None
    )
