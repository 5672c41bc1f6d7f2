"""Who sees which child's education record, and the Virtual School's list. Out of scope is a 404.

- The host's Virtual School officers: every child placed in their host council's area.
- The placing council's social worker: their own council's children (in any host area).
- Nobody else: not the host's other teams, not another host, not the carer or the police.
Reading a record, or the list, is an access event.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.core.audit import audit_access_record, audit_list_record
from safeguard.register.models import Child
from safeguard.register.selectors import children_visible_to, current_placements

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
from .school_days import SchoolCalendar, is_school_age, pep_due, year_group_for, year_group_label

EDUCATION_ROLES = frozenset({Role.VIRTUAL_SCHOOL_OFFICER, Role.PLACING_SOCIAL_WORKER})
TERM_EDITOR_ROLES = frozenset({Role.VIRTUAL_SCHOOL_OFFICER, Role.HOST_ADMIN})


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def may_see_education(user) -> bool:
    return _signed_in(user) and user.role in EDUCATION_ROLES


def may_list(user) -> bool:
    """The Virtual School's list of children placed in its area: the host's Virtual School officers, and
    the placing social worker (their own council's children in it)."""
    return may_see_education(user)


def children_for_education(user) -> QuerySet[Child]:
    """The children whose education record `user` may see and keep."""
    if not may_see_education(user):
        return Child.objects.none()
    return children_visible_to(user)


def child_for_education(user, pk: int) -> Child:
    """One child whose education record `user` may see, or 404; the read is an access event."""
    child = children_for_education(user).filter(pk=pk).first()
    if child is None:
        raise Http404("No such child")
    audit_access_record(actor=user, action="education_record.view", target=child, host_council=child.host_council)
    return child


def may_edit_terms(user) -> bool:
    return _signed_in(user) and user.role in TERM_EDITOR_ROLES and user.host_council is not None


def terms_of(host_council) -> QuerySet[SchoolTerm]:
    return SchoolTerm.objects.filter(host_council=host_council).order_by("starts_on")


def term_get_for(user, pk: int) -> SchoolTerm:
    if not may_edit_terms(user):
        raise Http404
    term = terms_of(user.host_council).filter(pk=pk).first()
    if term is None:
        raise Http404("No such term")
    return term


def school_calendar(host_council) -> SchoolCalendar:
    return SchoolCalendar(terms_of(host_council))


def schools_search(query: str, *, la_code: str = "", limit: int = 20) -> list[School]:
    """Open schools matching a URN, or words of a name or postcode; the host's own area's first."""
    query = query.strip()
    if not query:
        return []
    schools = School.objects.filter(is_open=True)
    if query.isdigit():
        schools = schools.filter(urn=int(query))
    else:
        for word in query.split():
            schools = schools.filter(Q(name__icontains=word) | Q(postcode__icontains=word))
    in_area = Case(When(la_code=la_code, then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(schools.annotate(in_area=in_area).order_by("in_area", "name")[:limit])


def school_get(urn: int) -> School | None:
    return School.objects.filter(urn=urn, is_open=True).first()


# --- one child ---------------------------------------------------------------------------------------


def entered_care_from_register(child: Child) -> date | None:
    """The register's best knowledge of when the child entered care: the earliest legal status notified,
    else the first placement here (the Virtual School corrects it when it was earlier)."""
    first_status = child.legal_statuses.order_by("from_date").values_list("from_date", flat=True).first()
    first_placement = child.placements.order_by("start_date").values_list("start_date", flat=True).first()
    return first_status or first_placement


def current_enrolment(record: EducationRecord | None) -> SchoolEnrolment | None:
    if record is None or record.pk is None:
        return None
    return record.enrolments.filter(ended_on__isnull=True).select_related("school").first()


def record_of(child: Child) -> EducationRecord | None:
    return EducationRecord.objects.filter(child=child).select_related("ehc_maintaining_authority").first()


@dataclass
class EducationState:
    """What a page shows of a child's education, computed for today."""

    child: Child
    record: EducationRecord | None
    today: date
    enrolment: SchoolEnrolment | None = None
    no_place_since: date | None = None
    school_days_without_place: int = 0
    place_overdue: bool = False
    place_due_on: date | None = None
    calendar_covers: bool = True
    school_age: bool = True
    year_group: int | None = None
    year_group_computed: int | None = None
    has_ehc_plan: bool | None = None
    ehc_from_notification: bool = False
    ehc_maintaining_authority: object = None
    entered_care_on: date | None = None
    last_pep: PepMeeting | None = None
    pep_due_on: date | None = None
    pep_reason: str = ""
    pep_initiate_by: date | None = None
    pep_ready_by: date | None = None
    pep_overdue: bool = False
    pep_due_from_term_dates: bool = True
    enrolments: list = field(default_factory=list)
    peps: list = field(default_factory=list)
    attendance_below: bool = False
    attendance_threshold: Decimal | None = None

    @property
    def year_group_label(self) -> str:
        return year_group_label(self.year_group)

    @property
    def place_threshold(self) -> int:
        return settings.EDUCATION_SCHOOL_PLACE_WITHIN_SCHOOL_DAYS

    @property
    def pep_fallback_months(self) -> int:
        return settings.EDUCATION_PEP_FALLBACK_MONTHS


def pep_due_for(record: EducationRecord, calendar: SchoolCalendar, *, last_pep_on: date | None = None):
    return pep_due(
        entered_care_on=record.entered_care_on,
        last_pep_on=last_pep_on,
        calendar=calendar,
        initiate_working_days=settings.EDUCATION_PEP_INITIATE_WORKING_DAYS,
        ready_working_days=settings.EDUCATION_PEP_READY_WORKING_DAYS,
        review_terms=settings.EDUCATION_PEP_REVIEW_TERMS,
        fallback_months=settings.EDUCATION_PEP_FALLBACK_MONTHS,
    )


def education_state(
    child: Child, *, calendar: SchoolCalendar | None = None, today: date | None = None
) -> EducationState:
    """The child's school, school-place clock, year group, EHC plan and PEP clock, as of `today`.

    A child with no record yet is shown as the register knows them: no school place recorded since the
    current placement began, and a first PEP due from the date they entered care."""
    today = today or timezone.localdate()
    calendar = calendar or school_calendar(child.host_council)
    record = record_of(child)
    state = EducationState(child=child, record=record, today=today)
    state.enrolment = current_enrolment(record)
    if record is not None:
        state.no_place_since = record.no_place_since
        state.entered_care_on = record.entered_care_on
        state.enrolments = list(record.enrolments.select_related("school"))
        state.peps = list(record.peps.select_related("recorded_by"))
    else:
        placement = current_placements(today).filter(child=child).order_by("-start_date").first()
        state.no_place_since = placement.start_date if placement else None
        state.entered_care_on = entered_care_from_register(child)
    state.school_age = is_school_age(child.date_of_birth, today)
    if not state.school_age:
        state.no_place_since = None
    if state.no_place_since is not None and state.enrolment is None:
        state.school_days_without_place = calendar.school_days_from(state.no_place_since, today)
        state.place_overdue = state.school_days_without_place >= settings.EDUCATION_SCHOOL_PLACE_WITHIN_SCHOOL_DAYS
        state.place_due_on = calendar.nth_school_day_from(
            state.no_place_since, settings.EDUCATION_SCHOOL_PLACE_WITHIN_SCHOOL_DAYS
        )
        state.calendar_covers = calendar.covers(state.no_place_since) and calendar.covers(today)
    state.year_group_computed = year_group_for(child.date_of_birth, today)
    state.year_group = record.year_group if record and record.year_group is not None else state.year_group_computed
    if child.has_ehc_plan is not None:
        state.has_ehc_plan, state.ehc_from_notification = child.has_ehc_plan, True
        state.ehc_maintaining_authority = child.ehc_maintaining_authority
    elif record is not None:
        state.has_ehc_plan = record.has_ehc_plan
        state.ehc_maintaining_authority = record.ehc_maintaining_authority
    state.last_pep = state.peps[0] if state.peps else None
    due = pep_due(
        entered_care_on=state.entered_care_on,
        last_pep_on=state.last_pep.held_on if state.last_pep else None,
        calendar=calendar,
        initiate_working_days=settings.EDUCATION_PEP_INITIATE_WORKING_DAYS,
        ready_working_days=settings.EDUCATION_PEP_READY_WORKING_DAYS,
        review_terms=settings.EDUCATION_PEP_REVIEW_TERMS,
        fallback_months=settings.EDUCATION_PEP_FALLBACK_MONTHS,
    )
    state.pep_due_on, state.pep_reason = due.due_on, due.reason
    state.pep_initiate_by, state.pep_ready_by = due.initiate_by, due.ready_by
    state.pep_due_from_term_dates = due.from_term_dates
    state.pep_overdue = due.due_on is not None and due.due_on < today
    if record is not None:
        state.attendance_threshold = attendance_threshold_of(record.host_council_id)
        state.attendance_below = attendance_below(record)
    return state


def child_panel(user, child: Child) -> dict | None:
    """Education on the child's page, for the Virtual School and the placing social worker (the child is
    already in `user`'s scope); None for everyone else."""
    if not may_see_education(user) or not children_for_education(user).filter(pk=child.pk).exists():
        return None
    return {"state": education_state(child)}


# --- the list ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListFilters:
    no_place: bool = False
    pep_overdue: bool = False
    placing_authority: int | None = None


def education_list_for(user, filters: ListFilters, *, today: date | None = None) -> QuerySet[Child]:
    """The children placed in the area now whose education `user` may see, most urgent first: without a
    school place longest (of school age), then the PEP due soonest (overdue first), then the rest; ties by
    the child's number. Listing names is an access event.

    One indexed query (ADR 0030): every placed child has a record from the day the register placed them,
    the record carries the host, the placement's span and the stored urgency, and the host's Virtual
    School reads the index `education_urgency_idx` in order, stopping at the page's end."""
    today = today or timezone.localdate()
    if not may_list(user):
        raise Http404
    records = EducationRecord.objects.filter(placed_from__lte=today).filter(
        Q(placed_until__isnull=True) | Q(placed_until__gte=today)
    )
    if user.role == Role.VIRTUAL_SCHOOL_OFFICER:
        records = records.filter(host_council=user.host_council) if user.host_council else records.none()
    elif user.role == Role.PLACING_SOCIAL_WORKER and user.organisation_id:
        records = records.filter(child__placing_authority_id=user.organisation_id)
    else:
        records = records.none()
    if filters.no_place:
        records = records.filter(urgency_rank=0)
    if filters.pep_overdue:
        records = records.filter(pep_due_on__lt=today)
    if filters.placing_authority:
        records = records.filter(child__placing_authority_id=filters.placing_authority)
    open_school = SchoolEnrolment.objects.filter(record_id=OuterRef("pk"), ended_on__isnull=True)
    records = (
        records.annotate(
            school_name=Subquery(open_school.values("school__name")[:1]),
            last_pep_on=Subquery(
                PepMeeting.objects.filter(record_id=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
            ),
        )
        .select_related("child__host_council__organisation", "child__placing_authority")
        .order_by("host_council_id", "urgency_rank", F("urgency_on").asc(nulls_last=True), "child_id")
    )
    audit_list_record(
        actor=user, action="child.list", object_type="education.educationrecord", host_council=user.host_council
    )
    return records


def list_rows(records, *, host_calendars: dict, today: date | None = None) -> list[dict]:
    """A page of the list with the clocks counted in school days (each host's own calendar)."""
    today = today or timezone.localdate()
    rows = []
    for record in records:
        child = record.child
        calendar = host_calendars.get(child.host_council_id)
        if calendar is None:
            calendar = host_calendars[child.host_council_id] = school_calendar(child.host_council)
        since = record.no_place_since if record.urgency_rank == 0 else None
        days = calendar.school_days_from(since, today) if since else None
        year = record.year_group if record.year_group is not None else year_group_for(child.date_of_birth, today)
        # The template reads these from the child, as it did when the list was of children.
        child.no_place_since, child.pep_due_on = since, record.pep_due_on
        child.school_name, child.last_pep_on = record.school_name, record.last_pep_on
        child.has_school = record.school_name is not None
        rows.append(
            {
                "child": child,
                "school_days_without_place": days,
                "place_overdue": days is not None and days >= settings.EDUCATION_SCHOOL_PLACE_WITHIN_SCHOOL_DAYS,
                "year_group_label": year_group_label(year),
                "pep_overdue": record.pep_due_on is not None and record.pep_due_on < today,
                "record": record,
                "attendance_below": attendance_below(record),
            }
        )
    return rows


def attendance_threshold_of(host_council_id) -> Decimal:
    setting = AttendanceSetting.objects.filter(host_council_id=host_council_id).first()
    if setting is not None:
        return setting.threshold_percent
    return Decimal(str(settings.EDUCATION_ATTENDANCE_THRESHOLD_PERCENT))


def attendance_below(record: EducationRecord | None) -> bool:
    """Whether the child's attendance over the school year is below the host's threshold (the flag on the
    list and the child's page; alerts follow the same rule)."""
    if record is None or record.attendance_year_percent is None:
        return False
    threshold = getattr(record, "_threshold", None)
    if threshold is None:
        threshold = record._threshold = attendance_threshold_of(record.host_council_id)
    return record.attendance_year_percent < threshold


def attendance_recent(child: Child, *, days: int = 28) -> list[AttendanceMark]:
    """The child's marks of the last four weeks, newest first, for their education page."""
    since = timezone.localdate() - timedelta(days=days)
    return list(AttendanceMark.objects.filter(child=child, date__gte=since).order_by("-date", "session"))


def may_import_attendance(user) -> bool:
    """The host's Virtual School officers import attendance for the children placed in their area."""
    return _signed_in(user) and user.role == Role.VIRTUAL_SCHOOL_OFFICER and user.host_council is not None


def attendance_import_get_for(user, pk: int) -> AttendanceImport:
    if not may_import_attendance(user):
        raise Http404
    found = AttendanceImport.objects.filter(pk=pk, host_council=user.host_council).first()
    if found is None:
        raise Http404("No such import")
    return found


def attendance_imports_of(user) -> QuerySet[AttendanceImport]:
    if not may_import_attendance(user):
        return AttendanceImport.objects.none()
    return AttendanceImport.objects.filter(host_council=user.host_council)


def placing_councils_in_list(user):
    """The placing councils of the children in `user`'s list, for its filter."""
    from safeguard.accounts.models import Organisation

    ids = children_for_education(user).values("placing_authority_id")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def school_place_counts(user, *, today: date | None = None) -> dict:
    """For the Virtual School's home page: children placed now, without a school place, PEPs overdue."""
    today = today or timezone.localdate()
    records = education_list_for(user, ListFilters(), today=today).order_by()
    return {
        "placed": records.count(),
        "no_place": records.filter(urgency_rank=0).count(),
        "pep_overdue": records.filter(pep_due_on__lt=today).count(),
    }


def child_audit_records(child: Child) -> dict[str, list[str]]:
    """The education records about `child`, as {object_type: [ids]}, for the audit by child."""
    record = record_of(child)
    if record is None:
        return {}
    return {
        EducationRecord._meta.label_lower: [str(record.pk)],
        SchoolEnrolment._meta.label_lower: [str(pk) for pk in record.enrolments.values_list("pk", flat=True)],
        PepMeeting._meta.label_lower: [str(pk) for pk in record.peps.values_list("pk", flat=True)],
    }
