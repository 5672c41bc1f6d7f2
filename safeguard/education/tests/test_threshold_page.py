"""The attendance threshold page: the host's Virtual School and administrator set it; it is audited; a bad
value is named and kept as typed; the alerts follow it."""

from decimal import Decimal

from django.urls import reverse

from safeguard.core.models import AuditEvent
from safeguard.education import selectors
from safeguard.education.models import AttendanceSetting


def test_the_administrator_sets_the_threshold_and_it_is_audited(client, sign_in, host_admin, host):
    sign_in(host_admin)
    page = client.get(reverse("education:attendance_threshold"))
    assert page.status_code == 200 and "The threshold is now 90" in page.content.decode()
    response = client.post(reverse("education:attendance_threshold"), {"threshold_percent": "92.5"})
    assert response.status_code == 302
    assert selectors.attendance_threshold_of(host.pk) == Decimal("92.5")
    event = AuditEvent.objects.get(action="attendance_threshold.set")
    assert event.changes["threshold_percent"] == ["90.0", "92.5"]
    assert event.host_council_id == host.pk
    # The same value again changes nothing and records nothing.
    client.post(reverse("education:attendance_threshold"), {"threshold_percent": "92.5"})
    assert AuditEvent.objects.filter(action="attendance_threshold.set").count() == 1


def test_a_bad_threshold_is_named_and_kept_as_typed(client, sign_in, virtual_school_officer, host):
    sign_in(virtual_school_officer)
    for typed, message in (
        ("ninety", "Enter the attendance threshold as a number, like 90 or 92.5"),
        ("0", "Enter an attendance threshold from 1 to 100, like 90"),
        ("150", "Enter an attendance threshold from 1 to 100, like 90"),
        ("", "Enter the attendance threshold, like 90"),
    ):
        response = client.post(reverse("education:attendance_threshold"), {"threshold_percent": typed})
        text = response.content.decode()
        assert response.status_code == 200, typed
        assert "There is a problem" in text and message in text, typed
        assert f'value="{typed}"' in text or not typed
    assert not AttendanceSetting.objects.exists()
