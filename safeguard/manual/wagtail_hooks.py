"""The manual in the editor's admin: releases as snippets, each editor seeing their own council's."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ChapterPage, ManualIndexPage, ManualRelease


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


@hooks.register("before_delete_page")
def chapters_with_history_are_never_deleted(request, page):
    """A chapter that has been in force keeps its history (the dated view and practice reviews read it):
    deleting it, or the section or manual above it, is refused with what to do instead."""
    from .models import ChapterVersion

    chapters = Page.objects.descendant_of(page, inclusive=True).type(ChapterPage)
    if not ChapterVersion.objects.filter(chapter__in=chapters).exists():
        return None
    messages.error(
        request,
        f"“{page.title}” cannot be deleted: it holds chapters that have been in force, and the manual keeps "
        "what every chapter said and when. Unpublish a chapter to take it out of the manual; it is then "
        "listed as removed in the next release.",
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk if page.depth > 1 else page.pk)
