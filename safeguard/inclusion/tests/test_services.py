"""The inclusion service's rules: a deletion return becoming a case and closing as moved to another
council (that council told), a looked-after child found missing education alerting the Virtual School, the
20-school-day clock across half term and Christmas, the EHE notice period, the CNIS switch."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.http import Http404

from safeguard.accounts.models import Organisation
from safeguard.core.audit import SystemActor
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent, OutboxMessage
from safeguard.education import services as education
from safeguard.education.demo import TERMS
from safeguard.education.school_days import SchoolCalendar, Term
from safeguard.inclusion import ehe_services, selectors, services
from safeguard.inclusion.clocks import absence_clock, admission_return_due, notice_expires_on
from safeguard.inclusion.models import CmeCase, CmeEnquiry, EheRecord, SchoolReturn
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

LONDON = ZoneInfo("Europe/London")
ACTOR = SystemActor("Safeguard test suite")
TODAY = datetime(2026, 11, 20, 10, tzinfo=LONDON)


@pytest.fixture
def terms(host):
    for name, starts, ends, half_starts, half_ends in TERMS:
        education.school_term_save(
            actor=ACTOR,
            host_council=host,
            name=name,
            starts_on=starts,
            ends_on=ends,
            half_term_starts_on=half_starts,
            half_term_ends_on=half_ends,
        )
    return host


def school_of(staff):
    return selectors.school_of(staff)


def deletion(staff, **overrides):
    values = {
        "first_name": "Kian",
        "last_name": "Hussain",
        "date_of_birth": date(2014, 6, 2),
        "address": "14 Dunstable Road, Luton",
        "postcode": "LU1 1EA",
        "parents": "Samira Hussain",
        "ground": "moved_away",
        "deleted_on": date(2026, 11, 16),
    } | overrides
    return services.school_return_submit(
        actor=staff,
        host_council=selectors.host_of_school_staff(staff),
        school=school_of(staff),
        kind=SchoolReturn.Kind.DELETION,
        **values,
    )


# --- a deletion return becomes a case, and closes as moved to another council ----------------------------


@time_machine.travel(TODAY, tick=False)
def test_a_deletion_return_becomes_a_case_that_closes_as_moved_to_another_council(school_staff, cme_officer, terms):
    school_return = deletion(school_staff)
    case = school_return.case
    assert case is not None and case.status == CmeCase.Status.NEW
    assert case.way_in == CmeCase.WayIn.DELETION
    assert case.school.name == "Matrix Academy"
    assert "Deleted from Matrix Academy on 16 November 2026" in case.what_is_known
    # The officer sees it on the register; the school staff never see the case.
    assert selectors.cme_cases_for(cme_officer).filter(pk=case.pk).exists()
    assert not selectors.cme_cases_for(school_staff).exists()

    services.cme_enquiry_record(
        actor=cme_officer,
        case=case,
        kind=CmeEnquiry.Kind.HOUSING,
        made_on=date(2026, 11, 19),
        made_by="Tariq Ahmed",
        result="The family gave up the tenancy; forwarding address in Bedford",
    )
    case.refresh_from_db()
    assert case.status == CmeCase.Status.ENQUIRING

    bedford = Organisation.objects.get(dfe_code="822")
    services.cme_case_close(
        actor=cme_officer,
        case=case,
        outcome=CmeCase.Outcome.MOVED_COUNCIL,
        destination_council=bedford,
        destination_email="cme@bedford.gov.uk",
        note="Living at 3 Ford End Road, Bedford",
    )
    case.refresh_from_db()
    assert (case.status, case.outcome, case.destination_council) == ("closed", "moved_council", bedford)
    told = OutboxMessage.objects.get(purpose="cme_moved_council")
    assert told.to == "cme@bedford.gov.uk"
    assert "Kian Hussain, born 2 June 2014" in told.body
    assert "3 Ford End Road, Bedford" in told.body
    assert "Bedford" in told.subject
    assert [h.to_status for h in case.history.all()] == ["new", "enquiring", "closed"]
    assert AuditEvent.objects.filter(action="cme_case.close", object_id=str(case.pk)).exists()


@time_machine.travel(TODAY, tick=False)
def test_moving_to_another_council_needs_the_council_and_its_address(school_staff, cme_officer, host):
    case = deletion(school_staff).case
    with pytest.raises(ServiceRefusal) as refused:
        services.cme_case_close(actor=cme_officer, case=case, outcome=CmeCase.Outcome.MOVED_COUNCIL)
    assert set(refused.value.errors) == {"destination_council", "destination_email"}
    with pytest.raises(ServiceRefusal) as refused:
        services.cme_case_close(
            actor=cme_officer,
            case=case,
            outcome=CmeCase.Outcome.MOVED_COUNCIL,
            destination_council=host.organisation,
            destination_email="cme@luton.gov.uk",
        )
    assert refused.value.errors["destination_council"] == "Choose another council: this is your own"
    assert not OutboxMessage.objects.filter(purpose="cme_moved_council").exists()
    case.refresh_from_db()
    assert case.status == CmeCase.Status.NEW


@time_machine.travel(TODAY, tick=False)
def test_not_found_closes_only_after_escalation_which_tells_police_and_social_care(school_staff, cme_officer, host):
    case = deletion(school_staff).case
    with pytest.raises(ServiceRefusal) as refused:
        services.cme_case_close(actor=cme_officer, case=case, outcome=CmeCase.Outcome.NOT_FOUND)
    assert "Escalate" in refused.value.errors["outcome"]
    services.cme_case_escalate(actor=cme_officer, case=case, note="No trace at any address; GP not seen since May")
    sent = OutboxMessage.objects.filter(purpose="cme_escalation")
    assert sent.count() >= 1
    assert all("GP not seen since May" in m.body for m in sent)
    services.cme_case_close(actor=cme_officer, case=case, outcome=CmeCase.Outcome.NOT_FOUND)
    case.refresh_from_db()
    assert case.outcome == "not_found"
    with pytest.raises(ServiceRefusal):
        services.cme_enquiry_record(
            actor=cme_officer, case=case, kind="police", made_on=date(2026, 11, 20), made_by="x", result="y"
        )


@time_machine.travel(TODAY, tick=False)
def test_grounds_that_are_not_missing_education_open_no_case_and_home_education_opens_an_ehe_record(school_staff):
    assert deletion(school_staff, ground="other_school", new_school="Denbigh High School").case is None
    assert deletion(school_staff, ground="died", first_name="Ann").case is None
    home = deletion(school_staff, ground="home_education", first_name="Lily")
    assert home.case is None
    record = EheRecord.objects.get(first_name="Lily")
    assert record.learnt_from == EheRecord.LearntFrom.SCHOOL_DELETION
    assert record.previous_school.name == "Matrix Academy"
    assert CmeCase.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_a_new_pupil_return_closes_the_open_case_of_the_same_child(school_staff, cme_officer):
    case = deletion(school_staff).case
    services.school_return_submit(
        actor=school_staff,
        host_council=selectors.host_of_school_staff(school_staff),
        school=school_of(school_staff),
        kind=SchoolReturn.Kind.ADMISSION,
        first_name="kian",
        last_name="HUSSAIN",
        date_of_birth=date(2014, 6, 2),
        admitted_on=date(2026, 11, 19),
    )
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("closed", "on_roll")
    assert "Admitted to Matrix Academy on 19 November 2026" in case.closure_note


@time_machine.travel(TODAY, tick=False)
def test_a_return_with_bad_facts_is_refused_field_by_field(school_staff):
    with pytest.raises(ServiceRefusal) as refused:
        deletion(
            school_staff,
            first_name=" ",
            date_of_birth=date(2027, 1, 1),
            ground="absent_20_days",
            absent_since=None,
            address="",
        )
    assert refused.value.errors == {
        "first_name": "Enter the pupil's first name",
        "date_of_birth": "Date of birth must be in the past",
        "absent_since": "Enter the first day of the pupil's continuous absence",
        "address": "Enter the pupil's home address",
    }
    assert not SchoolReturn.objects.exists()


# --- a looked-after child found missing education -----------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_a_looked_after_child_found_missing_education_alerts_the_virtual_school_and_social_worker(
    school_staff, cme_officer, host, placing_council
):
    team = host.teams.get(kind="virtual_school")
    team.email = "virtual.school@luton.example"
    team.save()
    child = ChildFactory(
        host_council=host,
        placing_authority=placing_council,
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=date(2012, 3, 14),
        social_worker_email="j.bright@herts.example",
    )
    PlacementFactory(child=child, start_date=date(2026, 6, 1))
    case = deletion(school_staff, first_name="Amara", last_name="Okafor", date_of_birth=date(2012, 3, 14)).case
    assert case.placed_child == child
    alerts = OutboxMessage.objects.filter(purpose="cme_looked_after_alert")
    assert sorted(alerts.values_list("to", flat=True)) == ["j.bright@herts.example", "virtual.school@luton.example"]
    # The child by initials and reference, never in full (the e-mail may travel outside the council).
    assert all(child.initials_and_reference in m.body and placing_council.name in m.body for m in alerts)
    assert not any("Amara Okafor" in m.body or "Amara" in m.subject for m in alerts)
    # Once per case.
    assert services.looked_after_check(actor=ACTOR, case=case) is False
    assert alerts.count() == 2


@time_machine.travel(TODAY, tick=False)
def test_a_child_not_on_the_register_or_no_longer_placed_alerts_nobody(school_staff, host, placing_council):
    ChildFactory(
        host_council=host,
        placing_authority=placing_council,
        first_name="Zara",
        last_name="Ali",
        date_of_birth=date(2013, 1, 5),
    )
    case = deletion(
        school_staff, first_name="Zara", last_name="Ali", date_of_birth=date(2013, 1, 5)
    ).case  # no placement
    other = deletion(school_staff, first_name="Noah", last_name="Bennett").case
    assert case.placed_child is None and other.placed_child is None
    assert not OutboxMessage.objects.filter(purpose="cme_looked_after_alert").exists()


# --- the 20-school-day clock -------------------------------------------------------------------------


AUTUMN = Term("Autumn term 2026", date(2026, 9, 3), date(2026, 12, 18), date(2026, 10, 26), date(2026, 10, 30))
SPRING = Term("Spring term 2027", date(2027, 1, 4), date(2027, 3, 25), date(2027, 2, 15), date(2027, 2, 19))


def test_the_20_school_day_clock_skips_half_term():
    calendar = SchoolCalendar([AUTUMN, SPRING])
    # Absent from Monday 12 October 2026: two weeks, the half-term week, two more weeks.
    clock = absence_clock(calendar, date(2026, 10, 12), date(2026, 11, 6))
    assert clock.school_days == 15
    assert clock.twentieth_day == date(2026, 11, 13)
    assert clock.may_delete_from == date(2026, 11, 16)
    assert not clock.reached and clock.remaining == 5


def test_the_20_school_day_clock_skips_christmas_and_new_year():
    calendar = SchoolCalendar([AUTUMN, SPRING])
    # Absent from Monday 7 December 2026: 10 school days to the end of term, then spring from 4 January.
    clock = absence_clock(calendar, date(2026, 12, 7), date(2027, 1, 1))
    assert clock.school_days == 10
    assert clock.twentieth_day == date(2027, 1, 15)
    assert clock.may_delete_from == date(2027, 1, 18)
    reached = absence_clock(calendar, date(2026, 12, 7), date(2027, 1, 18))
    assert reached.reached and reached.school_days == 21


def test_a_new_pupils_return_is_due_5_school_days_after_admission_across_half_term():
    calendar = SchoolCalendar([AUTUMN, SPRING])
    assert admission_return_due(calendar, date(2026, 10, 21)) == date(2026, 11, 4)  # Wed: Thu, Fri, Mon-Wed
    assert admission_return_due(calendar, date(2026, 9, 7)) == date(2026, 9, 14)


@time_machine.travel(TODAY, tick=False)
def test_a_deletion_on_the_absence_ground_shows_its_clock(school_staff, cme_officer, terms):
    school_return = deletion(
        school_staff, ground="absent_20_days", absent_since=date(2026, 10, 12), deleted_on=date(2026, 11, 16)
    )
    clock = selectors.case_clock(school_return.case)
    assert clock.school_days == 25 and clock.reached  # 12 October to 20 November, less half term
    assert clock.twentieth_day == date(2026, 11, 13)


# --- EHE: the s437 notice ----------------------------------------------------------------------------


def test_the_notice_gives_at_least_15_days_beginning_with_the_day_served():
    assert notice_expires_on(date(2026, 11, 2), 15) == date(2026, 11, 16)


@time_machine.travel(TODAY, tick=False)
def test_the_school_attendance_order_route(cme_officer, host):
    record = ehe_services.ehe_record_add(
        actor=cme_officer,
        host_council=host,
        first_name="Isla",
        last_name="Murphy",
        date_of_birth=date(2015, 2, 9),
        parents="Ciara Murphy",
        learnt_from=EheRecord.LearntFrom.WRITTEN_NOTICE,
        learnt_on=date(2026, 9, 10),
    )
    ehe_services.ehe_contact_record(
        actor=cme_officer,
        record=record,
        contacted_on=date(2026, 10, 1),
        how="Home visit",
        suitability="concern",
        notes="No evidence of literacy or numeracy work",
    )
    record.refresh_from_db()
    assert record.status == EheRecord.Status.CONCERN
    with pytest.raises(ServiceRefusal) as refused:
        ehe_services.ehe_notice_serve(actor=cme_officer, record=record, served_on=date(2026, 11, 2), period_days=14)
    assert "at least 15 days" in refused.value.errors["period_days"]
    ehe_services.ehe_notice_serve(actor=cme_officer, record=record, served_on=date(2026, 11, 2), period_days=15)
    with pytest.raises(ServiceRefusal) as refused:
        ehe_services.ehe_order_serve(actor=cme_officer, record=record, served_on=date(2026, 11, 16))
    assert "until 16 November 2026" in refused.value.errors["served_on"]
    ehe_services.ehe_order_serve(actor=cme_officer, record=record, served_on=date(2026, 11, 17))
    record.refresh_from_db()
    assert record.status == EheRecord.Status.ORDER_SERVED


@time_machine.travel(TODAY, tick=False)
def test_yearly_contact_falls_due_a_year_after_the_last(cme_officer, host):
    record = ehe_services.ehe_record_add(
        actor=cme_officer,
        host_council=host,
        first_name="Leo",
        last_name="Grant",
        date_of_birth=date(2016, 4, 4),
        parents="Dan Grant",
        learnt_from="written_notice",
        learnt_on=date(2025, 9, 1),
    )
    assert selectors.ehe_clock(record).overdue  # no first contact in a month
    ehe_services.ehe_contact_record(
        actor=cme_officer, record=record, contacted_on=date(2025, 11, 1), how="Report", suitability="suitable"
    )
    clock = selectors.ehe_clock(record)
    assert clock.next_contact_due == date(2026, 11, 1) and clock.overdue


# --- CNIS: switched off unless the host is named ------------------------------------------------------------


def test_the_register_of_children_not_in_school_is_off_by_default(cme_officer, host, settings):
    assert settings.INCLUSION_CNIS_HOSTS == []
    assert not selectors.cnis_enabled(host)
    with pytest.raises(ServiceRefusal):
        ehe_services.cnis_record_add(actor=cme_officer, host_council=host, facts={"child_name": "A"})
    settings.INCLUSION_CNIS_HOSTS = [host.slug]
    with pytest.raises(ServiceRefusal) as refused:
        ehe_services.cnis_record_add(actor=cme_officer, host_council=host, facts={"child_name": "Ava"})
    assert "educated_by" in refused.value.errors
    settings.INCLUSION_CNIS_FIELDS = [("child_name", "Child's full name", True)]
    record = ehe_services.cnis_record_add(actor=cme_officer, host_council=host, facts={"child_name": "Ava Reid"})
    assert record.facts == {"child_name": "Ava Reid"}


def test_another_hosts_case_is_a_404(school_staff, cme_officer):
    with time_machine.travel(TODAY, tick=False):
        case = deletion(school_staff).case
    case.host_council = None
    from safeguard.accounts.models import HostCouncil

    other = HostCouncil.objects.create(organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes")
    CmeCase.objects.filter(pk=case.pk).update(host_council=other)
    with pytest.raises(Http404):
        selectors.cme_case_get_for(cme_officer, case.pk)
