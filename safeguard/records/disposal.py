"""Review and disposal: the timed sweep that puts records past their date on the owner team's review
list, and the owner's decisions (dispose, or keep longer with a reason). Each domain disposes of its
own records through the registry; what is left is a tombstone (docs/adr/0041).
"""

import logging
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import TIMED_RULE, Target, audit_event_record
from safeguard.core.errors import ServiceRefusal

from . import registry
from .models import LegalHold, ReviewItem, Tombstone
from .schedule import LADO, Disposal
from .selectors import owners_of, review_due_on, schedule_for, schedule_line_for

logger = logging.getLogger(__name__)

NOT_OWNER = "Only the team that owns this record can decide on its disposal"
HELD = "This record is under a legal hold ({names}): it cannot be disposed of until the hold is lifted"


def _holds_on(item: ReviewItem, holds: list[LegalHold]) -> list[LegalHold]:
    return [h for h in holds if h.covers(record_class=item.record_class, child_reference=item.child_reference)]


def _label(actor) -> str:
    return getattr(actor, "email", "") or getattr(actor, "label", "")


def _dispose(*, actor, item: ReviewItem, how: str) -> Tombstone:
    source = registry.record_source(item.record_class)
    if source is None:
        raise ServiceRefusal({"__all__": "Safeguard cannot dispose of this class of record yet"})
    line = schedule_line_for(item.host_council, item.record_class)
    source.dispose(item.object_id, actor=actor)
    now = timezone.now()
    tombstone = Tombstone.objects.create(
        host_council=item.host_council,
        record_class=item.record_class,
        object_type=item.object_type,
        object_id=item.object_id,
        reference=item.reference,
        child_reference=item.child_reference,
        outcome_category=item.outcome_category,
        due_on=item.due_on,
        rule=line.rule_words,
        disposed_at=now,
        how=how,
        disposed_by_label=_label(actor),
    )
    item.status, item.decided_at, item.decided_by_label = ReviewItem.Status.DISPOSED, now, _label(actor)
    item.save(update_fields=["status", "decided_at", "decided_by_label"])
    audit_event_record(
        actor=actor,
        action="records.dispose",
        target=Target(item.object_type, item.object_id),
        host_council=item.host_council,
        changes={
            "record_class": [None, item.record_class],
            "reference": [None, item.reference],
            "how": [None, how],
            "rule": [None, line.rule_words],
        },
        confidential=item.owner == LADO,
    )
    return tombstone


def _decision_check(actor, item: ReviewItem) -> ReviewItem:
    if item.owner not in owners_of(actor) or getattr(actor, "host_council", None) != item.host_council:
        raise ServiceRefusal({"__all__": NOT_OWNER})
    item = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if item.status == ReviewItem.Status.DISPOSED:
        raise ServiceRefusal({"__all__": "This record has already been disposed of"})
    return item


@transaction.atomic
def review_item_dispose(*, actor, item: ReviewItem, confirmed: bool) -> Tombstone:
    """The owner team confirms the disposal of a record past its retention date: its personal data and
    files go, and a tombstone stays. Refused under a legal hold, or before the record is due."""
    item = _decision_check(actor, item)
    held = _holds_on(item, list(LegalHold.objects.filter(host_council=item.host_council, lifted_at__isnull=True)))
    if held:
        raise ServiceRefusal({"__all__": HELD.format(names=", ".join(h.name for h in held))})
    if item.status == ReviewItem.Status.EXTENDED:
        raise ServiceRefusal({"__all__": "This record is kept longer: it is reviewed again when the extension ends"})
    if not confirmed:
        raise ServiceRefusal({"confirmed": "Confirm that the record will be disposed of and cannot be restored"})
    return _dispose(actor=actor, item=item, how=Tombstone.How.CONFIRMED)


@transaction.atomic
def review_item_extend(*, actor, item: ReviewItem, until: date | None, reason: str) -> ReviewItem:
    """Keep a record past its retention date, to a date, for a recorded reason (a review under way, a
    complaint, a request from the police). It is listed again when that date comes."""
    item = _decision_check(actor, item)
    errors = {}
    today = timezone.localdate()
    if until is None:
        errors["until"] = "Enter the date to keep the record until"
    elif until <= today:
        errors["until"] = "The date to keep the record until must be in the future"
    if not reason.strip():
        errors["reason"] = "Enter why the record is kept longer"
    if errors:
        raise ServiceRefusal(errors)
    before = item.extended_until
    item.status, item.extended_until, item.extend_reason = ReviewItem.Status.EXTENDED, until, reason.strip()
    item.decided_at, item.decided_by_label = timezone.now(), _label(actor)
    item.save()
    audit_event_record(
        actor=actor,
        action="records.extend",
        target=Target(item.object_type, item.object_id),
        host_council=item.host_council,
        changes={
            "reference": [None, item.reference],
            "extended_until": [before, until],
            "reason": [None, item.extend_reason],
        },
        confidential=item.owner == LADO,
    )
    return item


