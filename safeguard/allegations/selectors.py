"""Reads of LADO cases. The host council's LADO team alone sees them; everyone else gets a 404.

The annual figures are aggregates with no personal data: the partnership editor may read them too.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.core.audit import Target
from safeguard.core.working_days import working_days_between
from safeguard.register.selectors import children_visible_to

from .confidential import audit_access_record, audit_list_record
from .models import Category, LadoAction, LadoCase, LadoChild, LadoEmail, Outcome, Sector

FIGURES_ROLES = frozenset({Role.LADO, Role.PARTNERSHIP_EDITOR})


def is_lado(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.LADO
        and user.host_council is not None
    )


def lado_cases_visible_to(user) -> QuerySet[LadoCase]:
    """The LADO team's own host council's cases; nobody else sees any (administrators included)."""
    if not is_lado(user):
        return LadoCase.objects.none()
    return LadoCase.objects.filter(host_council=user.host_council)


def lado_case_get_for(user, pk: int) -> LadoCase:
    """One case for the LADO, or 404; the read is an access event."""
    case = lado_cases_visible_to(user).filter(pk=pk).select_related("host_council__organisation").first()
    if case is None:
        raise Http404("No such case")
    audit_access_record(actor=user, action="lado_case.view", target=case, host_council=case.host_council)
    return case


def lado_queue(user, *, query: str = "", status: str = "open") -> QuerySet[LadoCase]:
    """The LADO's queue: open cases first by their clock, searchable by reference, names and organisations."""
    cases = lado_cases_visible_to(user)
    if status == "open":
        cases = cases.filter(status__in=[LadoCase.Status.RECEIVED, LadoCase.Status.REFERRAL])
    elif status in LadoCase.Status.values:
        cases = cases.filter(status=status)
    query = query.strip()
    if query:
        words = Q()
        for term in query.split()[:6]:
            words &= (
                Q(reference__icontains=term)
                | Q(person_name__icontains=term)
                | Q(person_employer__icontains=term)
                | Q(referrer_name__icontains=term)
                | Q(referrer_organisation__icontains=term)
                | Q(children__name__icontains=term)
            )
        cases = cases.filter(words).distinct()
    return cases.order_by("status", "initial_consideration_due_at", "-received_at")


def lado_case_list_for(user, *, query: str = "", status: str = "open") -> QuerySet[LadoCase]:
    """The LADO's queue for its page; listing cases is an access event."""
    cases = lado_queue(user, query=query, status=status)
    audit_list_record(
        actor=user,
        action="lado_case.list",
        object_type="allegations.ladocase",
        listing="queue",
        host_council=user.host_council,
    )
    return cases


def lado_case_message_get_for(user, pk: int) -> LadoCase:
    """A case with the original e-mail it came in, or 404; reading the case and opening the message are
    access events."""
    case = lado_case_get_for(user, pk)
    if not case.original_message:
        raise Http404("No original message")
    audit_access_record(actor=user, action="lado_case.original_message", target=case, host_council=case.host_council)
    return case


def lado_emails_visible_to(user) -> QuerySet[LadoEmail]:
    """E-mails sent to the LADO team's own host council; nobody else sees any."""
    if not is_lado(user):
        return LadoEmail.objects.none()
    return LadoEmail.objects.filter(host_council=user.host_council)


def lado_emails_to_check(user) -> QuerySet[LadoEmail]:
    """E-mails waiting for the LADO to accept as a referral or reject, oldest first."""
    return lado_emails_visible_to(user).filter(status=LadoEmail.Status.TO_CHECK).order_by("received_at", "pk")


def lado_email_list_for(user) -> dict[str, QuerySet[LadoEmail]]:
    """The e-mails page: those to check, and the latest decided; reading the list is an access event."""
    emails = lado_emails_visible_to(user)
    if is_lado(user):
        audit_list_record(
            actor=user, action="lado_email.list", object_type="allegations.ladoemail", host_council=user.host_council
        )
    return {
        "to_check": lado_emails_to_check(user),
        "decided": emails.exclude(status=LadoEmail.Status.TO_CHECK).select_related("case").order_by("-decided_at")[:50],
    }


def lado_email_get_for(user, pk: int) -> LadoEmail:
    """One e-mail for the LADO, or 404; the read is an access event."""
    email = lado_emails_visible_to(user).filter(pk=pk).select_related("case", "decided_by").first()
    if email is None:
        raise Http404("No such e-mail")
    audit_access_record(actor=user, action="lado_email.view", target=email, host_council=email.host_council)
    return email


