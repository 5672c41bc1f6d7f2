"""The partnership site's pages, on Luton's seeded content (seeds 000, 001, 003, 004): page types and the
tree's rules, the news with its tags and its Atom feed, the quick exit on every page, who to call now,
links to the manual, drafts and unknown pages, cleaned rich text and audited publishing."""

import re
from datetime import date, datetime
from xml.etree import ElementTree

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page

from safeguard.content.models import HostHomePage
from safeguard.core.audit import SystemActor
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent
from safeguard.partnership.models import (
    NewsArticlePage,
    NewsIndexPage,
    PartnershipHomePage,
    PartnershipPage,
    PracticeReviewPage,
    ReviewIndexPage,
    ReviewStatus,
)
from safeguard.partnership.services import page_add_and_publish

from .factories import NewsArticleFactory, PartnershipPageFactory, PracticeReviewFactory

pytestmark = pytest.mark.django_db

EVERY_PAGE = [
    "/partnership/",
    "/partnership/about/",
    "/partnership/exploitation/",
    "/partnership/missing-children/",
    "/partnership/news/",
    "/partnership/news/?tag=exploitation",
    "/partnership/news/borders-and-luton-airport/",
    "/partnership/reviews/",
    "/partnership/reviews/child-r/",
    "/partnership/placing-authorities/",
]
MISSING_CHAPTER = "/manual/children-in-need-and-child-protection/safeguarding-children-who-run-away-or-go-missing/"
TESTER = SystemActor("Safeguard test suite")
# A Tuesday at 10:00 in London: the missing persons unit is open (08:00 to 22:00 on weekdays).
TUESDAY_MORNING = timezone.make_aware(datetime(2026, 11, 24, 10, 0))
TUESDAY_NIGHT = timezone.make_aware(datetime(2026, 11, 24, 23, 0))


def _news(site) -> NewsIndexPage:
    return NewsIndexPage.objects.child_of(site).get()


# --- page types and the tree's rules ------------------------------------------------------------


def test_page_types_sit_only_where_the_tree_allows(luton_partnership):
    host_home = HostHomePage.objects.get(pk=luton_partnership.get_parent().pk)
    news = _news(luton_partnership)
    reviews = ReviewIndexPage.objects.child_of(luton_partnership).get()
    # One partnership site per host council, under its content root only.
    assert not PartnershipHomePage.can_create_at(host_home)
    assert not PartnershipHomePage.can_create_at(Page.get_first_root_node())
    assert PartnershipPage.can_create_at(luton_partnership)
    assert not PartnershipPage.can_create_at(host_home)
    # Articles only in the news, reviews only among the reviews; one news and one reviews index per site.
    assert NewsArticlePage.can_create_at(news) and not NewsArticlePage.can_create_at(luton_partnership)
    assert PracticeReviewPage.can_create_at(reviews) and not PracticeReviewPage.can_create_at(news)
    assert not NewsIndexPage.can_create_at(luton_partnership)
    with pytest.raises(ServiceRefusal) as refusal:
        page_add_and_publish(
            actor=TESTER,
            parent=reviews,
            page=NewsArticlePage(title="Out of place", date=date(2026, 1, 1), summary="x", body="<p>x</p>"),
        )
    assert "cannot be added under “Learning from practice reviews”" in str(refusal.value.errors["parent"])


def test_the_partnership_home_answers_at_its_slug_and_a_published_review_has_a_date(luton_partnership):
    home = PartnershipHomePage(title="Elsewhere", slug="elsewhere", purpose="<p>x</p>")
    with pytest.raises(ValidationError) as error:
        home.clean()
    assert "slug" in error.value.message_dict
    review = PracticeReviewPage(title="R", slug="r", summary="x", status=ReviewStatus.PUBLISHED, publication_date=None)
    with pytest.raises(ValidationError) as error:
        review.clean()
    assert error.value.message_dict["publication_date"] == ["Enter the date the review's report was published"]


# --- every page: the quick exit, no cookies -----------------------------------------------------


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_every_page_has_the_quick_exit_as_a_plain_link_and_sets_no_cookie(client, luton_partnership, settings, path):
    settings.PARTNERSHIP_EXIT_URL = "https://www.bbc.co.uk/weather"
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    exit_component = re.search(
        r'<div class="govuk-exit-this-page" data-module="govuk-exit-this-page"\s*>(.*?)</div>', page, re.S
    )
    assert exit_component is not None, path
    # Without JavaScript it is an ordinary link to the neutral site, first in <main>.
    assert re.search(
        r'<a href="https://www.bbc.co.uk/weather"[^>]*class="govuk-button govuk-button--warning govuk-exit-this-page__button',
        exit_component.group(1),
    )
    assert 'rel="nofollow noreferrer"' in exit_component.group(1)
    assert page.index("govuk-exit-this-page") < page.index("<h1")
    assert page.index('id="main-content"') < page.index("govuk-exit-this-page")
    # Where JavaScript runs, GOV.UK Frontend's initAll (the module script with the page's CSP nonce) gives
    # it the Shift-key shortcut; no inline script is needed.
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="module" src="/static/safeguard/init.mjs" nonce="{nonce}">' in page
    # No tracking: nothing is stored in the reader's browser.
    assert response.cookies == {} and "Set-Cookie" not in response


