"""The partnership site's pages are served by Wagtail (docs/adr/0025-partnership-site-on-wagtail-routing.md).

Wagtail's catch-all is not mounted: this view hands Wagtail only the paths under /partnership/, so the
manual's own pages (and everything else) keep their own views. Wagtail routes to live pages only (a
draft, an unpublished page or an unknown path is 404) and each page draws itself with its Jinja2
template, as the editor's preview draws it.
"""

from django.http import HttpRequest, HttpResponse
from wagtail.views import serve as wagtail_serve

from .models import HOME_SLUG


def serve(request: HttpRequest, path: str = "") -> HttpResponse:
    return wagtail_serve(request, f"{HOME_SLUG}/{path}")