def lado_email_message_get_for(user, pk: int) -> LadoEmail:
    """An e-mail's original message (with its attachments) to download, or 404; an access event."""
    email = lado_emails_visible_to(user).filter(pk=pk).first()
    if email is None or not email.original_message:
        raise Http404("No such e-mail")
    audit_access_record(actor=user, action="lado_email.original_message", target=email, host_council=email.host_council)
    return email


def awaiting_consideration(user) -> QuerySet[LadoCase]:
    return lado_cases_visible_to(user).filter(status=LadoCase.Status.RECEIVED).order_by("initial_consideration_due_at")


def overdue_actions(user) -> QuerySet[LadoAction]:
    return (
        LadoAction.objects.filter(
            case__in=lado_cases_visible_to(user), done_on__isnull=True, due_on__lt=timezone.localdate()
        )
        .select_related("case")
        .order_by("due_on")
    )


def lado_action_get_for(user, pk: int) -> LadoAction:
    action = LadoAction.objects.filter(pk=pk, case__in=lado_cases_visible_to(user)).select_related("case").first()
    if action is None:
        raise Http404("No such action")
    return action


def lado_child_get_for(user, pk: int) -> LadoChild:
    child = LadoChild.objects.filter(pk=pk, case__in=lado_cases_visible_to(user)).select_related("case").first()
    if child is None:
        raise Http404("No such child")
    return child


def register_children_matching(user, *, name: str, date_of_birth: date | None = None):
    """Register children of the LADO's own host council whose name matches, for linking a case; the
    search is an access event."""
    if not is_lado(user):
        return []
    audit_list_record(
        actor=user,
        action="child.search",
        object_type="register.child",
        listing="lado-link",
        host_council=user.host_council,
    )
    children = children_visible_to(user)
    terms = name.split()[:4]
    if not terms and date_of_birth is None:
        return []
    for term in terms:
        children = children.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
    if date_of_birth:
        children = children.filter(date_of_birth=date_of_birth)
    return list(children.order_by("last_name", "first_name")[:20])


def retention_due(user, *, by: date | None = None) -> QuerySet[LadoCase]:
    """Closed cases whose retention review date has come (or comes by `by`)."""
    by = by or timezone.localdate()
    return (
        lado_cases_visible_to(user)
        .filter(status=LadoCase.Status.CLOSED, retention_review_on__lte=by)
        .order_by("retention_review_on")
    )


def retention_report_for(user) -> QuerySet[LadoCase]:
    """The retention report's cases due for review now; reading the report is an access event."""
    due = retention_due(user)
    audit_list_record(
        actor=user,
        action="lado_case.retention_report",
        object_type="allegations.ladocase",
        listing="retention",
        host_council=user.host_council,
    )
    return due


def register_child_for_link(user, pk: str):
    """The register child the LADO links a case's child to (in the LADO's own host council), or None."""
    if not is_lado(user) or not pk.isdigit():
        return None
    return children_visible_to(user).filter(pk=pk).first()


def personnel_record_removals(user) -> QuerySet[LadoCase]:
    return (
        lado_cases_visible_to(user)
        .filter(remove_from_personnel_record=True)
        .exclude(status=LadoCase.Status.ERASED)
        .order_by("-closed_on")
    )


# Annual figures ------------------------------------------------------------------------------


