"""The manual's pages in the editor's admin (/cms/, behind its gate: a host council's editors only):
publishing a release, with a confirmation step, and the broken links the link check found."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from safeguard.core.errors import ServiceRefusal

from .links import links_broken
from .models import ManualIndexPage, ManualLink, ManualRelease
from .releases import release_publish
from .views import chapter_href


def manuals_edited_by(user):
    """The manuals of the editor's own host council."""
    host = getattr(user, "host_council", None)
    home = getattr(host, "content_home", None) if host is not None else None
    return ManualIndexPage.objects.none() if home is None else ManualIndexPage.objects.child_of(home)


def releases_edited_by(user):
    return ManualRelease.objects.filter(manual__in=manuals_edited_by(user))


def _render(request, template: str, context: dict, status: int = 200) -> TemplateResponse:
    # The admin's own templates (Django's engine), not our Jinja2 pages.
    return TemplateResponse(request, template, context, status=status, using="django")


def release_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Publish this release": the release, what it lists and who will be emailed; publishing on POST."""
    release = get_object_or_404(releases_edited_by(request.user).select_related("manual"), pk=pk)
    list_url = reverse("wagtailsnippets_manual_manualrelease:list")
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            release_publish(actor=request.user, release=release)
        except ServiceRefusal as refusal:
            errors = refusal.errors
        else:
            messages.success(request, f"“{release.name}” is published. Its email goes to the subscribers.")
            return redirect(list_url)
    versions = list(release.chapter_versions.select_related("chapter").order_by("chapter__path", "number"))
    return _render(
        request,
        "manual/admin/release_publish.html",
        {
            "release": release,
            "versions": versions,
            "subscribers": release.manual.email_subscribers.filter(confirmed_at__isnull=False).count(),
            "today": timezone.localdate(),
            "errors": errors,
            "list_url": list_url,
            "header_title": f"Publish {release.name}",
            "page_title": f"Publish {release.name}",
            "header_icon": "list-ul",
        },
        status=400 if errors else 200,
    )


def links_view(request: HttpRequest) -> HttpResponse:
    """The broken links of the editor's council's manual, from the last link check."""
    manuals = list(manuals_edited_by(request.user))
    rows = []
    for manual in manuals:
        for link in links_broken(manual):
            rows.append(
                {
                    "link": link,
                    "chapter_url": chapter_href(link.chapter),
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[link.chapter_id]),
                }
            )
    checked = (
        ManualLink.objects.filter(manual__in=manuals)
        .order_by("-checked_at")
        .values_list("checked_at", flat=True)
        .first()
    )
    return _render(
        request,
        "manual/admin/links.html",
        {
            "rows": rows,
            "checked_at": checked,
            "checked": ManualLink.objects.filter(manual__in=manuals).count(),
            "header_title": "Broken links in the manual",
            "page_title": "Broken links in the manual",
            "header_icon": "warning",
        },
    )
