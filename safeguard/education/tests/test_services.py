"""The education services: the GIAS loader, the school-place clock and its one escalation, PEP due dates,
term dates, the EHC plan's source, and who sees which child."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.http import Http404

from safeguard.core.audit import SystemActor
from safeguard.core.models import AuditEvent, OutboxMessage
from safeguard.education import selectors, services
from safeguard.education.demo import SAMPLE, TERMS
from safeguard.education.gias import BadRow, gias_rows
from safeguard.education.models import EducationRecord, School
from safeguard.education.tests.factories import SchoolFactory
from safeguard.register.tests.factories import ChildFactory, PlacementFactory

LONDON = ZoneInfo("Europe/London")
ACTOR = SystemActor("Safeguard test suite")


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def terms(host):
    for name, starts, ends, half_starts, half_ends in TERMS:
        services.school_term_save(
            actor=ACTOR,
            host_council=host,
            name=name,
            starts_on=starts,
            ends_on=ends,
            half_term_starts_on=half_starts,
            half_term_ends_on=half_ends,
        )
    return host


def placed_child(host, council, *, start: date, born: date = date(2014, 5, 1), **kwargs):
    child = ChildFactory(host_council=host, placing_authority=council, date_of_birth=born, **kwargs)
    PlacementFactory(child=child, start_date=start)
    return child


# --- the GIAS loader ---------------------------------------------------------------------------------


GIAS_HEADER = (
    "URN,LA (code),LA (name),EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),"
    "PhaseOfEducation (name),Postcode\n"
)


def test_the_sample_loads_and_loading_again_updates(db, tmp_path, capsys):
    call_command("load_schools", str(SAMPLE))
    assert "17 added, 0 updated" in capsys.readouterr().out
    school = School.objects.get(urn=990101)
    assert (school.name, school.la_code, school.la_name, school.phase) == (
        "Brantwood Lane Primary School",
        "821",
        "Luton",
        "Primary",
    )
    assert not School.objects.get(urn=990114).is_open  # closed
    assert School.objects.get(urn=990113).is_open  # open, but proposed to close
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(GIAS_HEADER + "990101,821,Luton,Brantwood Lane Academy,Academy converter,Open,Primary,LU1 3QA\n")
    call_command("load_schools", str(renamed))
    assert "0 added, 1 updated" in capsys.readouterr().out
    assert School.objects.get(urn=990101).name == "Brantwood Lane Academy"
    assert School.objects.count() == 17
    assert AuditEvent.objects.filter(action="school.load").count() == 2


def test_a_bad_row_is_named_by_line_and_nothing_is_loaded(db, tmp_path, capsys):
    path = tmp_path / "gias.csv"
    path.write_text(
        GIAS_HEADER
        + "990101,821,Luton,Good School,Community school,Open,Primary,LU1 3QA\n"
        + "99X,821,Luton,Bad URN School,Community school,Open,Primary,LU1 3QA\n"
        + '990103,82,Luton,"Two, problems",Community school,Shut,Primary,LU1 3QA\n'
        + "990101,821,Luton,Twice,Community school,Open,Primary,LU1 3QA\n",
        encoding="cp1252",
    )
    with pytest.raises(CommandError, match="Nothing loaded: 3 rows have problems"):
        call_command("load_schools", str(path))
    errors = capsys.readouterr().err
    assert 'Line 3: URN "99X" is not a 6-digit number' in errors
    assert 'Line 4: LA (code) "82" is not a 3-digit DfE code; EstablishmentStatus (name) "Shut"' in errors
    assert "Line 5: URN 990101 is on line 2 already" in errors
    assert School.objects.count() == 0
    call_command("load_schools", str(path), "--skip-bad-rows")
    assert "1 added, 0 updated, 3 bad rows skipped" in capsys.readouterr().out
    assert list(School.objects.values_list("name", flat=True)) == ["Good School"]


def test_a_file_without_the_gias_columns_is_refused(db, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,postcode\nA school,LU1 1AA\n")
    with pytest.raises(CommandError, match='it has no column "URN"'):
        call_command("load_schools", str(path))


def test_windows_1252_names_are_read():
    rows = list(gias_rows(GIAS_HEADER + "990101,821,Luton,St Aldric’s School,Community school,Open,Primary,lu1 3qa\n"))
    assert not isinstance(rows[0], BadRow) and rows[0].name == "St Aldric’s School" and rows[0].postcode == "LU1 3QA"


# --- the school-place clock --------------------------------------------------------------------------


def test_twenty_school_days_without_a_place_is_escalated_once_to_the_virtual_school_head(terms, placing_council):
    child = placed_child(terms, placing_council, start=date(2026, 10, 12), first_name="Nadia", last_name="Noplace")
    with time_machine.travel(at(date(2026, 11, 12)), tick=False):  # 19 school days (half term between)
        assert services.education_sweep() == {"records_opened": 0, "no_place_escalated": 0}  # opened when placed
        state = selectors.education_state(child)
        assert state.school_days_without_place == 19 and not state.place_overdue
        assert state.place_due_on == date(2026, 11, 13)
    with time_machine.travel(at(date(2026, 11, 13)), tick=False):
        state = selectors.education_state(child)
        assert state.school_days_without_place == 20 and state.place_overdue
        assert services.education_sweep()["no_place_escalated"] == 1
        assert services.education_sweep()["no_place_escalated"] == 0  # once
    message = OutboxMessage.objects.get(purpose="education.no_school_place")
    assert message.to == "virtual-school-head@luton.example"
    assert "20 school days" in message.subject and "N.N." in message.subject
    assert "Nadia" not in message.subject + message.body and "Noplace" not in message.body
    event = AuditEvent.objects.get(action="school_place.escalate")
    assert event.actor_label == "Safeguard (a timed rule)"
    # A place found, then lost: a new time without a place, escalated again after its own 20 days.
    school = SchoolFactory()
    with time_machine.travel(at(date(2026, 11, 16)), tick=False):
        services.school_place_record(actor=ACTOR, child=child, school=school, started_on=date(2026, 11, 16))
        assert selectors.education_state(child).enrolment.school == school
    with time_machine.travel(at(date(2026, 11, 27)), tick=False):
        services.school_place_end(actor=ACTOR, child=child, ended_on=date(2026, 11, 27))
        record = EducationRecord.objects.get(child=child)
        assert record.no_place_since == date(2026, 11, 28) and record.no_place_escalated_at is None
    with time_machine.travel(at(date(2027, 1, 7)), tick=False):  # 19 school days: Christmas in between
        assert selectors.education_state(child).school_days_without_place == 19
        assert services.education_sweep()["no_place_escalated"] == 0
    with time_machine.travel(at(date(2027, 1, 8)), tick=False):
        assert services.education_sweep()["no_place_escalated"] == 1
    assert OutboxMessage.objects.filter(purpose="education.no_school_place").count() == 2


def test_children_not_of_school_age_and_children_placed_elsewhere_have_no_clock(terms, placing_council):
    toddler = placed_child(terms, placing_council, start=date(2026, 9, 1), born=date(2024, 1, 1))
    with time_machine.travel(at(date(2026, 11, 20)), tick=False):
        assert services.education_sweep() == {"records_opened": 0, "no_place_escalated": 0}
        assert not selectors.education_state(toddler).school_age
        assert selectors.education_state(toddler).no_place_since is None


def test_a_school_cannot_start_before_the_current_one_nor_in_the_future(terms, placing_council):
    child = placed_child(terms, placing_council, start=date(2026, 9, 1))
    first, second = SchoolFactory(), SchoolFactory()
    with time_machine.travel(at(date(2026, 11, 20)), tick=False):
        services.school_place_record(actor=ACTOR, child=child, school=first, started_on=date(2026, 9, 7))
        with pytest.raises(services.EducationInvalid) as refused:
            services.school_place_record(actor=ACTOR, child=child, school=second, started_on=date(2026, 9, 7))
        assert "must be after they started at" in refused.value.errors["started_on"]
        with pytest.raises(services.EducationInvalid) as refused:
            services.school_place_record(actor=ACTOR, child=child, school=second, started_on=date(2026, 11, 23))
        assert refused.value.errors["started_on"] == "The date the child started must be today or in the past"
        services.school_place_record(actor=ACTOR, child=child, school=second, started_on=date(2026, 11, 2))
        history = list(EducationRecord.objects.get(child=child).enrolments.order_by("started_on"))
        assert [(e.school, e.started_on, e.ended_on) for e in history] == [
            (first, date(2026, 9, 7), date(2026, 11, 1)),
            (second, date(2026, 11, 2), None),
        ]


# --- the personal education plan ---------------------------------------------------------------------


def test_pep_due_dates_follow_entering_care_then_each_term(terms, placing_council):
    child = placed_child(terms, placing_council, start=date(2026, 11, 2))
    with time_machine.travel(at(date(2026, 11, 20)), tick=False):
        services.education_record_update(actor=ACTOR, child=child, entered_care_on=date(2026, 11, 2))
        state = selectors.education_state(child)
        # 10 working days after Monday 2 November: Monday 16 November; ready for the review by 30 November.
        assert (state.pep_reason, state.pep_due_on, state.pep_ready_by) == (
            "initiate",
            date(2026, 11, 16),
            date(2026, 11, 30),
        )
        assert state.pep_overdue
        assert EducationRecord.objects.get(child=child).pep_due_on == date(2026, 11, 16)
        services.pep_record(
            actor=ACTOR, child=child, held_on=date(2026, 11, 19), held_by="Hertfordshire Virtual School"
        )
        state = selectors.education_state(child)
        assert (state.pep_reason, state.pep_due_on, state.pep_overdue) == ("review", date(2027, 3, 25), False)
        record = EducationRecord.objects.get(child=child)
        assert record.pep_due_on == date(2027, 3, 25) and record.pep_held_by == "Hertfordshire Virtual School"
    with time_machine.travel(at(date(2027, 3, 26)), tick=False):
        assert selectors.education_state(child).pep_overdue


def test_changing_the_term_dates_moves_every_pep_due_date(terms, placing_council, virtual_school_officer):
    child = placed_child(terms, placing_council, start=date(2026, 9, 1))
    with time_machine.travel(at(date(2026, 11, 20)), tick=False):
        services.pep_record(actor=ACTOR, child=child, held_on=date(2026, 11, 10))
        spring = terms.school_terms.get(name="Spring term 2027")
        services.school_term_save(
            actor=virtual_school_officer,
            host_council=terms,
            term=spring,
            name=spring.name,
            starts_on=spring.starts_on,
            ends_on=date(2027, 3, 24),
            half_term_starts_on=spring.half_term_starts_on,
            half_term_ends_on=spring.half_term_ends_on,
        )
    assert EducationRecord.objects.get(child=child).pep_due_on == date(2027, 3, 24)
    event = AuditEvent.objects.filter(action="school_term.update").get()
    assert event.changes == {"ends_on": ["2027-03-25", "2027-03-24"]}


def test_terms_may_not_overlap_and_half_term_lies_within(terms):
    with pytest.raises(services.TermInvalid) as refused:
        services.school_term_save(
            actor=ACTOR, host_council=terms, name="Extra", starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 30)
        )
    assert refused.value.errors["starts_on"] == "The term overlaps Autumn term 2026: change its dates, or these"
    with pytest.raises(services.TermInvalid) as refused:
        services.school_term_save(
            actor=ACTOR,
            host_council=terms,
            name="Autumn term 2027",
            starts_on=date(2027, 9, 2),
            ends_on=date(2027, 12, 17),
            half_term_starts_on=date(2027, 12, 20),
            half_term_ends_on=date(2027, 12, 24),
        )
    assert refused.value.errors == {"half_term_starts_on": "The half-term holiday must start within the term"}


# --- the record's facts ------------------------------------------------------------------------------


def test_the_ehc_plan_comes_from_the_notification_when_it_says(host, placing_council):
    told = placed_child(host, placing_council, start=date(2026, 9, 1), has_ehc_plan=True)
    told.ehc_maintaining_authority = placing_council
    told.save()
    with pytest.raises(services.EducationInvalid) as refused:
        services.education_record_update(actor=ACTOR, child=told, has_ehc_plan=False)
    assert "correct it on the register" in refused.value.errors["has_ehc_plan"]
    state = selectors.education_state(told)
    assert state.has_ehc_plan and state.ehc_from_notification and state.ehc_maintaining_authority == placing_council
    not_told = placed_child(host, placing_council, start=date(2026, 9, 1))
    services.education_record_update(
        actor=ACTOR, child=not_told, has_ehc_plan=True, ehc_maintaining_authority=placing_council, year_group=5
    )
    state = selectors.education_state(not_told)
    assert state.has_ehc_plan and not state.ehc_from_notification and state.year_group == 5
    event = AuditEvent.objects.get(action="education_record.update")
    assert event.changes["has_ehc_plan"] == [None, True] and event.changes["year_group"] == [None, 5]


# --- who sees which child ----------------------------------------------------------------------------


def test_scoping(
    host,
    placing_council,
    other_council,
    virtual_school_officer,
    placing_social_worker,
    other_authority_user,
    sqa_officer,
    carer,
):
    ours = placed_child(host, placing_council, start=date(2026, 9, 1), first_name="Ours")
    theirs = placed_child(host, other_council, start=date(2026, 9, 1), first_name="Theirs")
    everyone = {ours.pk, theirs.pk}
    listed = lambda user: {r.child_id for r in selectors.education_list_for(user, selectors.ListFilters())}  # noqa: E731
    assert listed(virtual_school_officer) == everyone
    assert listed(placing_social_worker) == {ours.pk}
    assert listed(other_authority_user) == {theirs.pk}
    for outsider in (sqa_officer, carer):
        with pytest.raises(Http404):
            selectors.education_list_for(outsider, selectors.ListFilters())
        with pytest.raises(Http404):
            selectors.child_for_education(outsider, ours.pk)
        assert selectors.child_panel(outsider, ours) is None
    with pytest.raises(Http404):
        selectors.child_for_education(placing_social_worker, theirs.pk)
    assert selectors.child_for_education(placing_social_worker, ours.pk) == ours
    assert AuditEvent.objects.filter(action="education_record.view", object_id=str(ours.pk)).exists()


def test_the_list_puts_the_longest_without_a_place_first_then_overdue_peps(
    terms, placing_council, virtual_school_officer
):
    with time_machine.travel(at(date(2026, 11, 20)), tick=False):
        schooled = placed_child(terms, placing_council, start=date(2026, 9, 1), last_name="Aardvark")
        services.school_place_record(actor=ACTOR, child=schooled, school=SchoolFactory(), started_on=date(2026, 9, 7))
        services.education_record_update(actor=ACTOR, child=schooled, entered_care_on=date(2026, 9, 1))  # PEP overdue
        fine = placed_child(terms, placing_council, start=date(2026, 9, 1), last_name="Abbot")
        services.school_place_record(actor=ACTOR, child=fine, school=SchoolFactory(), started_on=date(2026, 9, 7))
        services.pep_record(actor=ACTOR, child=fine, held_on=date(2026, 11, 2))
        recent = placed_child(terms, placing_council, start=date(2026, 11, 9), last_name="Zephyr")
        longest = placed_child(terms, placing_council, start=date(2026, 10, 1), last_name="Young")
        order = [r.child_id for r in selectors.education_list_for(virtual_school_officer, selectors.ListFilters())]
        assert order == [longest.pk, recent.pk, schooled.pk, fine.pk]
        no_place = selectors.education_list_for(virtual_school_officer, selectors.ListFilters(no_place=True))
        assert [r.child_id for r in no_place] == [longest.pk, recent.pk]
        overdue = selectors.education_list_for(virtual_school_officer, selectors.ListFilters(pep_overdue=True))
        # The record opens when the child is placed, so the first PEP of a child still without a school
        # place is due (and overdue) like anyone's: 10 working days from entering care on 1 October.
        assert [r.child_id for r in overdue] == [longest.pk, schooled.pk]


# --- term dates in a host's configuration file -------------------------------------------------------


def test_a_host_file_may_carry_term_dates_checked_by_key(db):
    from safeguard.reference.services import host_config_check

    problems = host_config_check(
        {
            "term_dates": [
                {"name": "Autumn term 2027", "starts_on": "2027-09-02", "ends_on": "2027-12-17"},
                {"name": "Overlap", "starts_on": "2027-12-01", "ends_on": "2027-12-20"},
                {"name": "", "starts_on": "2 September", "ends_on": "2028-03-24", "half_term": "x"},
                {
                    "name": "Summer term 2028",
                    "starts_on": "2028-04-17",
                    "ends_on": "2028-07-20",
                    "half_term_starts_on": "2028-07-27",
                    "half_term_ends_on": "2028-07-31",
                },
            ]
        }
    )
    assert problems["term_dates[1].starts_on"] == "Overlaps term_dates[0]"
    assert problems["term_dates[2].name"] == "Enter the term's name, like Autumn term 2026"
    assert problems["term_dates[2].starts_on"] == 'Must be a date like "2026-09-03"'
    assert problems["term_dates[2].half_term"].startswith("Unknown key")
    assert problems["term_dates[3].half_term_starts_on"] == "The half-term holiday must start within the term"


def test_a_new_host_is_seeded_with_its_term_dates(db, tmp_path, capsys):
    import json

    from safeguard.reference import services as reference

    reference.councils_load()
    config = reference.host_config_standard()
    config["term_dates"] = [
        {
            "name": "Autumn term 2026",
            "starts_on": "2026-09-03",
            "ends_on": "2026-12-18",
            "half_term_starts_on": "2026-10-26",
            "half_term_ends_on": "2026-10-30",
        }
    ]
    path = tmp_path / "mk.json"
    path.write_text(json.dumps(config))
    call_command("add_host_council", "--dfe-code", "826", "--slug", "milton-keynes", "--from-file", str(path))
    assert "1 term" in capsys.readouterr().out
    from safeguard.accounts.models import HostCouncil

    host = HostCouncil.objects.get(slug="milton-keynes")
    assert services.term_dates_summary(host) == "1 term, the last ending 18 December 2026"
    assert selectors.school_calendar(host).school_days_from(date(2026, 10, 19), date(2026, 11, 6)) == 10
