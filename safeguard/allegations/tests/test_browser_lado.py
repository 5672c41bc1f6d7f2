"""Browser journey: a school's designated safeguarding lead refers; the LADO runs the case to its outcome."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.allegations.models import LadoCase
from safeguard.core.tests.browser import assert_accessible

pytestmark = pytest.mark.browser
LONDON = ZoneInfo("Europe/London")
# Friday 28 May 2027; Monday 31 May 2027 is the spring bank holiday.
FRIDAY_AFTERNOON = datetime(2027, 5, 28, 14, 0, tzinfo=LONDON)


def fill_date(page, name, day, month, year):
    page.locator(f"#id_{name}_0").fill(str(day))
    page.locator(f"#id_{name}_1").fill(str(month))
    page.locator(f"#id_{name}_2").fill(str(year))


def test_a_referral_runs_to_an_unsubstantiated_outcome(transactional_db, live_server, page, host, lado):
    cache.clear()
    TOTPDevice.objects.create(user=lado, name="Authenticator app", confirmed=True)
    base = live_server.url
    with time_machine.travel(FRIDAY_AFTERNOON, tick=True):
        # The designated safeguarding lead, with no account.
        page.goto(f"{base}/")
        page.get_by_role("link", name="Refer an allegation against someone who works with children to the LADO").click()
        assert page.locator("h1").inner_text() == "Refer an allegation to the LADO"
        assert_accessible(page)
        page.get_by_role("button", name="Send referral").click()
        summary = page.locator(".govuk-error-summary")
        assert "Enter your name" in summary.inner_text() and "Describe what happened" in summary.inner_text()
        assert_accessible(page)

        page.get_by_label("Your name").fill("Sam Lead")
        page.get_by_label("Your role").fill("Designated safeguarding lead")
        page.get_by_label("Your organisation").fill("Hilltop Primary School")
        page.get_by_label("Your e-mail address").fill("dsl@hilltop.example")
        page.get_by_label("Name of the person the allegation is about").fill("Chris Assistant")
        page.get_by_label("Their role").fill("Teaching assistant")
        page.get_by_label("Their employer or organisation").fill("Hilltop Primary School")
        page.get_by_label("Employed", exact=True).check()
        page.get_by_label("Which sector do they work in?").select_option("education")
        page.get_by_label("Child 1: name").fill("Robin Pupil")
        fill_date(page, "child_1_date_of_birth", 3, 9, 2017)
        page.get_by_label("What happened?").fill("Robin says the teaching assistant grabbed her arm in the corridor.")
        page.get_by_label("Where did it happen?").fill("School corridor")
        fill_date(page, "happened_on", 27, 5, 2027)
        page.get_by_label("Physical abuse").check()
        page.get_by_label("Behaved in a way that has harmed a child, or may have harmed a child").check()
        page.get_by_role("group", name="Was restraint involved?").get_by_label("No").check()
        page.get_by_label("The employer's designated officer").check()
        page.get_by_role("button", name="Send referral").click()
        assert page.locator("h1").inner_text() == "Referral sent"
        case = LadoCase.objects.get()
        assert case.reference in page.locator(".govuk-panel").inner_text()
        assert_accessible(page)

        # The LADO sees it on the queue with the one-working-day clock: due Tuesday (Monday is a bank holiday).
        sign_in_through_the_pages(page, base, lado)
        page.get_by_role("link", name="LADO cases", exact=True).click()
        row = page.locator("tr", has_text=case.reference)
        assert "Due by 5:00pm on Tuesday 1 June 2027" in row.inner_text()
        assert_accessible(page)
        page.get_by_label("Search by reference, person, employer, referrer or child").fill("Robin")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("link", name=case.reference).click()
        assert "Chris Assistant" in page.content()
        assert_accessible(page)

        page.get_by_role("link", name="Record the initial consideration").click()
        page.get_by_label("Yes: a referral, the LADO will manage the allegation").check()
        page.get_by_label("Why is the threshold met?").fill("Alleged physical harm to a child")
        page.get_by_role("button", name="Save the decision").click()
        assert "Considered on time" in page.content()

        page.get_by_role("link", name="Record a meeting").click()
        page.get_by_label("Strategy meeting").check()
        fill_date(page, "held_on", 28, 5, 2027)
        page.get_by_label("Who attended").fill("LADO, police, head teacher")
        page.get_by_label("Decisions").fill("Police to assess; employer to consider suspension")
        page.get_by_role("button", name="Save the meeting").click()
        assert "Strategy meeting, 28 May 2027" in page.content()

        for kind, owner in (
            ("Police investigation", "Bedfordshire Police PPU"),
            ("Suspension considered", "Head teacher"),
        ):
            page.get_by_role("link", name="Add an action").click()
            page.get_by_label(kind).check()
            page.get_by_label("Owner").fill(owner)
            fill_date(page, "due_on", 11, 6, 2027)
            page.get_by_role("button", name="Add the action").click()
            assert owner in page.content()
        assert_accessible(page)
        for kind in ("Police investigation", "Suspension considered"):
            page.get_by_role("button", name=re.compile(f"^Mark done.*{kind}$")).click()
            page.wait_for_load_state()

        page.get_by_role("link", name="Close the case").click()
        page.get_by_label("Unsubstantiated").check()
        page.get_by_role("group", name="Was a referral made to the DBS?").get_by_label("No").check()
        fill_date(page, "person_date_of_birth", 15, 1, 1980)
        assert_accessible(page)
        page.get_by_role("button", name="Close the case").click()
        page.wait_for_selector("text=Case closed")
        # Born 1980: State Pension age 68, on 15 January 2048, later than 10 years from May 2027.
        assert "15 January 2048" in page.content()
        case.refresh_from_db()
        assert case.outcome == "unsubstantiated" and case.retention_review_on.isoformat() == "2048-01-15"

        # The annual figures count it.
        page.goto(f"{base}/lado/figures/?year=2027")
        assert "April 2027 to March 2028" in page.locator("h1").inner_text()
        outcomes = page.locator("table", has_text="Outcome")
        assert outcomes.locator("tr", has_text="Unsubstantiated").locator("td").inner_text() == "1"
        sectors = page.locator("table", has_text="Sector")
        assert sectors.locator("tr", has_text="Education").locator("td").first.inner_text() == "1"
        assert_accessible(page)


def test_the_referral_form_works_without_javascript(transactional_db, live_server, page_without_javascript, host):
    cache.clear()
    page = page_without_javascript
    page.goto(f"{live_server.url}/lado/refer/")
    page.get_by_label("Your name").fill("Sam Lead")
    page.get_by_role("button", name="Send referral").click()
    assert "There is a problem" in page.content()
    assert page.get_by_label("Your name").input_value() == "Sam Lead"
