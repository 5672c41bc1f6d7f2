"""Readers' tools on Luton's seeded manual (seed 002): search, the Atom feed and a chapter as a PDF."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

MISSING = "/manual/children-in-need-and-child-protection/safeguarding-children-who-run-away-or-go-missing/"
MISSING_TITLE = "Safeguarding Children who Run Away or Go Missing"
ATOM = "{http://www.w3.org/2005/Atom}"


def _search(client, **params):
    response = client.get(reverse("manual:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def _titles(page: str) -> list[str]:
    return [
        re.sub(r"^[\d.]+ ", "", re.sub(r"<[^>]+>", "", m))
        for m in re.findall(r'<h2 class="govuk-heading-s[^"]*"><a [^>]*>(.*?)</a></h2>', page)
    ]


def _publish(chapter, body: str, *, kind="updated", details="Changed for a test."):
    from safeguard.core.audit import SystemActor
    from safeguard.manual.services import chapter_publish

    chapter.body, chapter.change_kind, chapter.change_details = body, kind, details
    return chapter_publish(actor=SystemActor("test"), chapter=chapter)


# --- search -------------------------------------------------------------------------------------------


def test_search_finds_a_chapter_by_a_word_in_its_body_with_the_word_highlighted(client, luton_manual):
    page = _search(client, q="Bedfordshire")
    assert _titles(page)[0] == MISSING_TITLE
    assert "1 result" in page or "results" in page
    assert '<mark class="safeguard-mark">Bedfordshire</mark>' in page
    assert f'href="{MISSING}"' in page


def test_search_matches_other_forms_of_a_word_and_marks_them(client, luton_manual):
    # English stemming: "interviews" finds the chapter that says "interview".
    page = _search(client, q="interviews")
    assert MISSING_TITLE in _titles(page)
    assert re.search(r'<mark class="safeguard-mark">[Ii]nterview</mark>', page)


def test_a_word_in_the_title_ranks_above_the_same_word_only_in_a_body(client, luton_manual):
    from safeguard.manual.models import ChapterPage

    booklet = ChapterPage.objects.get(title="Supervision Guidance")
    _publish(booklet, "<p>Adoption is mentioned here once, in passing, and nothing more about adoption.</p>")
    titles = _titles(_search(client, q="adoption"))
    assert set(titles[:2]) == {"Placement for Adoption", "Assessment and Approvals of Prospective Adopters"} or (
        titles[0] == "Placement for Adoption"
    )
    assert titles.index("Placement for Adoption") < titles.index("Supervision Guidance")


def test_every_word_must_match_and_the_count_is_shown(client, luton_manual):
    page = _search(client, q="Bedfordshire interview")
    assert _titles(page) == [MISSING_TITLE]
    assert "1 result<" in page
    assert _titles(_search(client, q="Bedfordshire adopters")) == []


def test_filter_by_section(client, luton_manual):
    everywhere = _titles(_search(client, q="chapter"))
    assert len(everywhere) > 5
    adoption = _search(client, q="chapter", section="adoption")
    assert set(_titles(adoption)) == {"Placement for Adoption", "Assessment and Approvals of Prospective Adopters"}
    assert "in Adoption" in adoption
    wrong = _search(client, q="chapter", section="no-such-section")
    assert "Choose a section from the list" in wrong and "govuk-error-summary" in wrong


def test_did_you_mean_for_a_misspelt_word(client, luton_manual):
    page = _search(client, q="misisng")
    # Nothing uses the misspelt word: the suggestion's results are shown, the chapter first.
    assert "No chapters use “misisng”. Showing results for <strong>“missing”</strong> instead." in page
    assert _titles(page)[0] == MISSING_TITLE
    assert '<mark class="safeguard-mark">missing</mark>' in page


def test_one_misspelt_word_among_others_is_corrected(client, luton_manual):
    page = _search(client, q="child Bedfordshre")
    assert "Showing results for <strong>“child bedfordshire”</strong> instead." in page
    assert _titles(page) == [MISSING_TITLE]


def test_suggestions_leave_known_words_and_other_forms_of_them_alone(luton_manual):
    from safeguard.manual.search import suggestion_for

    assert suggestion_for(luton_manual, ["Missing", "children"]) == ""
    # "placements" is found by stemming where the manual says "placement": nothing to correct.
    assert suggestion_for(luton_manual, ["placements"]) == ""
    assert suggestion_for(luton_manual, ["adoptoin", "panel"]) == "adoption panel"
    assert suggestion_for(luton_manual, ["qqqqzzzz"]) == ""
    assert suggestion_for(luton_manual, ["a", "12"]) == ""


def test_search_never_shows_a_draft_or_a_removed_chapter(client, luton_manual):
    from safeguard.manual.models import ChapterPage

    chapter = ChapterPage.objects.get(title="Placement for Adoption")
    chapter.body = "<p>A zygomorphic draft sentence nobody has approved.</p>"
    chapter.save_revision()
    never_published = ChapterPage(
        title="Zygomorphic chapter", body="<p>Zygomorphic only</p>", live=False, change_kind="new", change_details="x"
    )
    chapter.get_parent().add_child(instance=never_published)
    never_published.save_revision()
    page = _search(client, q="zygomorphic")
    assert "0 results" in page and "Zygomorphic chapter" not in page
    # A chapter removed in December 2019 is in no result, though its words were once in the manual.
    assert "Corporate Parenting Policy" not in _search(client, q="corporate parenting")
    # The vocabulary is of chapters in force: a draft's word is not suggested either.
    assert "zygomorphic" not in _search(client, q="zygomorphik")


def test_a_newly_published_word_is_found_and_known(client, luton_manual):
    from safeguard.manual.models import ChapterPage

    chapter = ChapterPage.objects.get(title="Private Fostering")
    assert "Did you mean" in _search(client, q="kinship arrangments") or "0 results" in _search(client, q="kinship")
    _publish(chapter, "<p>Kinship arrangements are recorded within ten working days.</p>")
    page = _search(client, q="kinship arrangments")
    # English stemming finds "arrangements" for "arrangments" too: the results, and the spelling offered.
    assert _titles(page) == ["Private Fostering"]
    assert (
        'Did you mean <a class="govuk-link" href="/manual/search/?q=kinship+arrangements">kinship arrangements</a>?'
        in page
    )
    assert _titles(_search(client, q="kinshp")) == ["Private Fostering"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Enter words to search for"),
        ({"q": "   "}, "Enter words to search for"),
        ({"q": "x" * 201}, "Search words must be 200 characters or fewer"),
        ({"q": "!!! ((( &&& |||"}, "Enter words made of letters or numbers"),
    ],
)
def test_bad_queries_get_a_clear_message(client, luton_manual, params, message):
    page = _search(client, **params)
    assert message in page and "govuk-error-summary" in page


@pytest.mark.parametrize(
    "query",
    ["'", '"missing', "missing & | ! :* <-> ()", "<script>alert(1)</script>", "child's", "null\\", "2019", "the"],
)
def test_odd_characters_never_error(client, luton_manual, query):
    page = _search(client, q=query)
    assert "results" in page or "result<" in page or "Enter words made of letters or numbers" in page
    assert "<script>alert(1)" not in page


def test_the_search_page_without_a_query_and_many_results_paginated(client, luton_manual):
    page = _search(client)
    assert "Search the manual" in page and "govuk-error-summary" not in page
    from safeguard.manual import search

    first = _search(client, q="chapter")
    total = int(re.search(r"(\d+) results", first)[1])
    assert total > 5
    search_per_page, search.RESULTS_PER_PAGE = search.RESULTS_PER_PAGE, 5
    try:
        first = _search(client, q="chapter")
        second = _search(client, q="chapter", page="2")
    finally:
        search.RESULTS_PER_PAGE = search_per_page
    assert len(_titles(first)) == 5 and "?q=chapter&amp;page=2" in first
    assert set(_titles(first)).isdisjoint(_titles(second))
    assert _search(client, q="chapter", page="999")  # the last page, not an error


def test_search_boxes_on_the_contents_and_chapter_pages(client, luton_manual):
    for url in (reverse("manual:contents"), MISSING):
        page = client.get(url).content.decode()
        assert 'action="/manual/search/"' in page and 'role="search"' in page


# --- the feed -----------------------------------------------------------------------------------------


def _feed(client):
    response = client.get(reverse("manual:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return root, [
        {
            "title": e.find(f"{ATOM}title").text,
            "link": e.find(f"{ATOM}link").get("href"),
            "updated": e.find(f"{ATOM}updated").text,
            "summary": (e.find(f"{ATOM}summary").text or "") if e.find(f"{ATOM}summary") is not None else "",
        }
        for e in root.findall(f"{ATOM}entry")
    ]


def test_feed_lists_releases_and_chapter_changes_newest_first(client, luton_manual):
    root, entries = _feed(client)
    assert root.find(f"{ATOM}title").text == "Children's Services Procedures Manual: releases and changes"
    titles = [e["title"] for e in entries]
    assert "Release: December 2019" in titles
    assert f"Updated: {MISSING_TITLE}" in titles
    assert "New chapter: Luton Practice Standards Booklet" in titles
    assert "Removed: Corporate Parenting Policy" in titles
    updated = [e["updated"] for e in entries]
    assert updated == sorted(updated, reverse=True)
    by_title = {}
    for entry in entries:
        by_title.setdefault(entry["title"], entry)  # the newest of each
    assert by_title["Release: December 2019"]["link"].endswith("/manual/releases/december-2019/")
    assert "17 updated, 4 new, 10 removed" in by_title["Release: December 2019"]["summary"]
    assert by_title[f"Updated: {MISSING_TITLE}"]["link"].endswith(f"{MISSING}changes/?from_version=2&to_version=3")
    assert "Pan Bedfordshire" in by_title[f"Updated: {MISSING_TITLE}"]["summary"]
    assert by_title["Removed: Corporate Parenting Policy"]["link"].endswith("/manual/releases/december-2019/")
    # Every entry's link opens.
    for entry in entries[:15]:
        assert client.get(entry["link"].replace("http://testserver", "")).status_code == 200, entry


def test_feed_leaves_out_corrections_and_releases_not_yet_published(client, luton_manual):
    from safeguard.core.audit import SystemActor
    from safeguard.manual.models import ChapterPage
    from safeguard.manual.services import release_create

    actor = SystemActor("test")
    release_create(actor=actor, manual=luton_manual, name="June 2020", slug="june-2020")
    tomorrow = timezone.localdate() + timedelta(days=1)
    release_create(actor=actor, manual=luton_manual, name="Tomorrow 2026", slug="tomorrow", published_on=tomorrow)
    _publish(ChapterPage.objects.get(title="Local Contacts"), "<p>A typo fixed.</p>", kind="correction", details="")
    _root, entries = _feed(client)
    titles = [e["title"] for e in entries]
    assert "Release: June 2020" not in titles and "Release: Tomorrow 2026" not in titles
    assert not any(t.endswith("Local Contacts") and e["updated"].startswith(str(date.today().year))
                   for t, e in zip(titles, entries, strict=True))  # fmt: skip


def test_feed_is_discoverable_and_linked(client, luton_manual):
    page = client.get(reverse("manual:contents")).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page and 'href="/manual/feed/"' in page
    assert "(Atom feed)</a>" in page
    assert 'type="application/atom+xml"' in client.get(MISSING).content.decode()


# --- a chapter as a PDF -------------------------------------------------------------------------------


def _pdf_pages(response) -> list[str]:
    from pypdf import PdfReader

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return [" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(response.content)).pages]


def test_a_chapter_as_a_pdf_is_marked_uncontrolled_on_every_page(client, luton_manual):
    from safeguard.manual.models import ChapterPage

    chapter = ChapterPage.objects.get(title="Placement for Adoption")
    long_body = "".join(f"<h2>Part {n}</h2><p>{'Adoption panels meet monthly. ' * 40}</p>" for n in range(1, 9))
    _publish(chapter, long_body)
    pages = _pdf_pages(client.get("/manual/adoption/placement-for-adoption/pdf/"))
    assert len(pages) >= 2
    today = f"{timezone.localdate():%-d %B %Y}"
    for text in pages:
        assert "Uncontrolled when printed" in text
        assert f"Printed on {today}" in text
        assert "Version 3, in force from" in text or "Version 2, in force from" in text
    assert "Placement for Adoption" in pages[0] and "Part 8" in " ".join(pages)


def test_a_pdf_of_the_version_in_force_on_a_date(client, luton_manual):
    pages = _pdf_pages(client.get(MISSING + "pdf/", {"on": "2019-12-01"}))
    text = " ".join(pages)
    assert "on the same day" in text and "Pan Bedfordshire" not in text
    assert "Version 2, in force from 3 June 2019 (as on 1 December 2019)" in text
    now = " ".join(_pdf_pages(client.get(MISSING + "pdf/")))
    assert "Pan Bedfordshire" in now and "Version 3, in force from 2 December 2019" in now
    assert "2.4 Safeguarding Children who Run Away or Go Missing" in now
    assert "Bedfordshire Police" in now and "Children Act 1989" in now


def test_the_chapter_page_links_its_pdf_and_has_a_print_stylesheet(client, luton_manual):
    page = client.get(MISSING).content.decode()
    assert f'href="{MISSING}pdf/"' in page and "Download this chapter as a PDF" in page
    assert 'media="print"' in page and "manual/print" in page
    dated = client.get(MISSING, {"on": "2019-12-01"}).content.decode()
    assert f'href="{MISSING}pdf/?on=2019-12-01"' in dated


def test_an_unknown_or_removed_chapter_has_no_pdf(client, luton_manual):
    assert client.get("/manual/adoption/no-such-chapter/pdf/").status_code == 404
    assert client.get("/manual/local-policies/corporate-parenting-policy/pdf/").status_code == 404
    booklet = "/manual/practice-standards-and-local-contacts/luton-practice-standards-booklet/pdf/"
    assert client.get(booklet, {"on": "2019-12-01"}).status_code == 404