def financial_year_of(day: date) -> int:
    """The starting year of the financial year (April to March) that `day` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_bounds(start_year: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(date(start_year, 4, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(start_year + 1, 4, 1), time.min))
    return start, end


@dataclass
class FigureRow:
    key: str
    label: str
    referrals: int = 0
    consultations: int = 0

    @property
    def total(self) -> int:
        return self.referrals + self.consultations


@dataclass
class AnnualFigures:
    start_year: int
    received: int = 0
    referrals: int = 0
    consultations: int = 0
    awaiting: int = 0
    by_sector: list[FigureRow] = field(default_factory=list)
    by_category: list[FigureRow] = field(default_factory=list)
    outcomes: list[tuple[str, str, int]] = field(default_factory=list)
    dbs_referrals: int = 0
    considered: int = 0
    considered_on_time: int = 0
    median_working_days_to_consideration: float | None = None
    closed: int = 0
    median_days_to_closure: float | None = None

    @property
    def label(self) -> str:
        return f"April {self.start_year} to March {self.start_year + 1}"

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.considered_on_time / self.considered) if self.considered else None

    @property
    def largest(self) -> int:
        values = [row.total for row in self.by_sector + self.by_category] + [n for _, _, n in self.outcomes]
        return max(values + [1])


def figures_host(user):
    """The host council whose figures `user` may read, or None."""
    if not getattr(user, "is_authenticated", False) or user.role not in FIGURES_ROLES:
        return None
    return user.host_council


def annual_figures(host_council, start_year: int) -> AnnualFigures:
    """Referrals and consultations received in the financial year, by sector and category; outcomes of
    cases closed in it; time to initial consideration (working days) and to closure (calendar days)."""
    start, end = financial_year_bounds(start_year)
    cases = LadoCase.objects.filter(host_council=host_council)
    received = list(
        cases.filter(received_at__gte=start, received_at__lt=end).values(
            "status", "sector", "category", "received_at", "initial_consideration_at", "initial_consideration_due_at"
        )
    )
    figures = AnnualFigures(start_year=start_year, received=len(received))
    sectors = {key: FigureRow(key, label) for key, label in Sector.choices}
    sectors[""] = FigureRow("", "Not recorded")
    categories = {key: FigureRow(key, label) for key, label in Category.choices}
    categories[""] = FigureRow("", "Not recorded")
    consideration_days = []
    for row in received:
        if row["status"] == LadoCase.Status.RECEIVED:
            figures.awaiting += 1
            continue
        is_consultation = row["status"] == LadoCase.Status.CONSULTATION
        attr = "consultations" if is_consultation else "referrals"
        setattr(figures, attr, getattr(figures, attr) + 1)
        for table, key in ((sectors, row["sector"]), (categories, row["category"])):
            setattr(table[key], attr, getattr(table[key], attr) + 1)
        if row["initial_consideration_at"]:
            figures.considered += 1
            if row["initial_consideration_at"] <= row["initial_consideration_due_at"]:
                figures.considered_on_time += 1
            consideration_days.append(
                working_days_between(
                    timezone.localdate(row["received_at"]), timezone.localdate(row["initial_consideration_at"])
                )
            )
    figures.by_sector = [r for r in sectors.values() if r.total or r.key]
    figures.by_category = [r for r in categories.values() if r.total or r.key]
    if consideration_days:
        figures.median_working_days_to_consideration = statistics.median(consideration_days)
    closed = list(
        # An erased case's tombstone keeps its dates and outcome: it still counts.
        cases.filter(
            status__in=[LadoCase.Status.CLOSED, LadoCase.Status.ERASED],
            closed_on__gte=start.date(),
            closed_on__lt=end.date(),
        ).values("outcome", "dbs_referral_made", "received_at", "closed_on")
    )
    figures.closed = len(closed)
    figures.outcomes = [(key, label, sum(1 for c in closed if c["outcome"] == key)) for key, label in Outcome.choices]
    figures.dbs_referrals = sum(1 for c in closed if c["dbs_referral_made"])
    if closed:
        figures.median_days_to_closure = statistics.median(
            (c["closed_on"] - timezone.localdate(c["received_at"])).days for c in closed
        )
    return figures


def figures_years(host_council) -> list[int]:
    """The financial years with cases, newest first, always including the current one."""
    current = financial_year_of(timezone.localdate())
    first = (
        LadoCase.objects.filter(host_council=host_council)
        .order_by("received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    oldest = financial_year_of(timezone.localdate(first)) if first else current
    return list(range(current, min(oldest, current) - 1, -1))


def figures_record_access(user, host_council, start_year: int, export: bool = False) -> None:
    audit_access_record(
        actor=user,
        action="lado_figures.export" if export else "lado_figures.view",
        target=Target("allegations.figures", str(start_year)),
        host_council=host_council,
    )


# Small numbers: for readers other than the LADO team, a count from 1 to 4 could point to a person
# (one allegation in a small sector early in the year), so it is shown as "fewer than 5", and a
# total that would give it away by subtraction is rounded to the nearest 5.
SMALL_NUMBER = 5
SUPPRESSED = "fewer than 5"


@dataclass(frozen=True)
class FigureWording:
    """How the figures read for one reader: exact for the LADO team, small numbers hidden for others."""

    suppress: bool

    def hidden(self, value: int) -> bool:
        return self.suppress and 0 < value < SMALL_NUMBER

    def count(self, value: int) -> str:
        return SUPPRESSED if self.hidden(value) else str(value)

    def total(self, row: FigureRow) -> str:
        if not any(self.hidden(part) for part in (row.referrals, row.consultations)):
            return str(row.total)
        if row.total < SMALL_NUMBER:
            return SUPPRESSED
        return f"about {SMALL_NUMBER * round(row.total / SMALL_NUMBER)}"

    def bar(self, value: int) -> int:
        """A bar's length in the chart: none for a hidden count, which its length would reveal."""
        return 0 if self.hidden(value) else value


def figure_wording_for(user) -> FigureWording:
    return FigureWording(suppress=not is_lado(user))
