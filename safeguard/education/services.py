"""Every write to schools, term dates and children's education records. Keyword-only, attributed,
audited in the same transaction; e-mails through the outbox after commit."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Team
from safeguard.core.audit import TIMED_RULE, Target, audit_event_record, changes_between, snapshot
from safeguard.core.errors import ServiceRefusal
from safeguard.core.outbox import outbox_email_enqueue
from safeguard.reference.selectors import team_of
from safeguard.register.models import Child
from safeguard.register.selectors import current_placements

from . import selectors
from .gias import SchoolRow
from .models import EducationRecord, PepMeeting, School, SchoolEnrolment, SchoolTerm
from .school_days import SchoolCalendar, school_age_births

RECORD_FIELDS = (
    "entered_care_on",
    "year_group",
    "designated_teacher_name",
    "designated_teacher_email",
    "designated_teacher_phone",
    "has_ehc_plan",
    "ehc_maintaining_authority",
    "virtual_school_contact_name",
    "virtual_school_contact_email",
    "virtual_school_contact_phone",
    "pep_held_by",
    "next_pep_on",
)
EHC_FIELDS = ("has_ehc_plan", "ehc_maintaining_authority")
SCHOOL_FIELDS = ("name", "phase", "establishment_type", "la_code", "la_name", "postcode", "is_open", "status")


# --- schools -----------------------------------------------------------------------------------------


@transaction.atomic
def schools_load(*, actor, rows: list[SchoolRow], source: str = "") -> dict[str, int]:
    """Add or update schools from checked GIAS rows, by URN (a school loaded again is updated, never
    doubled). One audit event for the load, with its counts."""
    existing = set(School.objects.filter(urn__in=[r.urn for r in rows]).values_list("urn", flat=True))
    batch = [School(urn=r.urn, **{name: getattr(r, name) for name in SCHOOL_FIELDS}) for r in rows]
    for start in range(0, len(batch), 1000):
        School.objects.bulk_create(
            batch[start : start + 1000],
            update_conflicts=True,
            unique_fields=["urn"],
            update_fields=[*SCHOOL_FIELDS, "updated_at"],
        )
    counts = {"added": len(rows) - len(existing), "updated": len(existing)}
    audit_event_record(
        actor=actor,
        action="school.load",
        target=Target("education.school", source[:200]),
        changes={"added": [None, counts["added"]], "updated": [None, counts["updated"]]},
    )
    return counts


# --- term dates --------------------------------------------------------------------------------------


class TermInvalid(ServiceRefusal):
    """A term's dates do not make sense; nothing was saved."""


def _term_problems(host_council: HostCouncil, term_pk: int | None, values: dict) -> dict[str, str]:
    errors = _term_shape_problems(values)
    starts, ends = values["starts_on"], values["ends_on"]
    if not errors:
        overlapping = (
            SchoolTerm.objects.filter(host_council=host_council, starts_on__lte=ends, ends_on__gte=starts)
            .exclude(pk=term_pk)
            .first()
        )
        if overlapping is not None:
            errors["starts_on"] = f"The term overlaps {overlapping.name}: change its dates, or these"
    return errors


def _term_shape_problems(values: dict) -> dict[str, str]:
    errors = {}
    starts, ends = values["starts_on"], values["ends_on"]
    half_start, half_end = values.get("half_term_starts_on"), values.get("half_term_ends_on")
    if not values.get("name", "").strip():
        errors["name"] = "Enter the term's name, like Autumn term 2026"
    if ends < starts:
        errors["ends_on"] = "The last day of term must be on or after the first day"
    if (half_start is None) != (half_end is None):
        field = "half_term_ends_on" if half_end is None else "half_term_starts_on"
        errors[field] = "Enter both days of the half-term holiday, or neither"
    elif half_start is not None:
        if not starts <= half_start <= ends:
            errors["half_term_starts_on"] = "The half-term holiday must start within the term"
        elif not half_start <= half_end <= ends:
            errors["half_term_ends_on"] = "The half-term holiday must end on or after it starts, within the term"
    return errors


