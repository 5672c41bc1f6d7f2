"""The timed rules: a child missing for long, a return-home interview overdue."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import TIMED_RULE, audit_event_record
from safeguard.core.outbox import outbox_email_enqueue

from ..models import MissingEpisode, ReturnHomeInterview
from .common import _ra_email, _when, child_link


def missing_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic rules (Celery beat every 5 minutes; `outbox_worker` on the embedded default).

    - A child missing or away longer than MISSING_TELL_RA_AFTER_HOURS: the host's R&A team is told,
      once, whatever the risk grade.
    - A return-home interview past its 72 hours: escalated, once, to R&A and the placing social worker.
    """
    now = now or timezone.now()
    told = escalated = 0
    long_missing = MissingEpisode.objects.filter(
        returned_at__isnull=True,
        ra_told_at__isnull=True,
        last_seen_at__lte=now - timedelta(hours=settings.MISSING_TELL_RA_AFTER_HOURS),
    ).select_related("child__host_council")
    for episode in long_missing:
        with transaction.atomic():
            if MissingEpisode.objects.filter(pk=episode.pk, ra_told_at__isnull=True).update(ra_told_at=now) != 1:
                continue  # another sweep got there first
            child = episode.child
            address = _ra_email(child.host_council)
            if address:
                outbox_email_enqueue(
                    to=address,
                    subject=f"Missing longer than {settings.MISSING_TELL_RA_AFTER_HOURS} hours: a child placed in "
                    f"{child.host_council.name}",
                    body=f"A child placed in {child.host_council.name} by {child.placing_authority.name} has been "
                    f"{episode.get_kind_display().lower()} since {_when(episode.last_seen_at)}. "
                    f"Open Safeguard for the details (sign in first): {child_link(child)}",
                    purpose="missing.tell_ra_after_hours",
                    host_council=child.host_council,
                )
            audit_event_record(
                actor=TIMED_RULE,
                action="missing.tell_ra",
                target=episode,
                host_council=child.host_council,
                changes={"ra_told_at": [None, now], "rule": [None, f"{settings.MISSING_TELL_RA_AFTER_HOURS} hours"]},
            )
            told += 1
    overdue = ReturnHomeInterview.objects.filter(
        outcome=ReturnHomeInterview.Outcome.DUE, due_at__lt=now, escalated_at__isnull=True
    ).select_related("episode__child__host_council", "episode__child__placing_authority")
    for interview in overdue:
        with transaction.atomic():
            updated = ReturnHomeInterview.objects.filter(pk=interview.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if updated != 1:
                continue
            child = interview.episode.child
            for address in dict.fromkeys(a for a in (_ra_email(child.host_council), child.social_worker_email) if a):
                outbox_email_enqueue(
                    to=address,
                    subject=f"Return-home interview overdue: {child.initials_and_reference}",
                    body=f"A return-home interview was due by {_when(interview.due_at)} "
                    "(72 hours after the child came back) and has not been recorded. "
                    f"Open Safeguard (sign in first): {child_link(child)}",
                    purpose="return_interview.overdue",
                    host_council=child.host_council,
                )
            audit_event_record(
                actor=TIMED_RULE,
                action="return_interview.escalate",
                target=interview,
                host_council=child.host_council,
                changes={"escalated_at": [None, now]},
            )
            escalated += 1
    return {"told_ra": told, "interviews_escalated": escalated}
