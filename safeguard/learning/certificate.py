"""A certificate of attendance as a PDF, made with WeasyPrint as the manual's chapters and the grab pack
are. The person's name and the event's words are escaped by the template; nothing is fetched."""

import weasyprint
from django.template.loader import render_to_string


def certificate_pdf(*, context: dict) -> bytes:
    html = render_to_string("learning/certificate_pdf.html", context)
    return weasyprint.HTML(string=html, url_fetcher=weasyprint.URLFetcher(allowed_protocols=())).write_pdf()