def _pep_due_refresh_all(host_council: HostCouncil) -> None:
    """Term dates changed: each record's PEP due date follows them."""
    calendar = selectors.school_calendar(host_council)
    for record in EducationRecord.objects.filter(child__host_council=host_council).prefetch_related("peps"):
        _pep_due_refresh(record, calendar)


@transaction.atomic
def school_term_save(
    *,
    actor,
    host_council: HostCouncil,
    term: SchoolTerm | None = None,
    name: str,
    starts_on: date,
    ends_on: date,
    half_term_starts_on: date | None = None,
    half_term_ends_on: date | None = None,
) -> SchoolTerm:
    """Add a term (`term` None) or change one. Terms of one host never overlap; a half term lies inside its
    term. Every PEP due date of the host follows the new calendar."""
    values = {
        "name": name.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "half_term_starts_on": half_term_starts_on,
        "half_term_ends_on": half_term_ends_on,
    }
    errors = _term_problems(host_council, term.pk if term else None, values)
    if errors:
        raise TermInvalid(errors)
    before = snapshot(term, values) if term else {}
    term = term or SchoolTerm(host_council=host_council)
    for name_, value in values.items():
        setattr(term, name_, value)
    term.save()
    audit_event_record(
        actor=actor,
        action="school_term.update" if before else "school_term.add",
        target=term,
        host_council=host_council,
        changes=changes_between(before, values),
    )
    _pep_due_refresh_all(host_council)
    return term


# --- term dates in a host's configuration file (reference.host_sections) ---------------------------------

TERM_KEYS = ("name", "starts_on", "ends_on", "half_term_starts_on", "half_term_ends_on")


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def term_dates_config_check(value, config: dict) -> dict[str, str]:
    """The `term_dates` section of a host's configuration file: a list of terms, dates as ISO 8601
    ("2026-09-03"), each half term inside its term, no two terms overlapping. {key: problem}."""
    if not isinstance(value, list):
        return {"term_dates": "Must be a list ([…])"}
    problems: dict[str, str] = {}
    spans = []
    for i, term in enumerate(value):
        prefix = f"term_dates[{i}]."
        if not isinstance(term, dict):
            problems[f"term_dates[{i}]"] = "Must be an object ({…})"
            continue
        for key in set(term) - set(TERM_KEYS):
            problems[prefix + key] = f"Unknown key; expected one of {', '.join(TERM_KEYS)}"
        if not str(term.get("name") or "").strip():
            problems[prefix + "name"] = "Enter the term's name, like Autumn term 2026"
        dates = {}
        for key in TERM_KEYS[1:]:
            if key in term and _iso(term[key]) is None:
                problems[prefix + key] = 'Must be a date like "2026-09-03"'
            dates[key] = _iso(term.get(key))
        for key in ("starts_on", "ends_on"):
            if key not in term:
                problems[prefix + key] = 'Enter the date, like "2026-09-03"'
        if dates["starts_on"] and dates["ends_on"]:
            values = {"name": "x", **dates}
            for key, problem in _term_shape_problems(values).items():
                problems.setdefault(prefix + key, problem)
            spans.append((dates["starts_on"], dates["ends_on"], i))
    spans.sort()
    for (_, first_end, first), (second_start, _, second) in zip(spans, spans[1:], strict=False):
        if second_start <= first_end:
            problems.setdefault(f"term_dates[{second}].starts_on", f"Overlaps term_dates[{first}]")
    return problems


def term_dates_seed(*, actor, host_council: HostCouncil, value: list[dict]) -> str:
    """A new host's terms from its configuration file (already checked by `term_dates_config_check`)."""
    for term in value:
        school_term_save(
            actor=actor,
            host_council=host_council,
            name=term["name"],
            starts_on=_iso(term["starts_on"]),
            ends_on=_iso(term["ends_on"]),
            half_term_starts_on=_iso(term.get("half_term_starts_on")),
            half_term_ends_on=_iso(term.get("half_term_ends_on")),
        )
    return "no term dates" if not value else ("1 term" if len(value) == 1 else f"{len(value)} terms")