def records_review_sweep(*, today: date | None = None) -> dict[str, int]:
    """The timed rule (Celery beat, daily; `outbox_worker` on the embedded default): for every host
    council, list the records past their date on the owner team's review list (none under a legal
    hold), list again those whose extension has ended, and dispose of those whose grace period has
    ended where the council chose automatic disposal."""
    today = today or timezone.localdate()
    counts = {"listed": 0, "disposed": 0, "failed": 0}
    for host in HostCouncil.objects.all():
        # One council's problem (a record that cannot be disposed of, a domain's error) is logged and
        # recorded where it happened; the sweep goes on to the rest of the council's records and to
        # the other councils.
        try:
            with transaction.atomic():
                listed, disposed, failed = _host_sweep(host, today)
        except Exception:
            logger.exception("The records review sweep failed for host council %s", host.pk)
            counts["failed"] += 1
            continue
        counts["listed"] += listed
        counts["disposed"] += disposed
        counts["failed"] += failed
    return counts


def _problem_words(error: Exception) -> str:
    """What the review list says went wrong: a refusal's own words (ours, naming no one), otherwise the
    kind of error only, as an error's text may quote the record (a name in a model's repr)."""
    if isinstance(error, ServiceRefusal):
        return " ".join(str(message) for message in error.errors.values())[:300]
    return f"Safeguard could not dispose of the record ({type(error).__name__}); the error is in the log"


def _host_sweep(host: HostCouncil, today: date) -> tuple[int, int, int]:
    lines = {line.record_class: line for line in schedule_for(host)}
    holds = list(LegalHold.objects.filter(host_council=host, lifted_at__isnull=True))
    known = {(i.object_type, i.object_id): i for i in ReviewItem.objects.filter(host_council=host)}
    listed = failed = 0
    for source in registry.record_sources():
        try:
            with transaction.atomic():
                listed += _source_sweep(host, today, source, lines[source.record_class], holds, known)
        except Exception:
            logger.exception("Listing %s for host council %s failed", source.record_class, host.pk)
            failed += 1
    # Extensions that have ended: back on the list.
    ReviewItem.objects.filter(host_council=host, status=ReviewItem.Status.EXTENDED, extended_until__lte=today).update(
        status=ReviewItem.Status.DUE, dispose_after=None
    )
    disposed = 0
    due_items = ReviewItem.objects.filter(host_council=host, status=ReviewItem.Status.DUE)
    for item in due_items.filter(dispose_after__isnull=True):
        line = lines[item.record_class]
        if line.disposal == Disposal.AUTOMATIC:
            item.dispose_after = today + timedelta(days=line.grace_days)
            item.save(update_fields=["dispose_after"])
    for item in due_items.filter(dispose_after__lte=today).select_for_update():
        if lines[item.record_class].disposal != Disposal.AUTOMATIC or _holds_on(item, holds):
            continue
        try:
            with transaction.atomic():
                _dispose(actor=TIMED_RULE, item=item, how=Tombstone.How.AUTOMATIC)
        except Exception as error:
            logger.exception("Disposing of review item %s for host council %s failed", item.pk, host.pk)
            item.problem, item.problem_at = _problem_words(error), timezone.now()
            item.save(update_fields=["problem", "problem_at"])
            failed += 1
            continue
        disposed += 1
    return listed, disposed, failed


def _source_sweep(host: HostCouncil, today: date, source, line, holds: list[LegalHold], known: dict) -> int:
    """List the records of one source that are due; `known` learns of them only once all are listed
    (a source that fails half way leaves none of its items behind)."""
    listed, found = 0, {}
    for candidate in source.candidates(host):
        key = (candidate.object_type, candidate.object_id)
        if key in known or key in found:
            continue
        due = review_due_on(line, runs_from_dates=candidate.dates, date_of_birth=candidate.date_of_birth)
        if due is None or due > today:
            continue
        if any(h.covers(record_class=source.record_class, child_reference=candidate.child_reference) for h in holds):
            continue
        automatic = line.disposal == Disposal.AUTOMATIC
        item = ReviewItem.objects.create(
            host_council=host,
            record_class=source.record_class,
            object_type=candidate.object_type,
            object_id=candidate.object_id,
            reference=candidate.reference,
            child_reference=candidate.child_reference,
            outcome_category=candidate.outcome_category,
            owner=line.owner,
            due_on=due,
            listed_on=today,
            dispose_after=today + timedelta(days=line.grace_days) if automatic else None,
        )
        found[key] = item  # one item per record, whichever class lists it
        audit_event_record(
            actor=TIMED_RULE,
            action="records.review_due",
            target=Target(item.object_type, item.object_id),
            host_council=host,
            changes={"reference": [None, item.reference], "due_on": [None, due]},
            # The LADO's records stay off the audit page, as the LADO's own events do.
            confidential=item.owner == LADO,
        )
        listed += 1
    known.update(found)
    return listed
