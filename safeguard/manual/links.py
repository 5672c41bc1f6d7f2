"""The link check of the procedures manual (issue 12, docs/adr/0020): every link in the live chapters
(their text and scope, "Relevant legislation and guidance", "Local resources"), checked by a timed rule
and listed for the editors when broken.

Links to the site are resolved here, without a request: a page of the manual (a chapter, a release)
must be live, a document must exist, any other address of the site must be one of its pages. Links
elsewhere are asked for with HEAD (GET when a server refuses HEAD), a short timeout, a User-Agent that
names the service and its address, a few at a time, each address once per run.
"""

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from safeguard.content.selectors import host_home_of_page
from safeguard.core.audit import audit_event_record

from . import selectors
from .models import ChapterPage, ManualIndexPage, ManualLink
from .subscriptions import manual_site_url

logger = logging.getLogger(__name__)
Where = ManualLink.Where


@dataclass(frozen=True)
class FoundLink:
    chapter: ChapterPage
    where: str
    text: str
    url: str  # an address, or "page:<id>" / "document:<id>" for the editor's chosen page or document


@dataclass(frozen=True)
class Result:
    ok: bool
    status_code: int | None = None
    problem: str = ""


class _Anchors(HTMLParser):
    """The links in a chapter's stored rich text: <a href> for addresses, <a linktype="page" id> and
    <a linktype="document" id> for what the editor chose in the admin."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag != "a":
            return
        attrs = dict(attrs)
        linktype = attrs.get("linktype")
        if linktype in ("page", "document") and attrs.get("id"):
            self._open = f"{linktype}:{attrs['id']}"
        else:
            self._open = (attrs.get("href") or "").strip() or None
        self._text = []

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.found.append((self._open, " ".join("".join(self._text).split())))
            self._open = None


def _checkable(url: str) -> bool:
    if url.startswith(("page:", "document:", "/")):
        return True
    return urlsplit(url).scheme in ("http", "https")


def links_of(chapter: ChapterPage) -> list[FoundLink]:
    """The links of a chapter as it is live (Wagtail keeps drafts in revisions, the live page in its row)."""
    found: list[FoundLink] = []
    for where, html in ((Where.SCOPE, chapter.scope), (Where.BODY, chapter.body)):
        parser = _Anchors()
        parser.feed(html or "")
        found += [FoundLink(chapter, where, text[:300], url) for url, text in parser.found if _checkable(url)]
    for reference in chapter.references.all():
        if reference.url:
            found.append(FoundLink(chapter, Where.REFERENCE, reference.title[:300], reference.url))
    for resource in chapter.local_resources.all():
        if resource.url:
            found.append(FoundLink(chapter, Where.RESOURCE, resource.title[:300], resource.url))
        if resource.document_id:
            found.append(FoundLink(chapter, Where.RESOURCE, resource.title[:300], f"document:{resource.document_id}"))
    return found


# --- checking ------------------------------------------------------------------------------------


def user_agent() -> str:
    return f"{settings.SAFEGUARD_SERVICE_NAME} link checker (+{settings.SAFEGUARD_BASE_URL})"


def check_external(url: str, *, timeout: float | None = None) -> Result:
    """Ask another site for `url`: HEAD, then GET if HEAD is refused (some servers answer 403, 405 or 501
    to it). A 4xx or 5xx answer, no answer within the timeout, or no connection is broken."""
    timeout = settings.MANUAL_LINK_CHECK_TIMEOUT_SECONDS if timeout is None else timeout
    headers = {"User-Agent": user_agent(), "Accept": "*/*"}
    try:
        with requests.Session() as session:
            response = session.head(url, headers=headers, timeout=timeout, allow_redirects=True)
            if response.status_code in (403, 405, 501):
                response = session.get(url, headers=headers, timeout=timeout, allow_redirects=True, stream=True)
                response.close()
    except requests.Timeout:
        return Result(False, None, f"No answer within {timeout:g} seconds")
    except requests.TooManyRedirects:
        return Result(False, None, "Too many redirects")
    except requests.ConnectionError:
        return Result(False, None, "Could not connect to the site")
    except requests.RequestException as error:
        return Result(False, None, f"Could not be checked ({type(error).__name__})")
    if response.status_code >= 400:
        words = {404: "Not found", 410: "Gone", 401: "Needs a sign-in", 403: "Refused", 500: "The site failed"}
        return Result(False, response.status_code, words.get(response.status_code, "The site answered with an error"))
    return Result(True, response.status_code)


def check_internal(url: str, manual: ManualIndexPage) -> Result:
    """A link to the site itself: the page or document the editor chose, or an address of the site."""
    if url.startswith("page:"):
        page = Page.objects.filter(pk=url.split(":", 1)[1]).first()
        if page is None:
            return Result(False, None, "The linked page has been deleted")
        if not page.live:
            return Result(False, None, "The linked page is not published")
        return Result(True)
    if url.startswith("document:"):
        if not get_document_model().objects.filter(pk=url.split(":", 1)[1]).exists():
            return Result(False, None, "The linked document has been deleted")
        return Result(True)
    path = urlsplit(url).path or "/"
    try:
        match = resolve(path)
    except Resolver404:
        return Result(False, 404, "Not found on this site")
    if match.view_name == "manual:chapter_detail":
        chapter = selectors.chapter_get(
            manual, section_slug=match.kwargs["section"], chapter_slug=match.kwargs["chapter"]
        )
        if chapter is None or selectors.chapter_version_in_force(chapter) is None:
            return Result(False, 404, "No such chapter in the manual")
    elif match.view_name == "manual:release_detail" and selectors.release_get(manual, match.kwargs["slug"]) is None:
        return Result(False, 404, "No such release of the manual")
    return Result(True, 200)


def _own_address(url: str, manual: ManualIndexPage) -> str | None:
    """The path of a full address of the manual's own site, so it is resolved here rather than fetched."""
    if url.startswith(("page:", "document:", "/")):
        return url
    base = urlsplit(manual_site_url(manual))
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) == (base.scheme, base.netloc):
        return parts.path or "/"
    return None


