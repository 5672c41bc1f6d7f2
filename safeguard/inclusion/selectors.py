"""Who sees what of the inclusion service. Out of scope is a 404.

- The host's education welfare / CME officers: every CME case, EHE record, school return and (when the
  host keeps it) CNIS record of their host council. Nobody else at the council sees them here.
- School staff: the returns of their own school only; never a case.
- Another host's records: a 404 for everyone.
Reading a record or a list of names is an access event.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Organisation, Role, User
from safeguard.core.audit import audit_access_record, audit_list_record
from safeguard.core.working_days import add_months
from safeguard.education.models import School
from safeguard.education.selectors import school_calendar

from .clocks import AbsenceClock, absence_clock, admission_return_due
from .models import CLOCK_GROUNDS, CmeCase, CmeEnquiry, CnisRecord, EheRecord, SchoolApiToken, SchoolReturn


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def may_see_inclusion(user) -> bool:
    """The host council's education welfare / CME officers."""
    return _signed_in(user) and user.role == Role.CME_OFFICER and user.host_council is not None


def school_of(user) -> School | None:
    """The school a school staff account belongs to (its organisation's URN), else None."""
    if not (_signed_in(user) and user.role == Role.SCHOOL_STAFF and user.organisation_id):
        return None
    urn = user.organisation.urn
    return School.objects.filter(urn=urn).first() if urn else None


def host_of_school_staff(user) -> HostCouncil | None:
    return user.organisation.located_in if school_of(user) is not None else None


def school_host_council(school: School) -> HostCouncil | None:
    """The host council a school's returns go to: the council running Safeguard whose DfE code is the
    school's local authority code."""
    return HostCouncil.objects.filter(organisation__dfe_code=school.la_code).select_related("organisation").first()


def may_manage_school_accounts(user) -> bool:
    """The host council's administrator, who sets up schools' staff accounts (and so which school each
    belongs to)."""
    return _signed_in(user) and user.role == Role.HOST_ADMIN and user.host_council is not None


@dataclass
class SchoolAccounts:
    school: School
    organisation: Organisation | None
    staff: int
    tokens: int


def school_accounts_for(user, *, query: str = "") -> list[SchoolAccounts]:
    """The schools of the administrator's area (the host's local authority code in the school list), each
    with the organisation its staff belong to once set up, how many staff accounts it has, and its live
    API tokens. Schools elsewhere are not listed."""
    if not may_manage_school_accounts(user):
        return []
    host = user.host_council
    schools = School.objects.filter(la_code=host.organisation.dfe_code or "", is_open=True).order_by("name")
    if query:
        schools = schools.filter(Q(urn=int(query)) if query.isdigit() else Q(name__icontains=query))
    schools = list(schools[:500])
    organisations = {
        o.urn: o
        for o in Organisation.objects.filter(
            kind=Organisation.Kind.SCHOOL, located_in=host, urn__in=[s.urn for s in schools]
        )
    }
    staff = Counter(
        User.objects.filter(
            organisation__in=organisations.values(), role=Role.SCHOOL_STAFF, is_active=True
        ).values_list("organisation__urn", flat=True)
    )
    tokens = Counter(
        SchoolApiToken.objects.filter(host_council=host, school__in=schools, revoked_at__isnull=True).values_list(
            "school_id", flat=True
        )
    )
    return [SchoolAccounts(s, organisations.get(s.urn), staff[s.urn], tokens[s.pk]) for s in schools]


def school_for_accounts(user, pk: int) -> School:
    """A school of the administrator's area, or a 404."""
    if not may_manage_school_accounts(user):
        raise Http404
    school = School.objects.filter(pk=pk, la_code=user.host_council.organisation.dfe_code or "").first()
    if school is None:
        raise Http404("No such school")
    return school


def may_submit_returns(user) -> bool:
    return school_of(user) is not None and host_of_school_staff(user) is not None


def may_see_returns(user) -> bool:
    return may_see_inclusion(user) or may_submit_returns(user)


# --- children missing education ----------------------------------------------------------------------


def cme_cases_for(user) -> QuerySet[CmeCase]:
    if not may_see_inclusion(user):
        return CmeCase.objects.none()
    return CmeCase.objects.filter(host_council=user.host_council)


@dataclass(frozen=True)
class CmeFilters:
    status: str = ""
    risk: str = ""
    name: str = ""


