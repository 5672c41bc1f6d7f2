"""A chapter of the manual as a PDF (issue 12), made with WeasyPrint as the grab pack is.

Every page carries "Uncontrolled when printed", the date it was printed and the version printed (its
number and the date it came into force), in the page margins, so a page separated from the rest still
says what it is. Nothing is fetched while printing: the chapter's rich text is cleaned to an allowlist
with no images, and the fetcher refuses every address, so a link in a chapter can never make the server
fetch it.
"""

from datetime import datetime

import weasyprint
from django.template.loader import render_to_string
from markupsafe import Markup

UNCONTROLLED = "Uncontrolled when printed"


def css_string(text: str) -> Markup:
    """`text` as a CSS string for the page margins' `content`, safe inside <style> (no quote, newline or
    angle bracket left as itself)."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>&\n\r' else c for c in str(text))
    return Markup(f'"{escaped}"')  # noqa: S704 - every character that could end the string or the element is escaped


def chapter_pdf(*, context: dict, printed_at: datetime) -> bytes:
    """The chapter drawn by `manual/chapter_pdf.html` with `context` (as the chapter page has it)."""
    html = render_to_string(
        "manual/chapter_pdf.html",
        {**context, "printed_at": printed_at, "uncontrolled": UNCONTROLLED, "css_string": css_string},
    )
    return weasyprint.HTML(string=html, url_fetcher=weasyprint.URLFetcher(allowed_protocols=())).write_pdf()
