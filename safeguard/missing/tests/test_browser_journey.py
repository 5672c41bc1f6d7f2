"""Browser journey (issue 4): a child in care goes missing on a Saturday night, is found, and is interviewed.

The carer keeps the photographs and the missing profile, reports the child missing at 23:00 on a
Saturday (when the missing persons unit is closed, so the route is 101), the police open the grab
pack, the carer records the return, and Referral and Assessment record the return-home interview
within 72 hours. Every page visited is checked with axe-core.

time_machine patches the clock of the whole process, so the live server's thread sees the same time.
"""

import io
import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from safeguard.accounts.tests.browser import sign_in_through_the_pages
from safeguard.core.jinja2 import format_datetime
from safeguard.core.tests.browser import axe_violations
from safeguard.missing.models import ChildPhotograph, MissingEpisode, MissingProfile, ReturnHomeInterview
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

from .images import jpeg_bytes

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")
SATURDAY_2300 = datetime(2026, 11, 21, 23, 0, tzinfo=LONDON)  # missing persons unit open 08:00-18:00 at weekends
SUNDAY_1030 = datetime(2026, 11, 22, 10, 30, tzinfo=LONDON)
RETURNED = datetime(2026, 11, 22, 10, 0, tzinfo=LONDON)
MONDAY_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)
INTERVIEWED = datetime(2026, 11, 23, 8, 30, tzinfo=LONDON)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_selector("text=You have signed out")


def fill_moment(page, legend: str, day: str, month: str, year: str, time: str) -> None:
    """The GOV.UK date input and its time box, found by the question's legend."""
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", day), ("Month", month), ("Year", year), ("Time", time)):
        group.get_by_label(label, exact=True).fill(value)


def main_text(page) -> str:
    return page.locator("main").inner_text()


class Axe:
    """axe-core on every page of the journey; the violations are reported together at the end.

    The journey goes on past a page with a violation, so one run shows every page that needs work.
    """

    def __init__(self):
        self.found: list[dict] = []

    def check(self, page) -> None:
        found = {"page": "/" + page.url.split("/", 3)[-1], "violations": axe_violations(page)}
        if found["violations"] and found not in self.found:
            self.found.append(found)

    def assert_none(self) -> None:
        assert self.found == [], "axe-core found:\n" + json.dumps(self.found, indent=2)