def cme_register_for(user, filters: CmeFilters) -> QuerySet[CmeCase]:
    """The register: open cases first by default (status filter), newest first."""
    cases = cme_cases_for(user)
    if filters.status == "open":
        cases = cases.exclude(status=CmeCase.Status.CLOSED)
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.risk:
        cases = cases.filter(risk=filters.risk)
    for word in filters.name.split():
        cases = cases.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if may_see_inclusion(user):
        audit_list_record(
            actor=user, action="cme_case.list", object_type="inclusion.cmecase", host_council=user.host_council
        )
    return cases.select_related("school").order_by("-opened_on", "-id")


def cme_case_get_for(user, pk: int) -> CmeCase:
    case = cme_cases_for(user).select_related("school", "placed_child", "destination_council").filter(pk=pk).first()
    if case is None:
        raise Http404("No such case")
    audit_access_record(actor=user, action="cme_case.view", target=case, host_council=case.host_council)
    return case


def cme_case_peek_for(user, pk: int) -> CmeCase:
    """The case for a form page (no access event: the form's write is audited)."""
    case = cme_cases_for(user).filter(pk=pk).first()
    if case is None:
        raise Http404("No such case")
    return case


@dataclass
class EnquiryLine:
    kind: str
    label: str
    enquiries: list


def enquiry_checklist(case: CmeCase) -> list[EnquiryLine]:
    """Each kind of reasonable enquiry, with the enquiries made of it (newest first); none is "not yet"."""
    made: dict[str, list[CmeEnquiry]] = {}
    for enquiry in case.enquiries.select_related("recorded_by").order_by("-made_on", "-pk"):
        made.setdefault(enquiry.kind, []).append(enquiry)
    return [EnquiryLine(kind, label, made.get(kind, [])) for kind, label in CmeEnquiry.Kind.choices]


def case_clock(case: CmeCase, *, today: date | None = None) -> AbsenceClock | None:
    """The 20-school-day clock of a case from a deletion on that ground, else None."""
    if case.ground not in CLOCK_GROUNDS or case.absent_since is None:
        return None
    return absence_clock(school_calendar(case.host_council), case.absent_since, today or timezone.localdate())


def return_clock(school_return: SchoolReturn, *, today: date | None = None) -> AbsenceClock | None:
    if school_return.ground not in CLOCK_GROUNDS or school_return.absent_since is None:
        return None
    calendar = school_calendar(school_return.host_council)
    return absence_clock(calendar, school_return.absent_since, today or timezone.localdate())


def admission_lateness(school_return: SchoolReturn) -> tuple[date, bool] | None:
    """(due by, late) for a new pupil's return: due within 5 school days of admission."""
    if school_return.kind != SchoolReturn.Kind.ADMISSION or school_return.admitted_on is None:
        return None
    due = admission_return_due(school_calendar(school_return.host_council), school_return.admitted_on)
    return due, timezone.localdate(school_return.submitted_at) > due


@dataclass
class MonthFigures:
    month: date
    opened: int
    closed: int
    outcomes: dict


