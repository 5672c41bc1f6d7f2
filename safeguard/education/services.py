"""Every write to schools, term dates and children's education records. Keyword-only, attributed,
audited in the same transaction; e-mails through the outbox after commit."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Team
from safeguard.core.audit import TIMED_RULE, Target, audit_event_record, changes_between, snapshot
from safeguard.core.errors import ServiceRefusal
from safeguard.core.outbox import outbox_email_enqueue
from safeguard.reference.selectors import team_of
from safeguard.register.models import Child, Placement
from safeguard.register.selectors import current_placements

from . import attendance, extensions, selectors
from .gias import SchoolRow
from .models import (
    AttendanceImport,
    AttendanceMark,
    AttendanceSetting,
    EducationRecord,
    PepMeeting,
    School,
    SchoolEnrolment,
    SchoolTerm,
)
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
    urgency_refresh(EducationRecord.objects.filter(pk=record.pk))


def urgency_refresh(records, *, today: date | None = None) -> int:
    """Keep the list's stored order of `records` (a queryset): 0 a child of school age without a school
    place (longest first), 1 a PEP due (soonest first), 2 nothing due. Three set-based updates; the
    sweep runs it over every record daily, as children reach and leave school age."""
    born_after, born_by = school_age_births(today or timezone.localdate())
    of_age = Q(child__date_of_birth__gt=born_after, child__date_of_birth__lte=born_by)
    without = Q(no_place_since__isnull=False) & of_age
    changed = records.filter(without).exclude(urgency_rank=0, urgency_on=F("no_place_since"))
    count = EducationRecord.objects.filter(pk__in=changed.values("pk")).update(
        urgency_rank=0, urgency_on=F("no_place_since")
    )
    pep = records.exclude(without).filter(pep_due_on__isnull=False).exclude(urgency_rank=1, urgency_on=F("pep_due_on"))
    count += EducationRecord.objects.filter(pk__in=pep.values("pk")).update(urgency_rank=1, urgency_on=F("pep_due_on"))
    rest = records.exclude(without).filter(pep_due_on__isnull=True).exclude(urgency_rank=2, urgency_on__isnull=True)
    count += EducationRecord.objects.filter(pk__in=rest.values("pk")).update(urgency_rank=2, urgency_on=None)
    return count


def _placement_span_refresh(record: EducationRecord) -> None:
    """The span of the child's latest placement here, which the list's "placed now" reads."""
    latest = Placement.objects.filter(child_id=record.child_id).order_by("-start_date", "-pk").first()
    placed_from = latest.start_date if latest else None
    placed_until = latest.end_date if latest else None
    if (record.placed_from, record.placed_until) != (placed_from, placed_until):
        EducationRecord.objects.filter(pk=record.pk).update(placed_from=placed_from, placed_until=placed_until)
        record.placed_from, record.placed_until = placed_from, placed_until


@transaction.atomic  # the register's transaction when called from it; its own from a bare factory
def education_record_sync(child: Child) -> None:
    """The register's hook (`register.extensions.placements_changed`, filled by `home`): the child's
    placements changed, so their education record opens (a child placed here has one from the first day,
    so the Virtual School's list reads records alone) and follows the placement's span. A new placement
    of a child with no school recorded starts the clock of days without a place. Part of the register's
    audited event (no event of its own)."""
    record = EducationRecord.objects.select_for_update().filter(child=child).first()
    if record is None:
        _record_open_from_placements(child)
        return
    if record.no_place_since is None and not record.enrolments.filter(ended_on__isnull=True).exists():
        placement = current_placements().filter(child=child).order_by("-start_date").first()
        if placement is not None:
            EducationRecord.objects.filter(pk=record.pk).update(no_place_since=placement.start_date)
            urgency_refresh(EducationRecord.objects.filter(pk=record.pk))
    _placement_span_refresh(record)


def _record_open_from_placements(child: Child) -> EducationRecord:
    """A child's first record, written in one INSERT with its PEP due date, list order and placement span
    worked out here: every notification of a child new to the register opens one, and the same facts
    set by later UPDATEs cost nine statements a notification (the intake benchmark)."""
    today = timezone.localdate()
    placements = list(Placement.objects.filter(child=child).order_by("-start_date", "-pk"))
    current = [p for p in placements if p.start_date <= today and (p.end_date is None or p.end_date >= today)]
    first_status = child.legal_statuses.order_by("from_date").values_list("from_date", flat=True).first()
    record = EducationRecord(
        child=child,
        host_council_id=child.host_council_id,
        entered_care_on=first_status or (min(p.start_date for p in placements) if placements else None),
        no_place_since=current[0].start_date if current else None,
        placed_from=placements[0].start_date if placements else None,
        placed_until=placements[0].end_date if placements else None,
    )
    record.pep_due_on = selectors.pep_due_for(record, selectors.school_calendar(child.host_council)).due_on
    # The list's order, as urgency_refresh keeps it: a child of school age without a place, a PEP due, nothing.
    born_after, born_by = school_age_births(today)
    if record.no_place_since is not None and born_after < child.date_of_birth <= born_by:
        record.urgency_rank, record.urgency_on = 0, record.no_place_since
    elif record.pep_due_on is not None:
        record.urgency_rank, record.urgency_on = 1, record.pep_due_on
    else:
        record.urgency_rank, record.urgency_on = 2, None
    record.save(force_insert=True)
    return record


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
        host_council_id=child.host_council_id,
        entered_care_on=selectors.entered_care_from_register(child),
        no_place_since=placement.start_date if placement else None,
    )
    _placement_span_refresh(record)
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
    urgency_refresh(EducationRecord.objects.filter(pk=record.pk))
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
    urgency_refresh(EducationRecord.objects.filter(pk=record.pk))
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
    urgency_refresh(EducationRecord.objects.all(), today=today)
    return {"records_opened": opened, "no_place_escalated": escalated}


# --- attendance --------------------------------------------------------------------------------------

ATTENDANCE_BATCH = 20_000  # marks written at a time: memory stays flat however long the file
ATTENDANCE_PROBLEMS_KEPT = 1_000  # refused rows kept to show (all are counted)
ATTENDANCE_ALERT_MIN_POSSIBLE = 10  # a school week: fewer possible sessions say too little to alert on


_COPY_CODES = {code: code.replace("\\", "\\\\") for code in attendance.CODES}


def _marks_write(batch: dict[tuple[int, date, str], str]) -> None:
    """Add or replace a batch of marks, one per child, date and session (an upsert: importing a mark
    again replaces it, never doubles it). PostgreSQL: COPY into a temporary table, then one INSERT … ON
    CONFLICT; other databases: bulk_create with update_conflicts."""
    if not batch:
        return
    if connection.vendor != "postgresql":
        AttendanceMark.objects.bulk_create(
            [AttendanceMark(child_id=c, date=d, session=s, code=code) for (c, d, s), code in batch.items()],
            update_conflicts=True,
            unique_fields=["child", "date", "session"],
            update_fields=["code"],
            batch_size=2000,
        )
        return
    table = AttendanceMark._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS attendance_incoming "
            "(child_id bigint, date date, session varchar(2), code varchar(2)) ON COMMIT DROP"
        )
        # The rows as COPY's text format, written in one block (much faster than a row at a time): every
        # value is a number, an ISO date or a code of the fixed list; only the code \ (present in the
        # afternoon) needs escaping.
        days: dict[date, str] = {}
        text = "".join(
            f"{child_id}\t{days.get(day) or days.setdefault(day, day.isoformat())}\t{session}\t{_COPY_CODES[code]}\n"
            for (child_id, day, session), code in batch.items()
        )
        with cursor.copy("COPY attendance_incoming (child_id, date, session, code) FROM STDIN") as copy:
            copy.write(text.encode())
        cursor.execute(
            f"INSERT INTO {table} (child_id, date, session, code) "  # noqa: S608 (our own table's name)
            "SELECT child_id, date, session, code FROM attendance_incoming "
            "ON CONFLICT (child_id, date, session) DO UPDATE SET code = EXCLUDED.code "
            f"WHERE {table}.code IS DISTINCT FROM EXCLUDED.code"
        )
        cursor.execute("TRUNCATE attendance_incoming")


def _attendance_scope(*, host_council: HostCouncil | None, placing_authority) -> tuple[dict[str, int], set[int]]:
    """The children an import may mark: {UPN: child id} and the ids. A host's Virtual School marks the
    children placed in its area; a placing council's API token, its own children."""
    children = Child.objects.all()
    if host_council is not None:
        children = children.filter(host_council=host_council)
    if placing_authority is not None:
        children = children.filter(placing_authority=placing_authority)
    if host_council is None and placing_authority is None:
        children = children.none()
    by_upn, ids = {}, set()
    for pk, upn in children.values_list("pk", "upn").iterator(chunk_size=10_000):
        ids.add(pk)
        if upn:
            by_upn[upn.upper()] = pk
    return by_upn, ids


@transaction.atomic
def attendance_import(
    *,
    actor,
    lines,
    source: str,
    host_council: HostCouncil | None = None,
    placing_authority=None,
    file_name: str = "",
) -> AttendanceImport:
    """Import a file of session marks (attendance.py describes it), row by row.

    Good rows are kept and bad ones refused, each named by its line, field and what to do; a mark
    imported again replaces the one before (importing the same file twice changes nothing). Then each
    child's figures are counted again and the alerts sent: below the host's attendance threshold, and at
    once an unexplained absence while the child is missing. A file that cannot be read at all raises
    FileUnreadable and keeps nothing."""
    today = timezone.localdate()
    by_upn, in_scope = _attendance_scope(host_council=host_council, placing_authority=placing_authority)
    result = AttendanceImport(
        host_council=host_council,
        placing_authority=placing_authority,
        source=source,
        file_name=file_name[:200],
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        imported_by_label=getattr(actor, "label", "") or getattr(actor, "full_name", "") or str(actor)[:200],
    )
    problems: list[dict] = []
    refused = kept = read = 0
    touched: set[int] = set()
    unexplained: dict[int, date] = {}  # child: the latest unexplained absence in this file
    batch: dict[tuple[int, date, str], str] = {}
    for item in attendance.rows_read(lines, today=today):
        read += 1
        if isinstance(item, attendance.Problem):
            refused += 1
            if len(problems) < ATTENDANCE_PROBLEMS_KEPT:
                problems.append(item.as_dict())
            continue
        if item.child_id is not None:
            child_id = item.child_id if item.child_id in in_scope else None
            field_name = "child_id"
        else:
            child_id = by_upn.get(item.upn)
            field_name = "upn"
        if child_id is None:
            refused += 1
            if len(problems) < ATTENDANCE_PROBLEMS_KEPT:
                problems.append(
                    attendance.Problem(
                        item.line,
                        field_name,
                        "No child placed here has this number: check it against the child's record",
                    ).as_dict()
                )
            continue
        touched.add(child_id)
        for session, code in item.marks:
            batch[(child_id, item.date, session)] = code
            kept += 1
            if code in attendance.UNEXPLAINED_CODES and unexplained.get(child_id, date.min) < item.date:
                unexplained[child_id] = item.date
        if len(batch) >= ATTENDANCE_BATCH:
            _marks_write(batch)
            batch = {}
    _marks_write(batch)
    result.rows_read, result.marks_kept, result.rows_refused = read, kept, refused
    result.children, result.problems = len(touched), problems
    result.save()
    audit_event_record(
        actor=actor,
        action="attendance.import",
        target=result,
        host_council=host_council,
        changes={
            "marks_kept": [None, kept],
            "rows_refused": [None, refused],
            "children": [None, len(touched)],
            "source": [None, source],
        },
    )
    if touched:
        attendance_figures_refresh(child_ids=touched, today=today)
        _attendance_alerts(child_ids=touched, unexplained=unexplained, today=today)
    return result


def attendance_figures_refresh(*, child_ids, today: date | None = None) -> None:
    """Count each child's attendance again from their marks: this term (the host's term that today falls
    in, else the last one begun this school year), the school year, unexplained absences (O, N) and
    sessions excluded (E). Opens the record of a child who has none."""
    today = today or timezone.localdate()
    year_start = attendance.school_year_start(today)
    ids = sorted(child_ids)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        without = Child.objects.filter(pk__in=chunk, education__isnull=True).select_related("host_council")
        for child in without:
            education_record_sync(child)
        if connection.vendor == "postgresql":
            _figures_count_in_sql(chunk, year_start=year_start, today=today)
            continue
        records = {r.child_id: r for r in EducationRecord.objects.filter(child_id__in=chunk)}
        term_starts = {}
        for host_id in {r.host_council_id for r in records.values()}:
            term = (
                SchoolTerm.objects.filter(host_council_id=host_id, starts_on__lte=today, starts_on__gte=year_start)
                .order_by("-starts_on")
                .first()
            )
            term_starts[host_id] = term.starts_on if term else None
        marks = AttendanceMark.objects.filter(child_id__in=chunk, date__gte=year_start, date__lte=today)
        possible = Q(code__in=attendance.POSSIBLE_CODES)
        attended = Q(code__in=attendance.ATTENDED_CODES)
        figures = {
            row["child_id"]: row
            for row in marks.values("child_id").annotate(
                possible=Count("pk", filter=possible),
                attended=Count("pk", filter=attended),
                unexplained=Count("pk", filter=Q(code__in=attendance.UNEXPLAINED_CODES)),
                excluded=Count("pk", filter=Q(code__in=attendance.EXCLUSION_CODES)),
                marked_to=Max("date"),
            )
        }
        term_figures = {}
        for host_id, term_start in term_starts.items():
            if term_start is None:
                continue
            host_children = [c for c, r in records.items() if r.host_council_id == host_id]
            term_figures.update(
                {
                    row["child_id"]: row
                    for row in marks.filter(child_id__in=host_children, date__gte=term_start)
                    .values("child_id")
                    .annotate(possible=Count("pk", filter=possible), attended=Count("pk", filter=attended))
                }
            )
        changed = []
        for child_id, record in records.items():
            year = figures.get(child_id, {})
            term = term_figures.get(child_id, {})
            record.attendance_year_percent = attendance.percent(year.get("attended", 0), year.get("possible", 0))
            record.attendance_year_possible = year.get("possible", 0)
            record.attendance_term_percent = attendance.percent(term.get("attended", 0), term.get("possible", 0))
            record.unexplained_absences = year.get("unexplained", 0)
            record.exclusion_sessions = year.get("excluded", 0)
            record.attendance_marked_to = year.get("marked_to")
            changed.append(record)
        EducationRecord.objects.bulk_update(
            changed,
            [
                "attendance_year_percent",
                "attendance_year_possible",
                "attendance_term_percent",
                "unexplained_absences",
                "exclusion_sessions",
                "attendance_marked_to",
            ],
            batch_size=1000,
        )


_FIGURES_SQL = """
WITH terms AS (
    SELECT host_council_id, max(starts_on) AS term_start FROM {term}
    WHERE starts_on <= %(today)s AND starts_on >= %(year_start)s GROUP BY host_council_id
), figures AS (
    SELECT m.child_id,
        count(*) FILTER (WHERE m.code = ANY(%(possible)s)) AS possible,
        count(*) FILTER (WHERE m.code = ANY(%(attended)s)) AS attended,
        count(*) FILTER (WHERE m.code = ANY(%(possible)s) AND m.date >= t.term_start) AS term_possible,
        count(*) FILTER (WHERE m.code = ANY(%(attended)s) AND m.date >= t.term_start) AS term_attended,
        count(*) FILTER (WHERE m.code = ANY(%(unexplained)s)) AS unexplained,
        count(*) FILTER (WHERE m.code = ANY(%(excluded)s)) AS excluded,
        max(m.date) AS marked_to
    FROM {mark} m
    JOIN {record} r0 ON r0.child_id = m.child_id
    LEFT JOIN terms t ON t.host_council_id = r0.host_council_id
    WHERE m.child_id = ANY(%(ids)s) AND m.date >= %(year_start)s AND m.date <= %(today)s
    GROUP BY m.child_id
)
UPDATE {record} r SET
    attendance_year_possible = coalesce(f.possible, 0),
    attendance_year_percent = CASE WHEN f.possible > 0 THEN round(f.attended * 100.0 / f.possible, 1) END,
    attendance_term_percent = CASE WHEN f.term_possible > 0 THEN round(f.term_attended * 100.0 / f.term_possible, 1) END,
    unexplained_absences = coalesce(f.unexplained, 0),
    exclusion_sessions = coalesce(f.excluded, 0),
    attendance_marked_to = f.marked_to
FROM unnest(%(ids)s::bigint[]) AS ids(child_id) LEFT JOIN figures f ON f.child_id = ids.child_id
WHERE r.child_id = ids.child_id
"""


def _figures_count_in_sql(child_ids: list[int], *, year_start: date, today: date) -> None:
    """The same counts as the loop above, in one statement: PostgreSQL groups the marks and writes every
    record of the chunk at once (the percentages rounded half up to one place, as attendance.percent)."""
    sql = _FIGURES_SQL.format(
        term=SchoolTerm._meta.db_table, mark=AttendanceMark._meta.db_table, record=EducationRecord._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "ids": list(child_ids),
                "today": today,
                "year_start": year_start,
                "possible": sorted(attendance.POSSIBLE_CODES),
                "attended": sorted(attendance.ATTENDED_CODES),
                "unexplained": sorted(attendance.UNEXPLAINED_CODES),
                "excluded": sorted(attendance.EXCLUSION_CODES),
            },
        )


