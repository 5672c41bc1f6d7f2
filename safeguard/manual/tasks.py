"""The manual's timed rules, run by Celery beat (or `outbox_worker` on the embedded default)."""

from celery import shared_task

from safeguard.core.audit import TIMED_RULE

from .links import manuals_links_check
from .releases import release_mailings_due
from .subscriptions import subscriptions_unconfirmed_delete


@shared_task(name="safeguard.manual.tasks.manual_subscriptions_sweep")
def manual_subscriptions_sweep() -> str:
    """Delete addresses not confirmed in time; e-mail releases whose publication date has come."""
    deleted = subscriptions_unconfirmed_delete(actor=TIMED_RULE)
    queued = release_mailings_due(actor=TIMED_RULE)
    return f"{deleted} unconfirmed address(es) deleted, {queued} release e-mail(s) queued" if deleted or queued else ""


@shared_task(name="safeguard.manual.tasks.manual_links_check")
def manual_links_check() -> str:
    broken = manuals_links_check(actor=TIMED_RULE)
    return f"{broken} broken link(s) in the manual" if broken else ""