def term_dates_summary(host_council: HostCouncil) -> str:
    terms = selectors.terms_of(host_council)
    last = terms.last()
    if last is None:
        return "No term dates: school days are counted as working days"
    count = terms.count()
    return f"{count} {'term' if count == 1 else 'terms'}, the last ending {last.ends_on:%-d %B %Y}"


# --- a child's record --------------------------------------------------------------------------------


class EducationInvalid(ServiceRefusal):
    """Field-by-field problems with an education record; nothing was saved."""


def _pep_due_refresh(record: EducationRecord, calendar: SchoolCalendar) -> None:
    last = record.peps.order_by("-held_on").values_list("held_on", flat=True).first()
    due = selectors.pep_due_for(record, calendar, last_pep_on=last).due_on
    if due != record.pep_due_on:
        EducationRecord.objects.filter(pk=record.pk).update(pep_due_on=due)
        record.pep_due_on = due


def _record_get_or_open(*, actor, child: Child) -> EducationRecord:
    """The child's record, opened from the register's facts when there is none: without a school place
    since the current placement began (until the school is recorded), entered care on the earliest legal
    status notified."""
    record = EducationRecord.objects.select_for_update().filter(child=child).first()
    if record is not None:
        return record
    placement = current_placements().filter(child=child).order_by("-start_date").first()
    record = EducationRecord.objects.create(
        child=child,
        entered_care_on=selectors.entered_care_from_register(child),
        no_place_since=placement.start_date if placement else None,
    )
    _pep_due_refresh(record, selectors.school_calendar(child.host_council))
    audit_event_record(
        actor=actor,
        action="education_record.open",
        target=record,
        host_council=child.host_council,
        changes={"no_place_since": [None, record.no_place_since], "entered_care_on": [None, record.entered_care_on]},
    )
    return record


@transaction.atomic
def education_record_update(*, actor, child: Child, **values) -> EducationRecord:
    """Change the facts of a child's education record (the names in RECORD_FIELDS).

    The EHC plan and its maintaining council come from the placing council's notification (seed 001);
    they are entered here only when the notification did not say, and refused when it did."""
    unknown = set(values) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"education_record_update: unknown fields {sorted(unknown)}")
    errors = {}
    today = timezone.localdate()
    if child.has_ehc_plan is not None and any(name in values for name in EHC_FIELDS):
        errors["has_ehc_plan"] = (
            "The placing council's notification says whether there is an EHC plan: correct it on the register"
        )
    entered = values.get("entered_care_on")
    if entered is not None and entered > today:
        errors["entered_care_on"] = "The date the child entered care must be today or in the past"
    if entered is not None and entered < child.date_of_birth:
        errors["entered_care_on"] = "The date the child entered care must be on or after their date of birth"
    if values.get("has_ehc_plan") is False and values.get("ehc_maintaining_authority") is not None:
        errors["ehc_maintaining_authority"] = "Leave the maintaining council empty when there is no EHC plan"
    if errors:
        raise EducationInvalid(errors)
    record = _record_get_or_open(actor=actor, child=child)
    before = snapshot(record, [_attname(name) for name in values])
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    after = snapshot(record, [_attname(name) for name in values])
    _pep_due_refresh(record, selectors.school_calendar(child.host_council))
    changes = changes_between(before, after)
    if changes:
        audit_event_record(
            actor=actor,
            action="education_record.update",
            target=record,
            host_council=child.host_council,
            changes=changes,
        )
    return record


def _attname(name: str) -> str:
    return "ehc_maintaining_authority_id" if name == "ehc_maintaining_authority" else name