def test_the_exit_address_is_configurable(client, luton_partnership, settings):
    settings.PARTNERSHIP_EXIT_URL = "https://www.gov.uk/"
    assert 'href="https://www.gov.uk/"' in client.get("/partnership/about/").content.decode()


# --- the home page and who to call now ----------------------------------------------------------


def test_home_says_the_partnership_s_purpose_who_to_call_now_and_the_latest_news(client, luton_partnership):
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        page = client.get("/partnership/").content.decode()
    assert '<h1 class="govuk-heading-xl">Luton Safeguarding Children Board</h1>' in page
    assert "Safeguarding Children is everybody’s responsibility" in page
    for route in ("For professionals", "For parents and carers", "For young people"):
        assert route in page
    # Who to call now, from Luton's contacts and opening hours: the missing persons unit is open.
    call_now = page[page.index("If a child is missing: who to call now") :]
    assert call_now.index("Bedfordshire Police missing persons unit") < call_now.index(
        "Bedfordshire Police non-emergency number"
    )
    assert "is closed now" not in call_now[: call_now.index("Latest news")]
    # The three messages of September 2015, newest first, each linked.
    latest = page[page.index("Latest news") : page.index(">All news</a>")]
    assert latest.count('href="/partnership/news/') == 4  # the three, and "All news"
    assert "Learning from serious case reviews" in page
    with time_machine.travel(TUESDAY_NIGHT, tick=False):
        night = client.get("/partnership/").content.decode()
    assert "Bedfordshire Police missing persons unit is closed now. It is open Monday to Friday 08:00 to 22:00" in night


def test_sections_are_the_site_s_menu_in_the_tree_s_order(client, luton_partnership):
    page = client.get("/partnership/about/").content.decode()
    nav = page[page.index('id="partnership-nav-heading"') :]
    titles = re.findall(r'<li><a class="govuk-link" href="/partnership/[^"]*"[^>]*>([^<]+)</a></li>', nav)
    assert titles == [
        "Partnership home", "About the partnership", "Exploitation", "Missing children", "News",
        "Learning from practice reviews", "For placing councils", "Learning and development",
        "Register your views", "Feedback",
    ]  # fmt: skip
    assert 'href="/partnership/about/" aria-current="page"' in nav


def test_exploitation_page_gives_seed_000_s_contacts_and_warning_and_the_manual(client, luton_partnership):
    page = client.get("/partnership/exploitation/").content.decode()
    assert "Referral and Assessment duty manager" in page and 'href="tel:01582547653"' in page
    assert "PPU Support Team, Greyfriars Police Station" in page and 'href="tel:01234846960"' in page
    warning = page[page.index('class="govuk-warning-text"') :]
    assert "NOT for referrals about safeguarding or CSE" in warning[: warning.index("</div>\n    </div>")]
    assert (
        "The contact numbers for the Safeguarding Investigation Units and the Child Sexual Exploitation Unit are NOT for referrals"
        in page
    )
    assert f'href="{MISSING_CHAPTER}"' in page
    assert (
        'href="/manual/children-in-need-and-child-protection/unaccompanied-migrant-children-and-child-victims-of-trafficking-and-modern-slavery/"'
        in page
    )
    assert 'href="/who-to-call/"' in page or "Who to call now" in page


def test_missing_children_page_is_seed_004_s_with_the_manual_and_who_to_call_now(client, luton_partnership):
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        page = client.get("/partnership/missing-children/").content.decode()
    assert "held a spotlight event" in page and "A revised missing child procedure is now in place." in page
    assert "They do not take reports of missing children from members of the public." in page
    assert "These should be reported to your local police station." in page
    assert "24 hours a day, 365 days a year" in page
    assert 'href="https://www.gov.uk/government/publications/children-missing-education"' in page
    assert f'href="{MISSING_CHAPTER}"' in page
    assert "If a child is missing: who to call now" in page and "Bedfordshire Police missing persons unit" in page


def test_a_chapter_taken_out_of_the_manual_is_no_longer_linked(client, luton_partnership):
    chapter = Page.objects.get(url_path__endswith="/safeguarding-children-who-run-away-or-go-missing/")
    Page.objects.filter(pk=chapter.pk).update(live=False)
    assert MISSING_CHAPTER not in client.get("/partnership/missing-children/").content.decode()


