"""The procedures manual's public pages: no sign-in, the host council's manual by the site answering."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from . import reading_selectors, selectors
from .changes import word_difference
from .forms import CompareForm, on_date_form
from .models import ChapterPage, ManualIndexPage


def _manual(request: HttpRequest) -> ManualIndexPage:
    manual = selectors.manual_for_request(request)
    if manual is None:
        raise Http404
    return manual


def chapter_href(chapter, on=None) -> str:
    """A chapter's address: /manual/<section>/<chapter>/ (from its Wagtail url_path below the host's root;
    `chapter` is a chapter page or anything else with its `url_path`)."""
    section_slug, chapter_slug = chapter.url_path.strip("/").split("/")[-2:]
    href = reverse("manual:chapter_detail", kwargs={"section": section_slug, "chapter": chapter_slug})
    return f"{href}?on={on:%Y-%m-%d}" if on else href


def _on(request: HttpRequest):
    form = on_date_form(request.GET)
    on = form.cleaned_data.get("on") if form.is_bound and form.is_valid() else None
    return form, on


def contents(request: HttpRequest) -> HttpResponse:
    """The contents: sections and numbered chapters, the latest release's marks and next update; with a
    date, every chapter as it was in force that day."""
    manual = _manual(request)
    form, on = _on(request)
    sections, release = selectors.contents(manual, on=on)
    return render(
        request,
        "manual/contents.html",
        {
            "manual": manual,
            "form": form,
            "on": on,
            "sections": sections,
            "release": release,
            "years": selectors.amendment_years(manual),
            "chapter_href": chapter_href,
        },
    )


def _chapter(request: HttpRequest, section: str, chapter: str) -> tuple[ManualIndexPage, ChapterPage]:
    manual = _manual(request)
    page = selectors.chapter_get(manual, section_slug=section, chapter_slug=chapter)
    if page is None:
        raise Http404
    return manual, page


def chapter_detail(request: HttpRequest, section: str, chapter: str) -> HttpResponse:
    """A chapter as in force now, or on ?on=YYYY-MM-DD."""
    manual, page = _chapter(request, section, chapter)
    form, on = _on(request)
    version = selectors.chapter_version_in_force(page, on=on)
    if version is None:
        raise Http404
    # The full page as it was published (references, resources, owner, review dates) is its revision.
    shown = version.revision.as_object() if version.revision_id else page
    versions = selectors.chapter_versions_published(page)
    return render(
        request,
        "manual/chapter_detail.html",
        {
            "manual": manual,
            "chapter": page,
            "shown": shown,
            "version": version,
            "is_current": versions and versions[-1].pk == version.pk,
            "previous": next((v for v in reversed(versions) if v.number < version.number), None),
            "on": on,
            "form": form,
            "section_title": page.get_parent().title,
            "chapter_href": chapter_href,
            "related": [
                link.chapter.specific for link in shown.related_links.all() if link.chapter_id and link.chapter.live
            ],
            # Read acknowledgements (docs/adr/0021): asked to read it, or may ask others to.
            "reading": reading_selectors.chapter_reading_for(request.user, page),
            "may_assign_reading": reading_selectors.may_assign_in(request.user, manual),
        },
    )


def chapter_changes(request: HttpRequest, section: str, chapter: str) -> HttpResponse:
    """What changed: a version against the one it replaced (by default the current one), or any two."""
    manual, page = _chapter(request, section, chapter)
    versions = selectors.chapter_versions_published(page)
    if not versions:
        raise Http404
    by_number = {str(v.number): v for v in versions}
    form = CompareForm(request.GET if "from_version" in request.GET else None, versions=versions)
    if form.is_bound and form.is_valid():
        old, new = by_number[form.cleaned_data["from_version"]], by_number[form.cleaned_data["to_version"]]
    else:
        new = versions[-1]
        old = next((v for v in reversed(versions) if v.number < new.number), None)
        if not form.is_bound:
            form = CompareForm(
                initial={"from_version": str(old.number) if old else "", "to_version": str(new.number)},
                versions=versions,
            )
    difference = word_difference(old.body, new.body) if old else None
    title_difference = word_difference(f"<p>{old.title}</p>", f"<p>{new.title}</p>") if old else None
    return render(
        request,
        "manual/chapter_changes.html",
        {
            "manual": manual,
            "chapter": page,
            "old": old,
            "new": new,
            "versions": versions,
            "difference": difference,
            "title_difference": title_difference,
            "form": form,
            "chapter_href": chapter_href,
        },
    )


def release_list(request: HttpRequest) -> HttpResponse:
    manual = _manual(request)
    return render(
        request,
        "manual/release_list.html",
        {
            "manual": manual,
            "releases": selectors.releases_published(manual),
            "years": selectors.amendment_years(manual),
        },
    )


def release_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A release: its updated, new and removed chapters with what the editors recorded, its note on
    removed chapters and the next update."""
    manual = _manual(request)
    release = selectors.release_get(manual, slug)
    if release is None:
        raise Http404
    return render(
        request,
        "manual/release_detail.html",
        {
            "manual": manual,
            "release": release,
            "changes": selectors.release_changes(release),
            "chapter_href": chapter_href,
        },
    )


def amendments_year(request: HttpRequest, year: int) -> HttpResponse:
    """A year's amendments: each release published that year, with its changes."""
    manual = _manual(request)
    releases = selectors.releases_published(manual, year=year)
    if not releases:
        raise Http404
    return render(
        request,
        "manual/amendments_year.html",
        {
            "manual": manual,
            "year": year,
            "releases": [(release, selectors.release_changes(release)) for release in releases],
            "chapter_href": chapter_href,
        },
    )