@transaction.atomic
def school_place_record(*, actor, child: Child, school: School, started_on: date) -> SchoolEnrolment:
    """The child has a place at `school` from `started_on`: the school before it (if any) ends the day
    before, and the clock of days without a place stops (and may escalate again if a place is lost)."""
    record = _record_get_or_open(actor=actor, child=child)
    current = record.enrolments.filter(ended_on__isnull=True).select_related("school").first()
    if started_on > timezone.localdate():
        raise EducationInvalid({"started_on": "The date the child started must be today or in the past"})
    if started_on < child.date_of_birth:
        raise EducationInvalid({"started_on": "The date the child started must be after their date of birth"})
    if current is not None and started_on <= current.started_on:
        raise EducationInvalid(
            {"started_on": f"The date the child started must be after they started at {current.school.name}"}
        )
    if current is not None and current.school_id == school.pk:
        raise EducationInvalid({"school": f"{school.name} is the child's school already"})
    if not school.is_open:
        raise EducationInvalid({"school": f"{school.name} is closed: choose an open school"})
    if current is not None:
        current.ended_on = started_on - timedelta(days=1)
        current.save(update_fields=["ended_on"])
    enrolment = SchoolEnrolment.objects.create(record=record, school=school, started_on=started_on)
    was_since = record.no_place_since
    record.no_place_since = None
    record.no_place_escalated_at = None
    record.save(update_fields=["no_place_since", "no_place_escalated_at", "updated_at"])
    audit_event_record(
        actor=actor,
        action="school_place.record",
        target=enrolment,
        host_council=child.host_council,
        changes={
            "school": [current.school.urn if current else None, school.urn],
            "started_on": [None, started_on],
            "no_place_since": [was_since, None],
        },
    )
    return enrolment


@transaction.atomic
def school_place_end(*, actor, child: Child, ended_on: date) -> SchoolEnrolment:
    """The child left their school on `ended_on` with no new place: from the next day the clock of school
    days without a place runs."""
    record = _record_get_or_open(actor=actor, child=child)
    current = record.enrolments.filter(ended_on__isnull=True).select_related("school").first()
    if current is None:
        raise EducationInvalid({"ended_on": "The child has no school recorded to leave"})
    if ended_on > timezone.localdate():
        raise EducationInvalid({"ended_on": "The child's last day at the school must be today or in the past"})
    if ended_on < current.started_on:
        raise EducationInvalid(
            {"ended_on": f"The child's last day must be on or after they started at {current.school.name}"}
        )
    current.ended_on = ended_on
    current.save(update_fields=["ended_on"])
    record.no_place_since = ended_on + timedelta(days=1)
    record.no_place_escalated_at = None
    record.save(update_fields=["no_place_since", "no_place_escalated_at", "updated_at"])
    audit_event_record(
        actor=actor,
        action="school_place.end",
        target=current,
        host_council=child.host_council,
        changes={"ended_on": [None, ended_on], "no_place_since": [None, record.no_place_since]},
    )
    return current


