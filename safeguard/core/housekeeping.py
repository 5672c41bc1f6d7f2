"""Timed clean-ups of records that have served their purpose (run from Celery beat, docs/runbook.md).

No audit event: nothing a person did is changed, and the audit trail already holds every sign-in,
failed sign-in and lockout (accounts.services), so django-axes's own copies are kept only as long as
they decide a lockout.
"""

import logging
from importlib import import_module

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


def sessions_clear_expired() -> None:
    """Django's `clearsessions`: sessions past their expiry (SESSION_IDLE_MINUTES) are deleted."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def sign_in_records_clear_old() -> int:
    """django-axes's attempt, failure and access records older than the lockout's cool-off
    (SIGN_IN_LOCKOUT_MINUTES): a lockout ends after the cool-off, so older records decide nothing.
    Returns how many records were deleted."""
    cool_off = get_cool_off()
    if cool_off is None:  # lockouts that never end: every record still counts
        return 0
    threshold = timezone.now() - cool_off
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        _, per_model = model.objects.filter(attempt_time__lt=threshold).delete()
        deleted += per_model.get(model._meta.label, 0)
    if deleted:
        logger.info("Deleted %s sign-in records older than %s", deleted, threshold.isoformat(timespec="seconds"))
    return deleted
