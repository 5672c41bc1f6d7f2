"""The demo's education inclusion service, made through the services: CME cases in every state and with
several outcomes, a looked-after child's alert, home educated families, the CNIS switch off, and the two
new demo sign-ins."""

from safeguard.accounts.models import Role, User
from safeguard.core.models import OutboxMessage
from safeguard.inclusion import selectors
from safeguard.inclusion.models import CmeCase, EheRecord, SchoolReturn


def test_the_demo_has_cases_in_every_state_and_home_educated_families(host):
    from safeguard.home.demo import demo_data_load

    sign_ins = demo_data_load(host=host)
    cases = CmeCase.objects.filter(host_council=host)
    assert set(cases.values_list("status", flat=True)) == set(CmeCase.Status.values)
    assert {"moved_council", "left_country", "on_roll", "not_found", "home_educated"} <= set(
        cases.values_list("outcome", flat=True)
    )
    assert cases.filter(placed_child__isnull=False).exists()
    assert OutboxMessage.objects.filter(purpose="cme_looked_after_alert").exists()
    assert set(EheRecord.objects.filter(host_council=host).values_list("status", flat=True)) >= {
        "open",
        "concern",
        "notice_served",
    }
    assert not selectors.cnis_enabled(host)
    officer = User.objects.get(email="cme.officer@demo.safeguard.test")
    staff = User.objects.get(email="school.staff@demo.safeguard.test")
    assert officer.role == Role.CME_OFFICER and staff.role == Role.SCHOOL_STAFF
    assert selectors.school_of(staff).name == "Stockwood Park High School"
    assert selectors.returns_for(staff).exists()
    assert not selectors.returns_for(staff).exclude(school=selectors.school_of(staff)).exists()
    assert SchoolReturn.objects.exclude(school=selectors.school_of(staff)).exists()
    roles = [sign_in.role for sign_in in sign_ins]
    assert "Education welfare / CME officer" in roles and "School staff" in roles