@transaction.atomic
def pep_record(*, actor, child: Child, held_on: date, held_by: str = "", notes: str = "") -> PepMeeting:
    """A personal education plan meeting was held. The next is due each term after it
    (EDUCATION_PEP_REVIEW_TERMS); the first initiates the PEP."""
    if held_on > timezone.localdate():
        raise EducationInvalid({"held_on": "The date of the PEP meeting must be today or in the past"})
    if held_on < child.date_of_birth:
        raise EducationInvalid({"held_on": "The date of the PEP meeting must be after the child's date of birth"})
    record = _record_get_or_open(actor=actor, child=child)
    pep = PepMeeting.objects.create(
        record=record,
        held_on=held_on,
        held_by=held_by.strip(),
        notes=notes.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    update_fields = ["updated_at"]
    if held_by.strip():
        record.pep_held_by = held_by.strip()
        update_fields.append("pep_held_by")
    if record.next_pep_on is not None and record.next_pep_on <= held_on:
        record.next_pep_on = None  # the planned meeting has happened
        update_fields.append("next_pep_on")
    record.save(update_fields=update_fields)
    before_due = record.pep_due_on
    _pep_due_refresh(record, selectors.school_calendar(child.host_council))
    audit_event_record(
        actor=actor,
        action="pep.record",
        target=pep,
        host_council=child.host_council,
        changes={
            "held_on": [None, held_on],
            "held_by": [None, pep.held_by],
            "pep_due_on": [before_due, record.pep_due_on],
        },
    )
    return pep


# --- the timed rule ----------------------------------------------------------------------------------


def _virtual_school_head_email(host_council: HostCouncil) -> str:
    """The Virtual School head: the Virtual School team's manager, else the team's own address."""
    team = team_of(host_council, Team.Kind.VIRTUAL_SCHOOL)
    if team is None:
        return ""
    return team.manager_email or team.email


def child_education_link(child: Child) -> str:
    return f"{settings.SAFEGUARD_BASE_URL}{reverse('education:record_detail', args=[child.pk])}"


def education_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic rule (Celery beat hourly; `outbox_worker` on the embedded default).

    A child placed in the area without a school place for EDUCATION_SCHOOL_PLACE_WITHIN_SCHOOL_DAYS (20)
    school days — the expectation of the statutory guidance "Promoting the education of looked-after
    children" (2018) for a child placed out of area — is escalated to the host's Virtual School head,
    once for each time without a place. A child with no record yet has its record opened first (no place
    since the placement began)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    threshold = settings.EDUCATION_SCHOOL_PLACE_WITHIN_SCHOOL_DAYS
    # 20 school days span at least 26 calendar days: nothing younger can be due.
    earliest = today - timedelta(days=threshold + (threshold // 5) * 2 - 3)
    placed_now = current_placements(today).filter(child=OuterRef("pk"))
    born_after, born_by = school_age_births(today)
    opened = 0
    unopened = Child.objects.filter(
        Exists(placed_now), education__isnull=True, date_of_birth__gt=born_after, date_of_birth__lte=born_by
    ).filter(Exists(current_placements(today).filter(child=OuterRef("pk"), start_date__lte=earliest)))
    for child in unopened.iterator():
        with transaction.atomic():
            _record_get_or_open(actor=TIMED_RULE, child=child)
            opened += 1
    candidates = (
        EducationRecord.objects.filter(
            no_place_since__isnull=False, no_place_since__lte=earliest, no_place_escalated_at__isnull=True
        )
        .filter(Exists(current_placements(today).filter(child=OuterRef("child"))))
        .filter(child__date_of_birth__gt=born_after, child__date_of_birth__lte=born_by)
        .select_related("child__host_council__organisation", "child__placing_authority")
    )
    calendars: dict[int, SchoolCalendar] = {}
    escalated = 0
    for record in candidates:
        child = record.child
        calendar = calendars.get(child.host_council_id)
        if calendar is None:
            calendar = calendars[child.host_council_id] = selectors.school_calendar(child.host_council)
        days = calendar.school_days_from(record.no_place_since, today)
        if days < threshold:
            continue
        with transaction.atomic():
            claimed = EducationRecord.objects.filter(
                pk=record.pk, no_place_escalated_at__isnull=True, no_place_since=record.no_place_since
            ).update(no_place_escalated_at=now)
            if claimed != 1:
                continue  # another sweep got there first, or a place was recorded meanwhile
            address = _virtual_school_head_email(child.host_council)
            if address:
                outbox_email_enqueue(
                    to=address,
                    subject=f"No school place for {days} school days: {child.initials_and_reference}",
                    body=(
                        f"A child placed in {child.host_council.name} by {child.placing_authority.name} has had no "
                        f"school place recorded since {record.no_place_since:%-d %B %Y}: {days} school days. "
                        f"The statutory guidance expects a looked-after child placed out of area to have a school "
                        f"place within {threshold} school days. "
                        f"Open Safeguard (sign in first): {child_education_link(child)}"
                    ),
                    purpose="education.no_school_place",
                    host_council=child.host_council,
                )
            audit_event_record(
                actor=TIMED_RULE,
                action="school_place.escalate",
                target=record,
                host_council=child.host_council,
                changes={
                    "no_place_escalated_at": [None, now],
                    "rule": [None, f"{threshold} school days without a school place"],
                    "told": [None, "the Virtual School head" if address else "nobody: no Virtual School address"],
                },
            )
            escalated += 1
    return {"records_opened": opened, "no_place_escalated": escalated}
