from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from safeguard.reference.models import Contact
from safeguard.reference.selectors import who_to_call_now

LONDON = ZoneInfo("Europe/London")


def names(contacts):
    return [c.name for c in contacts]


@pytest.mark.parametrize(
    ("when", "unit_open"),
    [
        (datetime(2026, 11, 21, 23, 0, tzinfo=LONDON), False),  # Saturday 23:00
        (datetime(2026, 11, 22, 17, 59, tzinfo=LONDON), True),  # Sunday, a minute before closing
        (datetime(2026, 11, 22, 18, 0, tzinfo=LONDON), False),  # Sunday at closing time
        (datetime(2026, 11, 23, 8, 0, tzinfo=LONDON), True),  # Monday opening
        (datetime(2026, 11, 23, 21, 30, tzinfo=LONDON), True),  # Monday evening
        (datetime(2026, 11, 23, 22, 0, tzinfo=LONDON), False),  # Monday at closing time
        (datetime(2026, 11, 24, 7, 59, tzinfo=LONDON), False),  # Tuesday before opening
    ],
)
def test_missing_persons_unit_is_offered_only_in_its_hours(host, when, unit_open):
    advice = who_to_call_now(host, Contact.Purpose.REPORT_MISSING, when)
    unit = "Bedfordshire Police missing persons unit"
    if unit_open:
        assert names(advice.call_now)[0] == unit
    else:
        assert unit not in names(advice.call_now)
        assert names(advice.call_now)[0] == "Bedfordshire Police non-emergency number"
        assert unit in names(advice.closed_now)
    # 999 is always there for a child in immediate danger.
    assert [c.phone for c in advice.emergency] == ["999"]


def test_who_to_call_page_says_investigation_units_are_not_for_referrals(client, host):
    response = client.get("/who-to-call/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "NOT for referrals" in text
    assert "01234 846960" in text  # PPU Support Team
    assert "01582 547653" in text  # R&A duty manager