def _alert_addresses(child: Child) -> tuple[list[str], str]:
    """The host's Virtual School (its team's address) and the child's social worker, as named by the
    placing council; and who that is, in words for the audit."""
    addresses, told = [], []
    team = team_of(child.host_council, Team.Kind.VIRTUAL_SCHOOL)
    if team is not None and (team.email or team.manager_email):
        addresses.append(team.email or team.manager_email)
        told.append("the Virtual School")
    if child.social_worker_email and child.social_worker_email not in addresses:
        addresses.append(child.social_worker_email)
        told.append("the placing social worker")
    return addresses, " and ".join(told) or "nobody: no address for the Virtual School or the social worker"


def _attendance_alerts(*, child_ids, unexplained: dict[int, date], today: date) -> None:
    """After an import: each child newly below the host's threshold over the school year (with at least a
    week of possible sessions), once until they are back above it; and, at once, each child with an
    unexplained absence on or after the day they went missing in an episode still open (once an episode).
    E-mails through the outbox with the child's initials and reference only."""
    now = timezone.now()
    thresholds: dict[int | None, Decimal] = {}
    ids = sorted(child_ids)
    open_episodes = extensions.open_missing_episodes(list(unexplained)) if unexplained else {}
    for start in range(0, len(ids), 5000):
        chunk = EducationRecord.objects.filter(child_id__in=ids[start : start + 5000])
        # Only the records that may need a word are read: newly below the threshold, back above it after
        # an alert, or with an unexplained absence while missing (the rest of a term's file needs none).
        wanted = Q(child_id__in=[c for c in open_episodes if c in unexplained])
        for host_id in chunk.values_list("host_council_id", flat=True).distinct():
            threshold = thresholds[host_id] = selectors.attendance_threshold_of(host_id)
            below = Q(
                attendance_year_percent__lt=threshold, attendance_year_possible__gte=ATTENDANCE_ALERT_MIN_POSSIBLE
            )
            of_host = Q(host_council_id=host_id) if host_id is not None else Q(host_council__isnull=True)
            wanted |= of_host & below & Q(attendance_below_alerted_at__isnull=True)
            wanted |= (
                of_host & ~below & Q(attendance_below_alerted_at__isnull=False, attendance_year_percent__isnull=False)
            )
        records = chunk.filter(wanted).select_related("child__host_council__organisation", "child__placing_authority")
        for record in records:
            child = record.child
            threshold = thresholds.get(record.host_council_id)
            if threshold is None:
                threshold = thresholds[record.host_council_id] = selectors.attendance_threshold_of(
                    record.host_council_id
                )
            percent = record.attendance_year_percent
            below = (
                percent is not None
                and percent < threshold
                and record.attendance_year_possible >= ATTENDANCE_ALERT_MIN_POSSIBLE
            )
            if below and record.attendance_below_alerted_at is None:
                EducationRecord.objects.filter(pk=record.pk).update(attendance_below_alerted_at=now)
                _attendance_email(
                    child,
                    action="attendance.alert_below_threshold",
                    record=record,
                    subject=f"Attendance below {threshold}%: {child.initials_and_reference}",
                    body=(
                        f"The attendance of a child placed in {child.host_council.name} by "
                        f"{child.placing_authority.name} is {percent}% over this school year, below the "
                        f"threshold of {threshold}% (marks up to {record.attendance_marked_to:%-d %B %Y}). "
                        f"Unexplained absences: {record.unexplained_absences}; sessions excluded: "
                        f"{record.exclusion_sessions}."
                    ),
                    purpose="education.attendance_below_threshold",
                    changes={"attendance_year_percent": [None, str(percent)], "threshold": [None, str(threshold)]},
                )
            elif not below and record.attendance_below_alerted_at is not None and percent is not None:
                EducationRecord.objects.filter(pk=record.pk).update(attendance_below_alerted_at=None)
            episode = open_episodes.get(child.pk)
            absent_on = unexplained.get(child.pk)
            if episode is None or absent_on is None:
                continue
            key, missing_since = episode
            if absent_on < missing_since or record.missing_absence_alerted_for == key:
                continue
            EducationRecord.objects.filter(pk=record.pk).update(missing_absence_alerted_for=key)
            _attendance_email(
                child,
                action="attendance.alert_missing_absence",
                record=record,
                subject=f"Unexplained absence while missing: {child.initials_and_reference}",
                body=(
                    f"A child placed in {child.host_council.name} by {child.placing_authority.name}, who has been "
                    f"missing or away since {missing_since:%-d %B %Y}, has an unexplained absence from school on "
                    f"{absent_on:%-d %B %Y}. Check with the school and the police today."
                ),
                purpose="education.attendance_missing_absence",
                changes={"absent_on": [None, absent_on], "missing_since": [None, missing_since]},
            )