def test_placing_councils_page_links_to_notifying_and_the_api(client, luton_partnership):
    page = client.get("/partnership/placing-authorities/").content.decode()
    assert 'href="/notify/"' in page and 'href="/api/v1/openapi.json"' in page
    assert "passed this information onto any of your foster careers based in Luton" in page


# --- news: tags and the feed --------------------------------------------------------------------


def test_news_lists_articles_and_filters_by_tag(client, luton_partnership):
    page = client.get("/partnership/news/").content.decode()
    for title in (
        "A new approach to multi-agency learning and development",
        "Safeguarding children at our borders and Luton Airport",
        "Learning from serious case reviews",
    ):
        assert title in page
    tags = re.findall(r'href="/partnership/news/\?tag=([^"]+)"', page)
    assert tags == [
        "borders-and-luton-airport",
        "exploitation",
        "learning-and-development",
        "practice-reviews",
        "register-your-views",
    ]
    tagged = client.get("/partnership/news/?tag=exploitation").content.decode()
    assert '<h1 class="govuk-heading-xl">News: Exploitation</h1>' in tagged
    assert "Safeguarding children at our borders and Luton Airport" in tagged
    assert "A new approach to multi-agency learning and development" not in tagged
    assert 'href="/partnership/news/?tag=exploitation" aria-current="page"' in tagged
    unknown = client.get("/partnership/news/?tag=no-such-topic")
    assert unknown.status_code == 200 and "There is no news about “no-such-topic”." in unknown.content.decode()


def test_an_article_shows_its_seed_text_date_and_tags(client, luton_partnership):
    page = client.get("/partnership/news/borders-and-luton-airport/").content.decode()
    assert "Three Messages from the September 2015 LSCB Meeting." in page
    assert "Memorandum of Good practice to safeguard our Borders" in page
    assert "30 September 2015" in page
    assert 'href="/partnership/news/?tag=borders-and-luton-airport"' in page


def test_news_is_paged_ten_at_a_time_keeping_the_tag(client, luton_partnership):
    news = _news(luton_partnership)
    for day in range(1, 12):
        NewsArticleFactory(parent=news, date=date(2026, 10, day), tags=["Exploitation"])
    page = client.get("/partnership/news/?tag=exploitation").content.decode()
    assert page.count("govuk-body-s govuk-!-margin-bottom-1") == 10
    assert 'href="?tag=exploitation&amp;page=2"' in page
    second = client.get("/partnership/news/?tag=exploitation&page=2").content.decode()
    assert "Safeguarding children at our borders and Luton Airport" in second


ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_is_atom_with_each_article_newest_first(client, luton_partnership):
    NewsArticleFactory(
        parent=_news(luton_partnership), title="Newer article", date=date(2026, 11, 2), tags=["Missing children"]
    )
    response = client.get("/partnership/news/feed/")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "News"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries][0] == "Newer article"
    assert len(entries) == 4
    borders = next(e for e in entries if e.find(f"{ATOM}title").text.startswith("Safeguarding children at our borders"))
    assert borders.find(f"{ATOM}link").get("href") == "http://testserver/partnership/news/borders-and-luton-airport/"
    assert borders.find(f"{ATOM}id").text == "http://testserver/partnership/news/borders-and-luton-airport/"
    assert borders.find(f"{ATOM}published").text.startswith("2015-09-30")
    assert {c.get("term") for c in borders.findall(f"{ATOM}category")} == {
        "Exploitation",
        "Borders and Luton Airport",
        "Register your views",
    }
    assert "Memorandum of Good practice" in borders.find(f"{ATOM}content").text
    assert borders.find(f"{ATOM}summary").text.startswith("Agencies and airlines at Luton Airport")
    # Every partnership page names the feed for readers that find it themselves.
    assert '<link rel="alternate" type="application/atom+xml"' in client.get("/partnership/").content.decode()


# --- drafts, unknown pages ------------------------------------------------------------------------


def test_a_draft_is_never_public(client, luton_partnership):
    news = _news(luton_partnership)
    NewsArticleFactory(parent=news, slug="draft-news", title="Draft nobody reads", live=False)
    assert client.get("/partnership/news/draft-news/").status_code == 404
    for path in ("/partnership/", "/partnership/news/", "/partnership/news/feed/"):
        assert "Draft nobody reads" not in client.get(path).content.decode()
    # A live page's newer draft is not shown either: the page as published is.
    about = PartnershipPage.objects.get(slug="about")
    about.body = "<p>Words still being written</p>"
    about.save_revision(log_action=False)
    page = client.get("/partnership/about/").content.decode()
    assert "Relevant agencies" in page and "Words still being written" not in page
    # An unpublished page, and everything under it, is gone.
    PartnershipPageFactory(parent=about, slug="sub-groups", title="Sub-groups")
    assert client.get("/partnership/about/sub-groups/").status_code == 200
    about.unpublish(log_action=False)
    assert client.get("/partnership/about/").status_code == 404
    assert client.get("/partnership/about/sub-groups/").status_code == 404
    assert "About the partnership" not in client.get("/partnership/").content.decode()


