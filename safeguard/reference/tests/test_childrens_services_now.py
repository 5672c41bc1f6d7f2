"""Who answers for children's services now: the front door (MASH) in office hours, the emergency duty
team in the evening, at night, at weekends and on bank holidays (issue 11, "who to call")."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import SystemActor
from safeguard.reference import services as reference_services
from safeguard.reference.models import Contact
from safeguard.reference.selectors import childrens_services_now, hours_summary, no_number_words

LONDON = ZoneInfo("Europe/London")
MASH = "Multi-Agency Safeguarding Hub (MASH) duty desk"
EDT = "Emergency Duty Team"
TUESDAY_10AM = datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
TUESDAY_8PM = datetime(2026, 11, 24, 20, 0, tzinfo=LONDON)
SATURDAY_11AM = datetime(2026, 11, 28, 11, 0, tzinfo=LONDON)
# Christmas Day 2026 is a Friday, Boxing Day's holiday is Monday 28 December: weekdays, bank holidays.
CHRISTMAS_10AM = datetime(2026, 12, 25, 10, 0, tzinfo=LONDON)
BOXING_DAY_HOLIDAY_10AM = datetime(2026, 12, 28, 10, 0, tzinfo=LONDON)


def names(contacts):
    return [c.name for c in contacts]


@pytest.mark.parametrize(
    ("when", "answers", "closed"),
    [
        (TUESDAY_10AM, MASH, EDT),
        (datetime(2026, 11, 24, 9, 0, tzinfo=LONDON), MASH, EDT),  # opening time
        (datetime(2026, 11, 24, 8, 59, tzinfo=LONDON), EDT, MASH),  # a minute before
        (datetime(2026, 11, 24, 16, 59, tzinfo=LONDON), MASH, EDT),
        (datetime(2026, 11, 24, 17, 0, tzinfo=LONDON), EDT, MASH),  # closing time
        (TUESDAY_8PM, EDT, MASH),
        (datetime(2026, 11, 25, 3, 0, tzinfo=LONDON), EDT, MASH),  # the small hours
        (SATURDAY_11AM, EDT, MASH),
        (datetime(2026, 11, 29, 14, 0, tzinfo=LONDON), EDT, MASH),  # Sunday
        (CHRISTMAS_10AM, EDT, MASH),
        (BOXING_DAY_HOLIDAY_10AM, EDT, MASH),
        (datetime(2026, 12, 29, 10, 0, tzinfo=LONDON), MASH, EDT),  # the working day after
    ],
)
def test_the_front_door_in_office_hours_the_emergency_duty_team_outside_them(host, when, answers, closed):
    advice = childrens_services_now(host, when)
    assert names(advice.call_now) == [answers]
    assert names(advice.closed_now) == [closed]


def test_luton_s_front_door_and_emergency_duty_team_numbers(host):
    mash = host.contacts.get(purpose=Contact.Purpose.FRONT_DOOR)
    edt = host.contacts.get(purpose=Contact.Purpose.OUT_OF_HOURS)
    assert (mash.name, mash.phone) == (MASH, "01582 547653")
    assert (edt.name, edt.phone) == (EDT, "0300 300 8123")
    assert hours_summary(mash) == "Monday to Friday 09:00 to 17:00, except on bank holidays"
    assert hours_summary(edt) == "outside Monday to Friday 09:00 to 17:00, and all day on bank holidays"


def test_the_investigation_units_say_why_they_have_no_number(host):
    units = host.contacts.get(purpose=Contact.Purpose.NOT_FOR_REFERRALS)
    assert units.phone == ""
    assert no_number_words(units) == "No direct number: new matters go through the PPU Support Team"
    # A contact with a number needs no reason; one with only an e-mail address is not "no number".
    assert no_number_words(host.contacts.get(purpose=Contact.Purpose.FRONT_DOOR)) == ""
    assert no_number_words(host.contacts.get(purpose=Contact.Purpose.NOTIFICATIONS)) == ""


# A second host for the tests, with phone numbers from Ofcom's range for drama (never a real line).
MILTON_KEYNES = Path(__file__).resolve().parent / "data" / "hosts" / "milton-keynes.json"


@pytest.fixture
def milton_keynes(host) -> HostCouncil:
    return reference_services.host_council_seed(
        actor=SystemActor("Safeguard test suite"), config=reference_services.host_config_read_file(MILTON_KEYNES)
    ).host_council


@pytest.mark.parametrize(
    ("when", "answers"),
    [
        (TUESDAY_10AM, "Multi-Agency Safeguarding Hub (MASH)"),
        (TUESDAY_8PM, "Emergency Social Work Team (out of hours)"),
        (SATURDAY_11AM, "Emergency Social Work Team (out of hours)"),
        (CHRISTMAS_10AM, "Emergency Social Work Team (out of hours)"),
    ],
)
def test_milton_keynes_has_the_same_kinds_of_entries(milton_keynes, when, answers):
    assert reference_services.host_config_check(reference_services.host_config_read_file(MILTON_KEYNES)) == {}
    advice = childrens_services_now(milton_keynes, when)
    assert names(advice.call_now) == [answers]
    units = milton_keynes.contacts.get(purpose=Contact.Purpose.NOT_FOR_REFERRALS)
    assert no_number_words(units).startswith("No direct number: new matters go through the MASH")
    # Each host is told only its own numbers.
    assert "01582 547653" not in [c.phone for c in advice.call_now + advice.closed_now]


def _page(client, when) -> str:
    with time_machine.travel(when, tick=False):
        response = client.get("/who-to-call/")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_who_to_call_page_on_a_weekday_morning_offers_the_front_door(client, host):
    text = _page(client, TUESDAY_10AM)
    assert "If you are worried about a child&#39;s safety" in text
    assert "on Tuesday), contact:" in text
    assert f'<strong>{MASH}</strong>: <a class="govuk-link" href="tel:01582547653">01582 547653</a>' in text
    assert (
        "Emergency Duty Team is closed now. It is open outside Monday to Friday 09:00 to 17:00, "
        "and all day on bank holidays." in text
    )
    assert "No direct number: new matters go through the PPU Support Team" in text


@pytest.mark.parametrize("when", [TUESDAY_8PM, SATURDAY_11AM, CHRISTMAS_10AM])
def test_who_to_call_page_out_of_hours_offers_the_emergency_duty_team(client, host, when):
    text = _page(client, when)
    assert f'<strong>{EDT}</strong>: <a class="govuk-link" href="tel:03003008123">0300 300 8123</a>' in text
    assert f"{MASH} is closed now. It is open Monday to Friday 09:00 to 17:00, except on bank holidays." in text


# The placing council's out-of-hours number, printed in the grab pack -----------------------------


def test_the_administrator_changes_a_placing_council_s_out_of_hours_number(client, sign_in, host_admin, world):
    from safeguard.core.models import AuditEvent

    council = world.child.placing_authority
    sign_in(host_admin)
    listing = client.get("/settings/placing-councils/").content.decode()
    assert council.name in listing and "Not known" in listing
    page = client.post(f"/settings/placing-councils/{council.pk}/", {"out_of_hours_phone": "call them"})
    assert "Enter the out-of-hours number in the correct format, like 0300 123 4043" in page.content.decode()
    response = client.post(f"/settings/placing-councils/{council.pk}/", {"out_of_hours_phone": "0300 123  4043"})
    assert response["Location"] == "/settings/placing-councils/"
    council.refresh_from_db()
    assert council.out_of_hours_phone == "0300 123 4043"
    event = AuditEvent.objects.get(action="council.out_of_hours_update")
    assert (event.actor, event.changes) == (host_admin, {"out_of_hours_phone": ["", "0300 123 4043"]})
    # A council that places nobody here is not the administrator's to change.
    from safeguard.accounts.models import Organisation

    elsewhere = Organisation.objects.get(dfe_code="383")  # Leeds places no child in Luton
    assert client.get(f"/settings/placing-councils/{elsewhere.pk}/").status_code == 404