def _attendance_email(child, *, action, record, subject, body, purpose, changes) -> None:
    addresses, told = _alert_addresses(child)
    for address in addresses:
        outbox_email_enqueue(
            to=address,
            subject=subject,
            body=f"{body} Open Safeguard (sign in first): {child_education_link(child)}",
            purpose=purpose,
            host_council=child.host_council,
        )
    audit_event_record(
        actor=TIMED_RULE,
        action=action,
        target=record,
        host_council=child.host_council,
        changes={**changes, "told": [None, told]},
    )


def attendance_threshold_check(value, config: dict) -> dict[str, str]:
    """The `attendance_threshold_percent` of a host's configuration file: a number from 1 to 100."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 100:
        return {"attendance_threshold_percent": "Must be a number from 1 to 100, like 90"}
    return {}


def attendance_threshold_seed(*, actor, host_council: HostCouncil, value) -> str:
    AttendanceSetting.objects.update_or_create(
        host_council=host_council, defaults={"threshold_percent": Decimal(str(value))}
    )
    audit_event_record(
        actor=actor,
        action="attendance_threshold.seed",
        target=Target("education.attendancesetting", str(host_council.pk)),
        host_council=host_council,
        changes={"threshold_percent": [None, str(value)]},
    )
    return f"attendance threshold {value}%"


@transaction.atomic
def attendance_threshold_set(*, actor, host_council: HostCouncil, threshold_percent) -> AttendanceSetting:
    """Set the host's attendance threshold (1 to 100, one decimal place): below it over the school year the
    Virtual School and the placing social worker are told. Audited with the value before and after."""
    try:
        value = Decimal(str(threshold_percent)).quantize(Decimal("0.1"))
    except ArithmeticError:
        raise ServiceRefusal({"threshold_percent": "Enter the attendance threshold as a number, like 90"}) from None
    if not Decimal(1) <= value <= Decimal(100):
        raise ServiceRefusal({"threshold_percent": "Enter an attendance threshold from 1 to 100, like 90"})
    before = selectors.attendance_threshold_of(host_council.pk)
    setting, _ = AttendanceSetting.objects.update_or_create(
        host_council=host_council, defaults={"threshold_percent": value}
    )
    if before != value:
        audit_event_record(
            actor=actor,
            action="attendance_threshold.set",
            target=Target("education.attendancesetting", str(host_council.pk)),
            host_council=host_council,
            changes={"threshold_percent": [str(before), str(value)]},
        )
    return setting


def attendance_threshold_summary(host_council: HostCouncil) -> str:
    return f"Attendance threshold {selectors.attendance_threshold_of(host_council.pk)}%"
