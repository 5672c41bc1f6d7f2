"""Reads of a host council's retention schedule and legal holds.

The schedule and the holds name no child's details (a hold names children by register reference
only), so any member of the council's staff may read them; people outside the council get a 404.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count
from django.http import Http404

from safeguard.accounts.models import HostCouncil, Role
from safeguard.core.pension import state_pension_date
from safeguard.core.working_days import add_months

from .models import LegalHold, RetentionRule, ReviewItem, Tombstone
from .schedule import ADMIN, DEFAULTS, LADO, OWNER_WORDS, SQA, RecordClass, RunsFrom, period_words


def schedule_host_for(user) -> HostCouncil:
    """The host council whose schedule `user` may read: their own, if they are on its staff."""
    host = getattr(user, "host_council", None) if getattr(user, "is_authenticated", False) else None
    if host is None or not user.is_active:
        raise Http404("No schedule for you")
    return host


@dataclass(frozen=True)
class ScheduleLine:
    record_class: str
    label: str
    period_months: int
    runs_from: str
    or_pension_age: bool
    disposal: str
    grace_days: int
    source: str
    owner: str
    is_default: bool
    changed_at: datetime | None

    @property
    def period_words(self) -> str:
        return period_words(self.period_months)

    @property
    def rule_words(self) -> str:
        words = f"{self.period_words} from {RunsFrom(self.runs_from).label}"
        if self.or_pension_age:
            words += ", or to the person's State Pension age if that is later"
        return words

    @property
    def disposal_words(self) -> str:
        if self.disposal == "automatic":
            return f"Automatically, {self.grace_days} days after review falls due"
        return "When the owner team confirms"

    @property
    def owner_words(self) -> str:
        return OWNER_WORDS[self.owner]


def _line(record_class: str, rule: RetentionRule | None) -> ScheduleLine:
    default = DEFAULTS[record_class]
    if rule is None:
        return ScheduleLine(
            record_class=record_class,
            label=RecordClass(record_class).label,
            period_months=default.months,
            runs_from=default.runs_from,
            or_pension_age=default.or_pension_age,
            disposal="review",
            grace_days=30,
            source=default.source,
            owner=default.owner,
            is_default=True,
            changed_at=None,
        )
    return ScheduleLine(
        record_class=record_class,
        label=RecordClass(record_class).label,
        period_months=rule.period_months,
        runs_from=rule.runs_from,
        or_pension_age=rule.or_pension_age,
        disposal=rule.disposal,
        grace_days=rule.grace_days,
        source=rule.source,
        owner=default.owner,
        is_default=rule.is_default,
        changed_at=rule.updated_at,
    )


def schedule_for(host_council: HostCouncil) -> list[ScheduleLine]:
    """Every class of record, in the catalogue's order: the council's own rule, or the shipped default."""
    rules = {rule.record_class: rule for rule in RetentionRule.objects.filter(host_council=host_council)}
    return [_line(value, rules.get(value)) for value in RecordClass.values]


def schedule_line_for(host_council: HostCouncil, record_class: str) -> ScheduleLine:
    if record_class not in RecordClass.values:
        raise Http404("No such class of record")
    return _line(
        record_class, RetentionRule.objects.filter(host_council=host_council, record_class=record_class).first()
    )


def review_due_on(
    line: ScheduleLine, *, runs_from_dates: dict[str, date | None], date_of_birth: date | None = None
) -> date | None:
    """The day a record falls due for review under `line`: the period from the date the rule runs from
    (None while that date has not come, e.g. an open placement), or the person's State Pension age if
    the rule says so and that is later."""
    start = runs_from_dates.get(line.runs_from)
    if start is None:
        return None
    due = add_months(start, line.period_months)
    if line.or_pension_age and date_of_birth is not None:
        due = max(due, state_pension_date(date_of_birth))
    return due


def holds_for(host_council: HostCouncil) -> list[LegalHold]:
    """The council's holds, those in force first, newest first."""
    holds = LegalHold.objects.filter(host_council=host_council).select_related("placed_by", "lifted_by")
    return sorted(holds, key=lambda h: (not h.in_force, -h.placed_at.timestamp()))


def hold_get_for(host_council: HostCouncil, pk: int) -> LegalHold:
    hold = LegalHold.objects.filter(host_council=host_council, pk=pk).first()
    if hold is None:
        raise Http404("No such hold")
    return hold


def holds_covering(host_council: HostCouncil, *, record_class: str, child_reference: str = "") -> list[LegalHold]:
    """The holds in force that cover a record of `record_class` (about the child `child_reference`)."""
    holds = LegalHold.objects.filter(host_council=host_council, lifted_at__isnull=True)
    return [h for h in holds if h.covers(record_class=record_class, child_reference=child_reference)]


# Who decides on the records of each owner team (the review list, disposal, extension).
OWNER_ROLES = {
    SQA: frozenset({Role.SQA_OFFICER, Role.SQA_MANAGER}),
    LADO: frozenset({Role.LADO}),
    ADMIN: frozenset({Role.HOST_ADMIN}),
}


def owners_of(user) -> list[str]:
    """The owner teams `user` decides for ([] for anyone else)."""
    return [owner for owner, roles in OWNER_ROLES.items() if getattr(user, "role", "") in roles]


def review_list_for(user):
    """The records due for review that `user`'s team owns, at their council (oldest due first); a
    person who owns none gets a 404."""
    owners = owners_of(user)
    host = getattr(user, "host_council", None)
    if not owners or host is None:
        raise Http404("No review list for you")
    return host, ReviewItem.objects.filter(host_council=host, owner__in=owners).exclude(
        status=ReviewItem.Status.DISPOSED
    )


def review_item_get_for(user, pk: int):
    _host, items = review_list_for(user)
    item = items.filter(pk=pk).first()
    if item is None:
        raise Http404("No such record on your review list")
    return item


def tombstone_counts(record_class: str, *, host_council: HostCouncil | None = None) -> dict[str, int]:
    """How many records of a class were disposed of, by outcome category: for figures that count
    records which are no longer kept (docs/adr/0041). Names no one."""
    tombstones = Tombstone.objects.filter(record_class=record_class)
    if host_council is not None:
        tombstones = tombstones.filter(host_council=host_council)
    rows = tombstones.values("outcome_category").annotate(n=Count("pk")).order_by()
    return {row["outcome_category"]: row["n"] for row in rows}
