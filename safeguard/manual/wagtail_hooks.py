"""The manual in the editor's admin: releases as snippets, each editor seeing their own council's; the
"Publish this release" action and the broken links page (docs/adr/0020)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import links_view, manuals_edited_by, release_publish_view
from .models import ManualRelease


class ManualReleaseViewSet(SnippetViewSet):
    model = ManualRelease
    icon = "list-ul"
    menu_label = "Manual releases"
    add_to_admin_menu = True
    list_display = ["name", "published_on", "next_update"]

    def get_queryset(self, request):
        return ManualRelease.objects.filter(manual__in=manuals_edited_by(request.user)).order_by("-published_on", "-pk")


register_snippet(ManualReleaseViewSet)


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