def test_missing_on_a_saturday_night_grab_pack_return_and_interview(
    transactional_db, live_server, page, tmp_path, host, placing_council, provider, carer, police, ra_social_worker
):
    for user in (police, ra_social_worker):
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    child = ChildFactory(host_council=host, placing_authority=placing_council, first_name="Rosa", last_name="Journey")
    PlacementFactory(child=child, carer=provider, start_date=date(2026, 9, 1))
    face = tmp_path / "rosa-face.jpg"
    face.write_bytes(jpeg_bytes((480, 640), taken=datetime(2026, 11, 14, 16, 0), gps=True))
    full_length = tmp_path / "rosa-full-length.jpg"
    full_length.write_bytes(jpeg_bytes((400, 900)))
    base = live_server.url
    axe = Axe()

    with time_machine.travel(SATURDAY_2300, tick=True):
        # 1. The carer signs in, opens Rosa's page, uploads two photographs and writes the missing profile.
        sign_in_through_the_pages(page, base, carer)
        axe.check(page)
        page.get_by_role("link", name="Rosa Journey").first.click()
        assert page.locator("h1").inner_text() == "Rosa Journey"
        assert "The carer has not written Rosa's missing profile yet" in main_text(page)
        axe.check(page)

        page.get_by_role("link", name="Add or replace a photograph").click()
        page.wait_for_url(f"{base}/children/{child.pk}/photographs/")
        assert page.locator("h1").inner_text() == "Photographs for the police"
        axe.check(page)
        for kind, path in (("Face", face), ("Full length", full_length)):
            page.get_by_role("group", name="Which photograph is this?").get_by_label(kind, exact=True).check()
            page.get_by_label("Photograph", exact=True).set_input_files(str(path))
            page.get_by_role("button", name="Upload photograph").click()
            page.wait_for_load_state()
            assert "Photograph saved. Its location and camera details were removed." in main_text(page), main_text(
                page
            )[:800]
            axe.check(page)
        photographs = page.get_by_role("img", name=re.compile(r"photograph of Rosa Journey"))
        assert photographs.count() == 2
        assert page.get_by_role("img", name="Face photograph of Rosa Journey, taken 14 November 2026").is_visible()
        assert page.get_by_role(
            "img", name="Full length photograph of Rosa Journey, taken 21 November 2026"
        ).is_visible()
        assert set(ChildPhotograph.objects.filter(child=child).values_list("kind", flat=True)) == {
            "face",
            "full_length",
        }

        page.get_by_role("link", name="Back to Rosa Journey").click()
        page.get_by_role("link", name="Write the missing profile").click()
        page.wait_for_url(f"{base}/children/{child.pk}/missing-profile/")
        assert page.locator("h1").inner_text() == "Missing profile"
        axe.check(page)
        profile = {
            "Physical description": "Small for 13, curly red hair, green eyes",
            "Distinguishing features": "Scar above the left eyebrow; wears glasses",
            "Friends and associates": "Jay, about 17, often at the Mall",
            "Places they go": "The Mall, Luton bus station, Wardown Park",
            "Phones and social media": "07700 900123; Snapchat rosa_j",
            "Vulnerabilities and risks": "Older associates; went missing twice in 2025",
            "Medical needs and medication": "Asthma: blue inhaler",
            "Bank and travel cards": "Bus pass, about £10 cash",
        }
        for label, answer in profile.items():
            page.get_by_label(label, exact=True).fill(answer)
        page.get_by_role("button", name="Save the missing profile").click()
        page.wait_for_url(f"{base}/children/{child.pk}/")
        main = main_text(page)
        assert "Missing profile saved. The previous version is kept." in main
        assert "Scar above the left eyebrow; wears glasses" in main and "Asthma: blue inhaler" in main
        assert MissingProfile.objects.get(child=child).places_frequented == profile["Places they go"]
        axe.check(page)

        # 2. At 23:00 on a Saturday the carer reports Rosa missing: the missing persons unit is closed,
        # so the page sends the carer to 101.
        page.get_by_role("link", name="Report Rosa missing").click()
        page.wait_for_url(f"{base}/children/{child.pk}/missing/")
        assert page.locator("h1").inner_text() == "Report a child missing or away"
        panel = page.locator(".safeguard-call-now")
        assert panel.get_by_role("heading", name="Call the police first").is_visible()
        panel_text = panel.inner_text()
        assert "Call 999 if the child is in immediate danger." in panel_text
        assert "Now (11:00pm on Saturday), contact:" in panel_text, panel_text
        call_now = [item.inner_text() for item in panel.get_by_role("listitem").all()]
        assert call_now[0].startswith("Bedfordshire Police non-emergency number: 101"), panel_text
        assert not [item for item in call_now if item.startswith("Bedfordshire Police missing persons unit")]
        assert panel.get_by_role("link", name="101").first.get_attribute("href") == "tel:101"
        assert "Bedfordshire Police missing persons unit is closed now." in panel_text, panel_text
        axe.check(page)

        moment = page.get_by_role("group", name="Date and time last seen")
        assert "For example, 21 11 2026, and the time on the 24-hour clock, like 22:30" in moment.inner_text()
        assert moment.get_by_label("Day", exact=True).input_value() == "21"  # it starts at now
        assert moment.get_by_label("Time", exact=True).input_value().startswith("23:0")
        page.get_by_label("Missing: we do not know where they are").check()
        fill_moment(page, "Date and time last seen", "21", "11", "2026", "22:30")
        page.get_by_label("Where were they last seen?").fill("Luton bus station")
        page.get_by_label("What were they wearing?").fill("Black hoodie, white trainers")
        page.get_by_label("Who were they with, or who might they be with?").fill("Possibly Jay")
        page.get_by_label("What happened?").fill("Went out at 22:00 to see a friend and did not come back.")
        page.get_by_label("Police reference (if you have one)").fill("BED-21112026-0447")
        page.get_by_role("button", name="Record Rosa as missing").click()
        page.wait_for_url(f"{base}/missing/*/reported/")
        main = main_text(page)
        assert "Rosa is recorded as missing" in main, main[:800]
        assert "Call the police now if you have not. Their reference is BED-21112026-0447." in main, main[:800]
        assert "If you are worried about a child's safety" in main, main[:800]
        axe.check(page)
        page.get_by_role("link", name="Back to Rosa Journey").click()
        page.wait_for_url(f"{base}/children/{child.pk}/")
        main = main_text(page)
        assert "Rosa is missing: last seen 21 November 2026 at 10:30pm at Luton bus station." in main, main[:800]
        episode = MissingEpisode.objects.get(child=child, returned_at__isnull=True)
        assert episode.last_seen_at == datetime(2026, 11, 21, 22, 30, tzinfo=LONDON)
        assert (episode.kind, episode.reported_by) == ("M", carer)
        axe.check(page)
        sign_out(page)

        # 3. The police sign in (with their second factor), open Rosa's record and the grab pack.
        sign_in_through_the_pages(page, base, police)
        assert page.locator("h1").inner_text() == "Children missing now"
        axe.check(page)
        page.get_by_role("link", name="Rosa Journey").click()
        page.wait_for_url(f"{base}/children/{child.pk}/")
        axe.check(page)
        grab_pack_link = page.get_by_role("link", name="Open the grab pack (PDF)")
        assert grab_pack_link.get_attribute("href") == f"/children/{child.pk}/grab-pack.pdf"
        response = page.request.get(f"{base}/children/{child.pk}/grab-pack.pdf")
        assert response.status == 200, response.text()[:500]
        assert response.headers["content-type"] == "application/pdf"
        pdf = PdfReader(io.BytesIO(response.body()))
        text = " ".join("\n".join(pdf_page.extract_text() for pdf_page in pdf.pages).split())
        assert "Rosa Journey" in text, text[:1500]
        assert "Last seen 21 November 2026 at 10:30pm, Luton bus station" in text, text[:1500]
        assert "Scar above the left eyebrow; wears glasses" in text, text[:1500]
        # WeasyPrint gives every page the same resources, so the same two images are listed on each
        # page: count the distinct images. They are the two stored photographs, face and full length.
        embedded = {image.data: image.image.size for pdf_page in pdf.pages for image in pdf_page.images}
        assert len(embedded) == 2, [(image.name, image.image.size) for image in pdf.pages[0].images]
        stored = ChildPhotograph.objects.filter(child=child).values_list("width", "height")
        assert sorted(embedded.values()) == sorted(stored) == [(400, 900), (480, 640)]
        sign_out(page)

    with time_machine.travel(SUNDAY_1030, tick=True):
        # 4. Rosa came back at 10:00 on Sunday; the carer records the return.
        sign_in_through_the_pages(page, base, carer)
        page.get_by_role("link", name="Rosa Journey").first.click()
        page.get_by_role("link", name="Record the return").click()
        page.wait_for_url(f"{base}/missing/{episode.pk}/return/")
        assert page.locator("h1").inner_text() == "Record the return"
        axe.check(page)
        fill_moment(page, "Date and time of the return", "22", "11", "2026", "10:00")
        page.get_by_label("Where were they found?").fill("A friend's flat in Dunstable")
        page.get_by_label("Who found them or brought them back?").fill("Bedfordshire Police")
        page.get_by_label("Any signs of harm or exploitation?").fill("Came back with a new phone and £50")
        page.get_by_role("group", name="Have the police been told that the child is back?").get_by_label(
            "No, not yet"
        ).check()
        page.get_by_role("button", name="Record the return").click()
        page.wait_for_url(f"{base}/missing/{episode.pk}/returned/")
        main = main_text(page)
        assert "Rosa's return is recorded" in main, main[:800]
        # The police do not know yet: the page says whom to tell; signs of harm: it offers a concern.
        assert "Tell the police Rosa is back" in main and "BED-21112026-0447" in main, main[:800]
        raise_concern = page.get_by_role("link", name="Raise an exploitation concern about Rosa")
        # The concern starts with this episode ticked.
        assert (
            raise_concern.get_attribute("href")
            == f"/children/{child.pk}/exploitation-concerns/new/?episode={episode.pk}"
        )
        axe.check(page)
        page.get_by_role("link", name="Back to Rosa Journey").click()
        page.wait_for_url(f"{base}/children/{child.pk}/")
        page.get_by_role("link", name="Report Rosa missing").wait_for()
        axe.check(page)
        sign_out(page)

    episode.refresh_from_db()
    assert episode.returned_at == RETURNED
    interview = ReturnHomeInterview.objects.get(episode=episode)
    assert interview.due_at == RETURNED + timedelta(hours=72)

    with time_machine.travel(MONDAY_0900, tick=True):
        # 5. Referral and Assessment open the queue: the interview is due by Wednesday 10:00, 49 hours away.
        sign_in_through_the_pages(page, base, ra_social_worker)
        page.get_by_role("link", name="Return-home interviews due").click()
        page.wait_for_url(f"{base}/missing/return-interviews/")
        assert page.locator("h1").inner_text() == "Return-home interviews"
        due_table = page.get_by_role("table", name="Interviews due")
        row = due_table.get_by_role("row").filter(has_text="Rosa Journey")
        row_text = row.inner_text()
        assert format_datetime(RETURNED) in row_text, row_text  # returned 22 November 2026 at 10:00am
        assert format_datetime(RETURNED + timedelta(hours=72)) in row_text, row_text  # 25 November 2026 at 10:00am
        hours_left = round((interview.due_at - timezone.now()).total_seconds() / 3600)
        assert f"{hours_left} hours left" in row_text, row_text
        assert hours_left == 49
        axe.check(page)

        # 6. They record the interview, held at 08:30 on Monday by an independent worker.
        row.get_by_role("link", name="Record the interview for Rosa Journey").click()
        page.wait_for_url(f"{base}/missing/return-interviews/{interview.pk}/")
        assert page.locator("h1").inner_text() == "Record the return-home interview"
        assert "Due by 25 November 2026 at 10:00am." in main_text(page)
        axe.check(page)
        page.get_by_label("The interview was held").check()
        fill_moment(page, "Date and time of the interview or offer", "23", "11", "2026", "8:30am")
        page.get_by_label("Who held or offered it?").fill("Priya Shah")
        page.get_by_label("Their organisation").fill("Luton Young People's Service")
        page.get_by_label("They are independent of the child's placement").check()
        page.get_by_label("What was learned?").fill("Was with older associates; referred to the exploitation team.")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(f"{base}/missing/return-interviews/")
        main = main_text(page)
        assert "Return-home interview recorded for Rosa Journey" in main, main[:800]
        assert not page.get_by_role("table", name="Interviews due").filter(has_text="Rosa Journey").count()
        recorded = page.get_by_role("listitem").filter(has_text="Rosa Journey: interview held")
        assert (
            recorded.inner_text() == "Rosa Journey: interview held 23 November 2026 at 8:30am by Priya Shah (on time)"
        )
        axe.check(page)
        sign_out(page)

    interview.refresh_from_db()
    assert (interview.outcome, interview.held_at, interview.interviewer) == ("done", INTERVIEWED, "Priya Shah")
    assert interview.recorded_by == ra_social_worker and interview.on_time
    axe.assert_none()
