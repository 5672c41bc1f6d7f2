"""Who to call now where carers, the police and placing social workers need it: the missing report's
confirmation and the home pages offer the children's services front door (MASH) in office hours and
the emergency duty team outside them (issue 11)."""

import html
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from safeguard.core.tests.forms import moment_fields
from safeguard.missing.models import MissingEpisode

LONDON = ZoneInfo("Europe/London")
TUESDAY_10AM = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
TUESDAY_8PM = datetime(2026, 11, 24, 20, 0, tzinfo=LONDON)
MASH_LINE = (
    '<strong>Multi-Agency Safeguarding Hub (MASH) duty desk</strong>: <a class="govuk-link" href="tel:01582547653">'
)
EDT_LINE = '<strong>Emergency Duty Team</strong>: <a class="govuk-link" href="tel:03003008123">'


def text_of(response) -> str:
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


def test_the_missing_report_confirmation_says_who_to_call_now(client, sign_in, carer, world):
    with time_machine.travel(TUESDAY_8PM, tick=False):
        sign_in(carer)
        response = client.post(
            f"/children/{world.child.pk}/missing/",
            {
                "kind": "M",
                **moment_fields("last_seen_at", "2026-11-24T19:30"),
                "last_seen_where": "Luton bus station",
                "police_reference": "BED-24112026-0101",
                "risk_grade": "",
            },
        )
        episode = MissingEpisode.objects.get(child=world.child, returned_at__isnull=True)
        assert response.status_code == 302
        assert response["Location"] == f"/missing/{episode.pk}/reported/"
        page = text_of(client.get(response["Location"]))
    name = world.child.first_name
    assert f"{name} is recorded as missing" in page
    assert "Call the police now if you have not. Their reference is BED-24112026-0101." in page
    assert "Bedfordshire Police missing persons unit" in page  # open until 22:00 on a weekday
    assert "If you are worried about a child's safety" in page
    assert EDT_LINE in page
    assert "Multi-Agency Safeguarding Hub (MASH) duty desk is closed now." in page


def test_the_carer_s_home_page_offers_the_front_door_in_office_hours(client, sign_in, carer, world):
    with time_machine.travel(TUESDAY_10AM, tick=False):
        sign_in(carer)
        page = text_of(client.get("/"))
    assert "If you are worried about a child's safety" in page
    assert MASH_LINE in page
    assert "Emergency Duty Team is closed now." in page


def test_the_police_home_page_offers_the_emergency_duty_team_in_the_evening(client, sign_in, police, world):
    with time_machine.travel(TUESDAY_8PM, tick=False):
        sign_in(police)
        page = text_of(client.get("/"))
    assert "Children missing now" in page
    assert "If you are worried about a child's safety" in page
    assert EDT_LINE in page
    assert MASH_LINE not in page


def test_the_placing_social_worker_s_home_page_offers_them_too(client, sign_in, placing_social_worker, world):
    with time_machine.travel(TUESDAY_10AM, tick=False):
        sign_in(placing_social_worker)
        page = text_of(client.get("/"))
    assert MASH_LINE in page