def manual_links(manual: ManualIndexPage) -> list[FoundLink]:
    chapters = ChapterPage.objects.live().descendant_of(manual).order_by("path")
    chapters = chapters.prefetch_related("references", "local_resources")
    return [link for chapter in chapters for link in links_of(chapter)]


@transaction.atomic
def _record(*, actor, manual: ManualIndexPage, found: list[FoundLink], results: dict[str, Result], now) -> int:
    before = {
        (link.chapter_id, link.where, link.url): link.broken_since
        for link in ManualLink.objects.filter(manual=manual, ok=False)
    }
    ManualLink.objects.filter(manual=manual).delete()
    rows = []
    for link in found:
        result = results[link.url]
        rows.append(
            ManualLink(
                manual=manual,
                chapter=link.chapter,
                where=link.where,
                text=link.text,
                url=link.url[:2000],
                ok=result.ok,
                status_code=result.status_code,
                problem=result.problem[:300],
                checked_at=now,
                broken_since=None if result.ok else before.get((link.chapter.pk, link.where, link.url[:2000]), now),
            )
        )
    ManualLink.objects.bulk_create(rows)
    broken = sum(1 for row in rows if not row.ok)
    home = host_home_of_page(manual)
    audit_event_record(
        actor=actor,
        action="manual.links_check",
        target=manual,
        host_council=home.host_council if home else None,
        changes={"links": len(rows), "broken": broken},
    )
    return broken


def manual_links_check(*, actor, manual: ManualIndexPage, now: datetime | None = None) -> int:
    """Check every link of the manual's live chapters and record what was found (replacing the last
    check's). Returns how many are broken. The requests are made outside any transaction."""
    found = manual_links(manual)
    internal: dict[str, str] = {}
    external: set[str] = set()
    for link in found:
        own = _own_address(link.url, manual)
        if own is not None:
            internal[link.url] = own
        else:
            external.add(link.url)
    results = {url: check_internal(path, manual) for url, path in internal.items()}
    with ThreadPoolExecutor(max_workers=max(1, settings.MANUAL_LINK_CHECK_CONCURRENCY)) as pool:
        results.update(zip(sorted(external), pool.map(check_external, sorted(external)), strict=True))
    return _record(actor=actor, manual=manual, found=found, results=results, now=now or timezone.now())


def manuals_links_check(*, actor) -> int:
    """The timed rule: every live manual's links. Returns how many are broken in all."""
    return sum(manual_links_check(actor=actor, manual=manual) for manual in ManualIndexPage.objects.live())


def links_broken(manual: ManualIndexPage) -> Iterable[ManualLink]:
    """The broken links the last check found, in the manual's order (for its editors)."""
    return ManualLink.objects.filter(manual=manual, ok=False).select_related("chapter").order_by("chapter__path", "pk")
