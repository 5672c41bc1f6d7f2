"""The manual's public pages, on Luton's seeded content (seed 002)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MISSING = "/manual/children-in-need-and-child-protection/safeguarding-children-who-run-away-or-go-missing/"


def test_contents_lists_sections_numbered_chapters_and_marks_updated_and_new(client, luton_manual):
    page = client.get(reverse("manual:contents")).content.decode()
    assert "Children&#39;s Services Procedures Manual" in page
    assert "Latest release" in page and "December 2019" in page
    assert "Next update: June 2020" in page
    assert "2. Children in need and child protection" in page
    # Updated in December 2019, and new in it
    assert re.search(r"Safeguarding Children who Run Away or Go Missing</a> <strong[^>]*>Updated</strong>", page)
    assert re.search(r"Luton Practice Standards Booklet</a> <strong[^>]*>New</strong>", page)
    # Removed in December 2019: not in the contents today
    assert "Corporate Parenting Policy" not in page
    for year in range(2015, 2020):
        assert f"{year} Amendments" in page


def test_chapter_page(client, luton_manual):
    response = client.get(MISSING)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pan Bedfordshire Safeguarding Children who go Missing from Home and Care Protocol applies" in page
    assert "Scope of this chapter" in page
    assert "Children Act 1989" in page and "https://www.legislation.gov.uk/ukpga/1989/41/contents" in page
    assert "Who to call in Luton" in page
    assert "Head of Service, Safeguarding and Quality Assurance" in page
    assert "1 November 2020" in page  # next review
    assert "Show what changed" in page


def test_release_page_lists_updated_new_and_removed_chapters_with_details(client, luton_manual):
    page = client.get(reverse("manual:release_detail", args=["december-2019"])).content.decode()
    assert "Updated chapters" in page and "New chapters and features" in page and "Removed chapters" in page
    assert "The Luton Escalation Process for LAC referrals to Health flowchart has been added." in page
    assert "This is a local policy which has been added as new into the Education section." in page
    assert "Staying Put Arrangement - Flowchart - 2014-2015" in page
    assert "The above Luton Policies are currently under review - see Local Resources." in page
    assert "Next update: June 2020" in page
    assert page.count('class="safeguard-release-change') == 17 + 4


def test_release_list_and_amendments_by_year(client, luton_manual):
    page = client.get(reverse("manual:release_list")).content.decode()
    assert "December 2019" in page and "December 2015" in page
    year = client.get(reverse("manual:amendments_year", args=[2019])).content.decode()
    assert "June 2019" in year and "December 2019" in year
    assert "The section on return home interviews has been revised." in year


def test_what_changed_shows_inserted_and_deleted_words_as_text(client, luton_manual):
    page = client.get(MISSING + "changes/").content.decode()
    assert "Version 2" in page and "version 3" in page
    assert re.search(r"<del[^>]*><span class=\"govuk-visually-hidden\">\[removed: </span>on the same day\.", page)
    assert re.search(
        r"<ins[^>]*><span class=\"govuk-visually-hidden\">\[added: </span>Bedfordshire Police by calling 999", page
    )


def test_any_two_versions_can_be_compared(client, luton_manual):
    page = client.get(MISSING + "changes/", {"from_version": "1", "to_version": "3"}).content.decode()
    assert "Version 1 (in force from 1 December 2015) compared with version 3" in page
    assert re.search(r"\[added: </span>a return home", page)
    same = client.get(MISSING + "changes/", {"from_version": "2", "to_version": "2"}).content.decode()
    assert "Choose a different version to compare with" in same


def test_dated_view_on_the_day_before_the_release_shows_the_old_text(client, luton_manual):
    contents = client.get(reverse("manual:contents"), {"on": "2019-12-01"}).content.decode()
    assert "The manual as it stood on 1 December 2019" in contents
    assert "June 2019" in contents  # the release then in force
    assert "Corporate Parenting Policy" in contents  # not yet removed
    assert "Luton Practice Standards Booklet" not in contents  # not yet added
    chapter = client.get(MISSING, {"on": "2019-12-01"}).content.decode()
    assert "social worker and the placing council on the same day" in chapter
    assert "Pan Bedfordshire" not in chapter
    today = client.get(MISSING).content.decode()
    assert "within one hour" in today


def test_dated_view_through_the_date_boxes_and_a_wrong_date(client, luton_manual):
    page = client.get(reverse("manual:contents"), {"on_0": "1", "on_1": "12", "on_2": "2019"}).content.decode()
    assert "The manual as it stood on 1 December 2019" in page
    wrong = client.get(reverse("manual:contents"), {"on_0": "31", "on_1": "2", "on_2": "2019"}).content.decode()
    assert "The date must be a real date" in wrong and "govuk-error-summary" in wrong


def test_a_chapter_not_in_force_that_day_is_404(client, luton_manual):
    booklet = "/manual/practice-standards-and-local-contacts/luton-practice-standards-booklet/"
    assert client.get(booklet).status_code == 200
    assert client.get(booklet, {"on": "2019-12-01"}).status_code == 404


def test_unknown_release_chapter_or_year_is_404(client, luton_manual):
    assert client.get(reverse("manual:release_detail", args=["june-2020"])).status_code == 404
    assert client.get("/manual/education/no-such-chapter/").status_code == 404
    assert client.get("/manual/no-such-section/placement-for-adoption/").status_code == 404
    assert client.get(reverse("manual:amendments_year", args=[2014])).status_code == 404


def test_a_draft_is_never_shown(client, luton_manual):
    from safeguard.manual.models import ChapterPage

    chapter = ChapterPage.objects.get(title="Placement for Adoption")
    chapter.body = "<p>A draft sentence nobody has approved.</p>"
    chapter.save_revision()
    never_published = ChapterPage(
        title="A chapter still in draft", body="<p>Draft only</p>", live=False, change_kind="new", change_details="New"
    )
    chapter.get_parent().add_child(instance=never_published)
    never_published.save_revision()
    assert "A draft sentence" not in client.get("/manual/adoption/placement-for-adoption/").content.decode()
    assert client.get("/manual/adoption/a-chapter-still-in-draft/").status_code == 404
    assert "A chapter still in draft" not in client.get(reverse("manual:contents")).content.decode()
    assert "A draft sentence" not in client.get("/manual/adoption/placement-for-adoption/changes/").content.decode()


def test_a_release_not_yet_published_is_not_shown(client, luton_manual):
    from safeguard.core.audit import SystemActor
    from safeguard.manual.services import release_create

    release_create(actor=SystemActor("test"), manual=luton_manual, name="June 2020", slug="june-2020")
    assert client.get(reverse("manual:release_detail", args=["june-2020"])).status_code == 404
    assert "June 2020" not in client.get(reverse("manual:release_list")).content.decode()


def test_rich_text_with_a_script_or_javascript_link_is_sanitised(client, luton_manual):
    from safeguard.core.audit import SystemActor
    from safeguard.manual.models import ChapterPage
    from safeguard.manual.services import chapter_publish

    chapter = ChapterPage.objects.get(title="Placement for Adoption")
    chapter.body = (
        '<p onclick="steal()">Safe words<script>alert("x")</script> '
        '<a href="javascript:alert(1)">bad link</a> <a href="https://www.gov.uk/" onmouseover="x()">good link</a></p>'
    )
    chapter.change_kind, chapter.change_details = "correction", ""
    chapter_publish(actor=SystemActor("test"), chapter=chapter)
    page = client.get("/manual/adoption/placement-for-adoption/").content.decode()
    assert "Safe words" in page and "good link" in page
    assert "<script>alert" not in page and "steal()" not in page and "onmouseover" not in page
    assert "javascript:" not in page


def test_each_version_ends_when_the_next_came_into_force_even_when_recorded_out_of_order(client, luton_manual):
    """The manual on a date reads each version's end (`in_force_until`): a loader recording history
    after a later version must still leave one version per chapter in force on every day."""
    from datetime import datetime

    from django.utils import timezone

    from safeguard.core.audit import SystemActor
    from safeguard.manual.models import ChapterPage, ChapterVersion
    from safeguard.manual.services import chapter_publish

    chapter = ChapterPage.objects.get(title="Placement for Adoption")
    before = list(chapter.versions.order_by("number"))
    chapter.body, chapter.change_kind, chapter.change_details = (
        "<p>Recorded late: in force in 2017.</p>",
        "updated",
        "x",
    )
    late = chapter_publish(
        actor=SystemActor("test"), chapter=chapter, in_force_from=timezone.make_aware(datetime(2017, 3, 1, 9))
    )
    late.refresh_from_db()
    following = [v.in_force_from for v in before if v.in_force_from > late.in_force_from]
    assert late.in_force_until == (min(following) if following else None)
    assert ChapterVersion.objects.filter(chapter=chapter, in_force_until__isnull=True).count() == 1
    in_2017 = client.get("/manual/adoption/placement-for-adoption/", {"on": "2017-06-01"}).content.decode()
    assert "Recorded late: in force in 2017." in in_2017
    in_2016 = client.get("/manual/adoption/placement-for-adoption/", {"on": "2016-06-01"}).content.decode()
    assert "Recorded late" not in in_2016
    contents = client.get(reverse("manual:contents"), {"on": "2017-06-01"}).content.decode()
    assert contents.count(">Placement for Adoption</a>") == 1


def test_a_removed_chapter_leaves_the_contents_from_its_removal(client, luton_manual):
    contents_before = client.get(reverse("manual:contents"), {"on": "2019-12-01"}).content.decode()
    contents_after = client.get(reverse("manual:contents"), {"on": "2019-12-03"}).content.decode()
    assert ">Corporate Parenting Policy</a>" in contents_before
    assert "Corporate Parenting Policy" not in contents_after
