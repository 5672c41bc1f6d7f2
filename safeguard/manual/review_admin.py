"""The editor's admin: the chapters whose review is due, for the editor's own council (menu "Reviews due"
and a panel on the admin's dashboard)."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .reviews_due import DUE_SOON_DAYS, reviews_due

# Wagtail's admin templates are Django templates: these are drawn by Django's engine, not our Jinja2.
ENGINE = "django"


def reviews_due_view(request: HttpRequest) -> HttpResponse:
    """Chapters of the editor's council overdue for review or due within 30 days, with their owners."""
    due = reviews_due(request.user.host_council, today=timezone.localdate())
    return TemplateResponse(
        request,
        "manual/cms/reviews_due.html",
        {"due": due, "days": DUE_SOON_DAYS, "page_title": "Chapter reviews due", "header_icon": "date"},
        using=ENGINE,
    )


class ReviewsDuePanel(Component):
    name = "manual_reviews_due"
    order = 150

    def __init__(self, request: HttpRequest):
        self.request = request

    def render_html(self, parent_context=None) -> str:
        due = reviews_due(self.request.user.host_council, today=timezone.localdate())
        return render_to_string(
            "manual/cms/reviews_due_panel.html",
            {"due": due, "days": DUE_SOON_DAYS, "href": reverse("manual_reviews_due")},
            request=self.request,
            using=ENGINE,
        )


@hooks.register("register_admin_urls")
def register_reviews_due_url():
    return [path("manual/reviews-due/", reviews_due_view, name="manual_reviews_due")]


@hooks.register("register_admin_menu_item")
def register_reviews_due_menu_item():
    return MenuItem("Reviews due", reverse("manual_reviews_due"), icon_name="date", order=1000)


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    panels.append(ReviewsDuePanel(request))
