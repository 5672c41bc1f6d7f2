"""The manual in the editor's admin: releases as snippets, each editor seeing their own council's; the
"Publish this release" action and the broken links page (docs/adr/0020)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from .admin_views import links_view, manuals_edited_by, release_publish_view
from .models import ChapterPage, ManualRelease


class _OwnCouncilsRelease:
    """Wagtail's snippet views check the model's permission only: a release of another council's manual
    is refused as if it were not there (the listing already shows only the editor's own)."""

    def get_object(self, queryset=None):
        release = super().get_object(queryset)
        if not manuals_edited_by(self.request.user).filter(pk=release.manual_id).exists():
            raise PermissionDenied
        return release


class ManualReleaseEditView(_OwnCouncilsRelease, EditView):
    pass


class ManualReleaseDeleteView(_OwnCouncilsRelease, DeleteView):
    pass


class ManualReleaseViewSet(SnippetViewSet):
    model = ManualRelease
    edit_view_class = ManualReleaseEditView
    delete_view_class = ManualReleaseDeleteView
    icon = "list-ul"
    menu_label = "Manual releases"
    add_to_admin_menu = True
    list_display = ["name", "published_on", "next_update"]

    def get_queryset(self, request):
        return ManualRelease.objects.filter(manual__in=manuals_edited_by(request.user)).order_by("-published_on", "-pk")


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


@hooks.register("register_admin_urls")
def _manual_admin_urls():
    return [
        path("manual/releases/<int:pk>/publish/", release_publish_view, name="manual_release_publish"),
        path("manual/links/", links_view, name="manual_links"),
    ]


@hooks.register("register_snippet_listing_buttons")
def _release_publish_button(snippet, user, next_url=None):
    if isinstance(snippet, ManualRelease) and snippet.published_on is None:
        yield ListingButton(
            "Publish this release",
            reverse("manual_release_publish", args=[snippet.pk]),
            priority=5,
            attrs={"aria-label": f"Publish {snippet.name}"},
        )


@hooks.register("register_admin_menu_item")
def _manual_links_menu_item():
    return MenuItem("Manual broken links", reverse("manual_links"), icon_name="warning", order=900)


# Procedure links (snippets) and the chapters whose review is due (docs/adr/0022-manual-editors-and-review.md).
from . import procedure_admin, review_admin  # noqa: E402, F401
