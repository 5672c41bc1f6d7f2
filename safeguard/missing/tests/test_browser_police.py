"""Browser journey (issue 11): the police update a missing child's episode, record a sighting, and
record the child found. axe-core on every page, at 1280 and at 320 CSS pixels."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.tests.browser import assert_accessible
from safeguard.missing import services
from safeguard.missing.models import MissingEpisode, ReturnHomeInterview
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")
SUNDAY_0200 = datetime(2026, 11, 22, 2, 0, tzinfo=LONDON)


def accessible_wide_and_narrow(page) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def fill_moment(page, legend: str, day: str, month: str, year: str, time: str) -> None:
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", day), ("Month", month), ("Year", year), ("Time", time)):
        group.get_by_label(label, exact=True).fill(value)


def test_the_police_grade_the_risk_record_a_sighting_and_the_child_found(
    transactional_db, live_server, page, host, placing_council, provider, carer, police
):
    TOTPDevice.objects.create(user=police, name="Authenticator app", confirmed=True)
    child = ChildFactory(host_council=host, placing_authority=placing_council, first_name="Kai", last_name="Seen")
    PlacementFactory(child=child, carer=provider, start_date=date(2026, 9, 1))
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})

    with time_machine.travel(SUNDAY_0200, tick=True):
        episode = services.missing_episode_report(
            actor=carer,
            child=child,
            kind="M",
            last_seen_at=SUNDAY_0200 - timedelta(hours=4),
            last_seen_where="Luton bus station",
            risk_grade="Medium",
        )
        sign_in_through_the_pages(page, base, police)
        page.get_by_role("link", name="Kai Seen").click()
        page.wait_for_url(f"{base}/children/{child.pk}/")
        main = page.locator("main")
        assert "Medium (given when reported; not yet graded by the police)" in main.inner_text()
        accessible_wide_and_narrow(page)

        # 1. The police grade the risk High and give their reference.
        page.get_by_role("link", name="Give the police risk grade and reference").click()
        page.wait_for_url(f"{base}/missing/{episode.pk}/police/")
        assert page.locator("h1").inner_text() == "Police risk grade and reference"
        accessible_wide_and_narrow(page)
        page.get_by_label("High", exact=True).check()
        page.get_by_label("Police reference").fill("BED-22112026-0031")
        page.get_by_role("button", name="Save the grade and reference").click()
        page.wait_for_url(f"{base}/children/{child.pk}/")
        text = main.inner_text()
        assert "Police risk grade and reference saved for Kai." in text
        assert "High (police, 22 November 2026 at 2:0" in text and "Given as Medium when reported" in text, text
        assert "BED-22112026-0031" in text
        accessible_wide_and_narrow(page)

        # 2. A sighting: a time in the future is refused on its field; then recorded.
        page.get_by_role("link", name="Record a sighting").click()
        page.wait_for_url(f"{base}/missing/{episode.pk}/sightings/")
        accessible_wide_and_narrow(page)
        fill_moment(page, "Date and time of the sighting", "22", "11", "2026", "23:00")
        page.get_by_label("Where was the child seen?").fill("Dunstable Road, Luton")
        page.get_by_label("Who saw the child?").fill("Bus driver, route 31")
        page.get_by_role("button", name="Record the sighting").click()
        summary = page.get_by_role("alert")
        assert "The date and time of the sighting must be in the past" in summary.inner_text()
        assert page.get_by_label("Where was the child seen?").input_value() == "Dunstable Road, Luton"
        accessible_wide_and_narrow(page)
        fill_moment(page, "Date and time of the sighting", "22", "11", "2026", "1:15am")
        page.get_by_label("What was seen?").fill("With two older boys, heading towards the town centre")
        page.get_by_role("button", name="Record the sighting").click()
        page.wait_for_url(f"{base}/children/{child.pk}/")
        text = main.inner_text()
        assert "Sighting of Kai recorded." in text
        assert (
            "22 November 2026 at 1:15am, Dunstable Road, Luton: seen by Bus driver, route 31. "
            "With two older boys, heading towards the town centre" in text
        ), text
        accessible_wide_and_narrow(page)

        # 3. Found: the episode closes and the police's sight of Kai ends.
        page.get_by_role("link", name="Record Kai found").click()
        page.wait_for_url(f"{base}/missing/{episode.pk}/found/")
        assert "This ends the missing episode." in main.inner_text()
        accessible_wide_and_narrow(page)
        fill_moment(page, "Date and time the child was found", "22", "11", "2026", "1:50")
        page.get_by_label("Where was the child found?").fill("Wardown Park, Luton")
        page.get_by_label("Who found the child?").fill("PC Amir Patel")
        page.get_by_role("button", name="Record Kai found").click()
        page.wait_for_url(f"{base}/")
        text = main.inner_text()
        assert "Kai is recorded as found." in text
        assert page.get_by_role("link", name="Kai Seen").count() == 0
        accessible_wide_and_narrow(page)
        assert page.request.get(f"{base}/children/{child.pk}/").status == 404

    episode.refresh_from_db()
    assert episode.status == MissingEpisode.Status.FOUND
    assert episode.returned_at == datetime(2026, 11, 22, 1, 50, tzinfo=LONDON)
    assert (episode.risk_grade, episode.police_risk_grade) == ("Medium", "High")
    assert ReturnHomeInterview.objects.filter(episode=episode, outcome="due").exists()