def cme_figures_for(user, *, months: int = 12, today: date | None = None) -> list[MonthFigures]:
    """Cases opened and closed in each of the last `months` months, and the closed ones by outcome. Counts
    only; still an access event (a list of the host's cases)."""
    today = today or timezone.localdate()
    first = add_months(today.replace(day=1), -(months - 1))
    cases = cme_cases_for(user)
    opened = dict(
        cases.filter(opened_on__gte=first)
        .annotate(m=TruncMonth("opened_on"))
        .values_list("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    closed_rows = (
        cases.filter(closed_on__gte=first)
        .annotate(m=TruncMonth("closed_on"))
        .values_list("m", "outcome")
        .annotate(n=Count("id"))
    )
    closed: Counter = Counter()
    outcomes: dict = {}
    for month, outcome, n in closed_rows:
        closed[month] += n
        outcomes.setdefault(month, {})[outcome] = n
    if may_see_inclusion(user):
        audit_list_record(
            actor=user,
            action="cme_case.figures",
            object_type="inclusion.cmecase",
            host_council=user.host_council,
            listing="figures",
        )
    rows = []
    for i in range(months):
        month = add_months(first, i)
        rows.append(MonthFigures(month, opened.get(month, 0), closed.get(month, 0), outcomes.get(month, {})))
    return list(reversed(rows))


def cme_counts_for(user) -> dict[str, int]:
    counts = dict(cme_cases_for(user).values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in CmeCase.Status.values}


def cme_count_of(counts: dict[str, int], status: str) -> int:
    """How many cases the register lists for a status filter ("open": every status but closed; "": all),
    from `cme_counts_for`'s counts."""
    if status == "open":
        return sum(n for name, n in counts.items() if name != CmeCase.Status.CLOSED)
    if status:
        return counts.get(status, 0)
    return sum(counts.values())


# --- school returns ----------------------------------------------------------------------------------


def returns_for(user) -> QuerySet[SchoolReturn]:
    """School staff: their own school's returns. The CME officer: every return to their host council."""
    if may_see_inclusion(user):
        returns = SchoolReturn.objects.filter(host_council=user.host_council)
    elif may_submit_returns(user):
        returns = SchoolReturn.objects.filter(school=school_of(user), host_council=host_of_school_staff(user))
    else:
        return SchoolReturn.objects.none()
    return returns.select_related("school", "case").order_by("-submitted_at", "-pk")


def return_get_for(user, pk: int) -> SchoolReturn:
    school_return = returns_for(user).filter(pk=pk).first()
    if school_return is None:
        raise Http404("No such return")
    audit_access_record(
        actor=user, action="school_return.view", target=school_return, host_council=school_return.host_council
    )
    return school_return


# --- elective home education ---------------------------------------------------------------------------


def ehe_records_for(user) -> QuerySet[EheRecord]:
    if not may_see_inclusion(user):
        return EheRecord.objects.none()
    return EheRecord.objects.filter(host_council=user.host_council)


def ehe_register_for(user, *, status: str = "") -> QuerySet[EheRecord]:
    records = ehe_records_for(user)
    if status == "open":
        records = records.exclude(status=EheRecord.Status.CLOSED)
    elif status:
        records = records.filter(status=status)
    if may_see_inclusion(user):
        audit_list_record(
            actor=user, action="ehe_record.list", object_type="inclusion.eherecord", host_council=user.host_council
        )
    return records.prefetch_related("contacts").order_by("last_name", "first_name", "pk")


def ehe_record_get_for(user, pk: int, *, audited: bool = True) -> EheRecord:
    record = ehe_records_for(user).select_related("previous_school").filter(pk=pk).first()
    if record is None:
        raise Http404("No such record")
    if audited:
        audit_access_record(actor=user, action="ehe_record.view", target=record, host_council=record.host_council)
    return record


@dataclass
class EheClock:
    first_contact_on: date | None
    last_contact_on: date | None
    next_contact_due: date
    overdue: bool
    notice_expires_on: date | None = None


def ehe_clock(record: EheRecord, *, today: date | None = None) -> EheClock:
    """The first contact is due promptly when the council learns of the child (we take a month); then a
    contact at least yearly (EHE_CONTACT_INTERVAL_MONTHS) after the last (DfE guidance, April 2019)."""
    from .clocks import notice_expires_on

    today = today or timezone.localdate()
    dates = sorted(c.contacted_on for c in record.contacts.all())
    first = dates[0] if dates else None
    last = dates[-1] if dates else None
    due = add_months(last, settings.EHE_CONTACT_INTERVAL_MONTHS) if last else add_months(record.learnt_on, 1)
    expires = (
        notice_expires_on(record.notice_served_on, record.notice_period_days)
        if record.notice_served_on and record.notice_period_days
        else None
    )
    return EheClock(first, last, due, record.status != EheRecord.Status.CLOSED and due < today, expires)


# --- children not in school ------------------------------------------------------------------------------


def cnis_enabled(host_council: HostCouncil | None) -> bool:
    """Whether this host keeps the register of children not in school (INCLUSION_CNIS_HOSTS): off unless
    named, as the law is not yet in force."""
    return host_council is not None and host_council.slug in settings.INCLUSION_CNIS_HOSTS


def cnis_fields() -> list[tuple[str, str, bool]]:
    return [tuple(f) for f in settings.INCLUSION_CNIS_FIELDS]


def cnis_missing_message(label: str) -> str:
    """ "Enter the child's full name", "Enter who provides the child's education"."""
    lower = label[0].lower() + label[1:]
    return f"Enter {lower}" if lower.split()[0] in {"who", "how", "what", "when", "where"} else f"Enter the {lower}"


def cnis_records_for(user) -> QuerySet[CnisRecord]:
    if not may_see_inclusion(user) or not cnis_enabled(user.host_council):
        return CnisRecord.objects.none()
    audit_list_record(
        actor=user, action="cnis_record.list", object_type="inclusion.cnisrecord", host_council=user.host_council
    )
    return CnisRecord.objects.filter(host_council=user.host_council)
