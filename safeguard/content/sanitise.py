"""Rich text reduced to an allowlist before it reaches a page.

Wagtail's editor (Draftail) only produces the features it is configured with, but rich text also comes
from imports, the demo loader and the database itself; every page draws it through `rich_text`, which
expands Wagtail's internal links and then cleans the result with nh3 (ammonia): no script or style, no
event handler attributes, and links only to http(s), mailto, tel or a path on this site.
"""

import nh3
from markupsafe import Markup
from wagtail.rich_text import expand_db_html

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "b", "em", "i", "a",
    "blockquote", "hr", "table", "thead", "tbody", "tr", "th", "td", "caption", "abbr", "sub", "sup", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def html_clean(html: str) -> str:
    """The allowlisted part of `html`: what may be stored or shown. Links gain rel="noopener noreferrer"."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def rich_text(html: str | None) -> Markup:
    """Stored rich text (Wagtail's database form) as safe HTML for a page, with GOV.UK classes."""
    cleaned = html_clean(expand_db_html(html or ""))
    for tag, cls in (("<p>", '<p class="govuk-body">'), ("<ul>", '<ul class="govuk-list govuk-list--bullet">'),
                     ("<ol>", '<ol class="govuk-list govuk-list--number">'), ("<h2>", '<h2 class="govuk-heading-m">'),
                     ("<h3>", '<h3 class="govuk-heading-s">'), ("<a ", '<a class="govuk-link" ')):  # fmt: skip
        cleaned = cleaned.replace(tag, cls)
    return Markup(cleaned)  # noqa: S704 - cleaned to the allowlist above
