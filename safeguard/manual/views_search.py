"""Readers' tools on the manual's public pages (issue 12): search, the Atom feed of releases and chapter
changes, and a chapter as a PDF. No sign-in; the host council's manual by the site answering."""

from datetime import datetime, time
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from . import selectors
from .forms import ManualSearchForm
from .models import ChangeKind, ManualIndexPage
from .pdf import chapter_pdf as render_chapter_pdf
from .search import manual_search, search_sections
from .views import _chapter, _on, chapter_href


def _manual(request: HttpRequest) -> ManualIndexPage:
    manual = selectors.manual_for_request(request)
    if manual is None:
        raise Http404
    return manual


def search(request: HttpRequest) -> HttpResponse:
    """/manual/search/?q=…&section=…: the chapters in force that use every word, best first."""
    manual = _manual(request)
    sections = search_sections(manual)
    form = ManualSearchForm(request.GET if "q" in request.GET else None, sections=sections)
    outcome = None
    if form.is_bound and form.is_valid():
        outcome = manual_search(
            manual,
            text=form.cleaned_data["q"],
            sections=sections,
            section_slug=form.cleaned_data["section"],
            page_number=request.GET.get("page"),
        )
    query = {"q": request.GET.get("q", ""), "section": request.GET.get("section", "")}
    return render(
        request,
        "manual/search.html",
        {
            "manual": manual,
            "form": form,
            "outcome": outcome,
            "chapter_href": chapter_href,
            "query": urlencode({k: v for k, v in query.items() if v}),
            "search_href": lambda q: (
                reverse("manual:search")
                + "?"
                + urlencode({"q": q, **({"section": query["section"]} if query["section"] else {})})
            ),  # fmt: skip
        },
    )


class ManualFeed(Feed):
    """/manual/feed/: an Atom feed of the manual's published releases and its chapters' changes (new,
    updated and removed; corrections are not listed), newest first."""

    feed_type = Atom1Feed
    ENTRIES = 50

    def get_object(self, request: HttpRequest) -> ManualIndexPage:
        self.request = request
        return _manual(request)

    def title(self, manual: ManualIndexPage) -> str:
        return f"{manual.title}: releases and changes"

    def subtitle(self, manual: ManualIndexPage) -> str:
        return "Each release of the manual, and each chapter added, updated or removed."

    def link(self, manual: ManualIndexPage) -> str:
        return reverse("manual:contents")

    def feed_url(self, manual: ManualIndexPage) -> str:
        return reverse("manual:feed")

    def items(self, manual: ManualIndexPage) -> list[dict]:
        entries = [self._release_entry(r) for r in selectors.releases_published(manual)[: self.ENTRIES]]
        entries += [self._version_entry(v) for v in selectors.chapter_changes_listed(manual, limit=self.ENTRIES)]
        entries.sort(key=lambda e: (e["updated"], e["order"]), reverse=True)
        return entries[: self.ENTRIES]

    def _release_entry(self, release) -> dict:
        changes = selectors.release_changes(release)
        counts = [
            f"{len(versions)} {word}"
            for versions, word in ((changes.updated, "updated"), (changes.new, "new"), (changes.removed, "removed"))
            if versions
        ]
        description = f"Release {release.name}: " + (", ".join(counts) if counts else "no chapter changes") + "."
        if release.next_update:
            description += f" Next update: {release.next_update:%B %Y}."
        return {
            "title": f"Release: {release.name}",
            "link": reverse("manual:release_detail", args=[release.slug]),
            "description": description,
            "updated": timezone.make_aware(datetime.combine(release.published_on, time.min)),
            "order": 1,
            "id": f"release-{release.pk}",
        }

    def _version_entry(self, version) -> dict:
        words = {ChangeKind.NEW: "New chapter", ChangeKind.UPDATED: "Updated", ChangeKind.REMOVED: "Removed"}
        changes = reverse("manual:chapter_changes", kwargs=_slugs(version.chapter))
        if version.kind == ChangeKind.UPDATED and version.previous_number:
            link = f"{changes}?{urlencode({'from_version': version.previous_number, 'to_version': version.number})}"
        elif version.kind == ChangeKind.REMOVED:
            published = version.release and version.release.published_on
            published = published and published <= timezone.localdate()
            link = reverse("manual:release_detail", args=[version.release.slug]) if published else changes
        else:
            link = chapter_href(version.chapter, on=timezone.localtime(version.in_force_from).date())
        release = version.release if version.release and version.release.published_on else None
        details = version.details or ""
        if release and release.published_on <= timezone.localdate():
            details = f"{details} (release {release.name})".strip()
        return {
            "title": f"{words[version.kind]}: {version.title}",
            "link": link,
            "description": details or words[version.kind],
            "updated": version.in_force_from,
            "order": 0,
            "id": f"chapter-version-{version.pk}",
        }

    def item_title(self, item: dict) -> str:
        return item["title"]

    def item_link(self, item: dict) -> str:
        return item["link"]

    def item_description(self, item: dict) -> str:
        return item["description"]

    def item_updateddate(self, item: dict) -> datetime:
        return item["updated"]

    def item_pubdate(self, item: dict) -> datetime:
        return item["updated"]

    def item_guid(self, item: dict) -> str:
        # A stable Atom id per entry (a tag URI: RFC 4151), whatever its link.
        host = self.request.get_host().split(":")[0]
        return f"tag:{host},2019:manual/{item['id']}"

    item_guid_is_permalink = False


def _slugs(chapter) -> dict:
    section_slug, chapter_slug = chapter.url_path.strip("/").split("/")[-2:]
    return {"section": section_slug, "chapter": chapter_slug}


feed = ManualFeed()


def chapter_pdf(request: HttpRequest, section: str, chapter: str) -> HttpResponse:
    """A chapter as in force now (or on ?on=YYYY-MM-DD) as a PDF: uncontrolled when printed."""
    manual, page = _chapter(request, section, chapter)
    _form, on = _on(request)
    version = selectors.chapter_version_in_force(page, on=on)
    if version is None:
        raise Http404
    shown = version.revision.as_object() if version.revision_id else page
    number = selectors.chapter_number(manual, page, on=on)
    pdf = render_chapter_pdf(
        context={
            "manual": manual,
            "chapter": page,
            "shown": shown,
            "version": version,
            "number": number,
            "section_title": page.get_parent().title,
            "on": on,
            "address": request.build_absolute_uri(chapter_href(page)),
            "related": [
                link.chapter.specific for link in shown.related_links.all() if link.chapter_id and link.chapter.live
            ],
        },
        printed_at=timezone.now(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{chapter}-version-{version.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
