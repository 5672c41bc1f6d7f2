"""The manual in the editor's admin: releases as snippets, each editor seeing their own council's."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ManualIndexPage, ManualRelease


class ManualReleaseViewSet(SnippetViewSet):
    model = ManualRelease
    icon = "list-ul"
    menu_label = "Manual releases"
    add_to_admin_menu = True
    list_display = ["name", "published_on", "next_update"]

    def get_queryset(self, request):
        host = getattr(request.user, "host_council", None)
        return ManualRelease.objects.filter(manual__in=_manuals_of(host)).order_by("-published_on", "-pk")


def _manuals_of(host):
    if host is None:
        return ManualIndexPage.objects.none()
    home = getattr(host, "content_home", None)
    return ManualIndexPage.objects.none() if home is None else ManualIndexPage.objects.child_of(home)


register_snippet(ManualReleaseViewSet)

# Procedure links (snippets) and the chapters whose review is due (docs/adr/0022-manual-editors-and-review.md).
from . import procedure_admin, review_admin  # noqa: E402, F401