def test_a_draft_review_is_not_listed(client, luton_partnership):
    reviews = ReviewIndexPage.objects.child_of(luton_partnership).get()
    PracticeReviewFactory(parent=reviews, title="A review in draft", slug="draft-review", live=False)
    PracticeReviewFactory(parent=reviews, title="A review in progress", slug="in-progress")
    page = client.get("/partnership/reviews/").content.decode()
    assert "A review in draft" not in page
    # Published first (newest first), those in progress after.
    assert page.index("Child R: neglect") < page.index("A review in progress")
    assert client.get("/partnership/reviews/draft-review/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/partnership/no-such-page/",
        "/partnership/news/no-such-article/",
        "/partnership/news/feed/extra/",
        "/partnership/reviews/child-r/more/",
    ],
)
def test_an_unknown_page_is_404(client, luton_partnership, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_only_the_partnership_is_served_this_way(client, luton_partnership):
    # Wagtail's routing is handed paths under /partnership/ only: the manual's pages keep their own views.
    assert client.get("/partnership/manual/").status_code == 404


def test_a_host_without_a_partnership_site_has_no_partnership_pages(client, luton_partnership):
    luton_partnership.unpublish(log_action=False)
    assert client.get("/partnership/").status_code == 404


# --- a practice review's seven-minute briefing ----------------------------------------------------


def test_a_review_shows_its_status_date_and_seven_minute_briefing_in_order(client, luton_partnership):
    page = client.get("/partnership/reviews/child-r/").content.decode()
    assert "Serious case review" in page and "15 March 2016" in page and "Published" in page
    headings = re.findall(r'<h3 class="govuk-heading-m">([^<]+)</h3>', page)
    assert headings[:5] == [
        "1. Background",
        "2. Why it matters",
        "3. What the review found",
        "4. Questions to reflect on",
        "5. What you should do",
    ]
    assert "Demo text" in page


# --- rich text and publishing ---------------------------------------------------------------------


def test_rich_text_is_cleaned_as_the_content_app_cleans_it(client, luton_partnership):
    PartnershipPageFactory(
        parent=luton_partnership, slug="unsafe", title="Unsafe",
        body='<p onclick="steal()">Hello<script>alert(1)</script> <a href="javascript:alert(2)">there</a></p><style>p{}</style>',
    )  # fmt: skip
    page = client.get("/partnership/unsafe/").content.decode()
    main = page[page.index("<main") :]
    assert "Hello" in main and "steal()" not in main and "alert(" not in main and "<style>p" not in main


def test_publishing_is_audited_with_who_published(luton_partnership, partnership_editor):
    page = page_add_and_publish(
        actor=partnership_editor,
        parent=luton_partnership,
        page=PartnershipPage(title="Sub-groups", slug="sub-groups", body="<p>x</p>"),
    )
    event = AuditEvent.objects.filter(action="content.page_publish", object_id=str(page.pk)).get()
    assert event.actor_id == partnership_editor.pk
    assert event.changes["url_path"] == "/luton/partnership/sub-groups/"
    demo = AuditEvent.objects.filter(
        action="content.page_publish", changes__title="Learning from serious case reviews"
    ).get()
    assert demo.actor_label == "Safeguard (demo data)"


def test_the_demo_loads_once(luton_partnership):
    from safeguard.partnership.demo import partnership_demo_load

    host = HostHomePage.objects.get(pk=luton_partnership.get_parent().pk).host_council
    assert partnership_demo_load(host=host).pk == luton_partnership.pk
    assert NewsArticlePage.objects.count() == 3


def test_who_to_call_now_follows_an_edit_of_the_contacts_at_once(client, luton_partnership):
    """The host's contacts are kept in the shared cache for the partnership's pages; an edit through the
    council's configuration (new hours) forgets them, so the next page shows the change."""
    from safeguard.reference.models import Contact
    from safeguard.reference.services.configuration import ContactDetails, contact_update

    unit = Contact.objects.get(name="Bedfordshire Police missing persons unit")
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        assert "missing persons unit is closed now" not in client.get("/partnership/").content.decode()
        contact_update(
            actor=TESTER,
            contact=unit,
            details=ContactDetails(purpose=unit.purpose, name=unit.name, description=unit.description,
                                   phone="01234 567890", priority=unit.priority, hours_apply=unit.hours_apply),
            hours={0: ("18:00", "22:00")},
        )  # fmt: skip
        page = client.get("/partnership/").content.decode()
    call_now = page[page.index("If a child is missing: who to call now") : page.index("Latest news")]
    assert "missing persons unit is closed now. It is open Monday 18:00 to 22:00" in call_now
