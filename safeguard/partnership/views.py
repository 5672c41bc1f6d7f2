"""The partnership site's pages are served by Wagtail (docs/adr/0025-partnership-site-on-wagtail-routing.md).

Wagtail's catch-all is not mounted: this view hands Wagtail only the paths under /partnership/, so the
manual's own pages (and everything else) keep their own views. Wagtail routes to live pages only (a
draft, an unpublished page or an unknown path is 404) and each page draws itself with its Jinja2
template, as the editor's preview draws it. The placing councils' information pack is also a PDF.
"""

import weasyprint
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.views import serve as wagtail_serve

from safeguard.content.selectors import host_home_for_request
from safeguard.directory.oruk import schedule_words

from .models import HOME_SLUG, PartnershipHomePage, PartnershipPage, information_pack_for, pack_links


def serve(request: HttpRequest, path: str = "") -> HttpResponse:
    return wagtail_serve(request, f"{HOME_SLUG}/{path}")


@require_GET
def information_pack_pdf(request: HttpRequest) -> HttpResponse:
    """The placing councils' information pack (seed 001) as a PDF, from the live page that shows it on the
    site answering the request: printed with WeasyPrint as the manual's chapters are, fetching nothing."""
    home = host_home_for_request(request)
    site = PartnershipHomePage.objects.child_of(home).live().first() if home is not None else None
    page = (
        PartnershipPage.objects.descendant_of(site).live().filter(information_pack=True).first()
        if site is not None
        else None
    )
    if page is None or not all(ancestor.live for ancestor in page.get_ancestors().descendant_of(site)):
        raise Http404
    html = render_to_string(
        "partnership/information_pack_pdf.html",
        {
            "page": page,
            "pack": information_pack_for(home.host_council),
            "pack_links": pack_links(request, absolute=True),
            "schedule_words": schedule_words,
            "address": request.build_absolute_uri(page.get_url(request)),
            "printed_at": timezone.now(),
        },
        request=request,
    )
    pdf = weasyprint.HTML(string=html, url_fetcher=weasyprint.URLFetcher(allowed_protocols=())).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="information-pack-for-placing-councils.pdf"'
    return response
