"""Email updates of the procedures manual for anyone, with no account (issue 12, docs/adr/0020).

Double opt-in: asking sends a signed link that works for MANUAL_SUBSCRIPTION_CONFIRM_HOURS; only a
confirmed address gets release emails. Every email carries a signed unsubscribe link. Asking never
says whether the address was already subscribed. Addresses are kept only while needed: an unconfirmed
one is deleted when its link expires, and unsubscribing deletes the address (data minimisation). The
audit trail records each step by the subscriber's row number, never the address.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from safeguard.content.selectors import host_home_of_page
from safeguard.core.audit import SystemActor, audit_event_record
from safeguard.core.outbox import outbox_email_enqueue, outbox_messages_forget

from .models import ManualIndexPage, ManualSubscriber

# Who acts on the public pages: no account, so the audit trail names the pages.
PUBLIC_SUBSCRIBER = SystemActor("Someone not signed in (the manual's subscription pages)")
# The emails to a subscriber, deleted from the outbox with the address.
PURPOSES = ["manual.subscription_confirm", "manual.subscription_reminder", "manual.release_email"]

CONFIRM_SALT = "safeguard.manual.subscription.confirm"
UNSUBSCRIBE_SALT = "safeguard.manual.subscription.unsubscribe"


class LinkExpired(Exception):
    """The confirmation link was right but is too old."""


class LinkInvalid(Exception):
    """The link was altered, or its address has since been deleted (unsubscribed, or expired unconfirmed)."""


def confirm_valid_for() -> timedelta:
    return timedelta(hours=settings.MANUAL_SUBSCRIPTION_CONFIRM_HOURS)


def email_normalise(email: str) -> str:
    """One address, however it was typed: addresses are compared without case (RFC 5321 lets a server
    tell case apart before the @; none that people use does)."""
    return email.strip().lower()


# --- links ---------------------------------------------------------------------------------------


def _token(subscriber: ManualSubscriber, salt: str) -> str:
    return signing.dumps([subscriber.pk, subscriber.key], salt=salt)


def confirm_token(subscriber: ManualSubscriber) -> str:
    return _token(subscriber, CONFIRM_SALT)


def unsubscribe_token(subscriber: ManualSubscriber) -> str:
    return _token(subscriber, UNSUBSCRIBE_SALT)


def subscriber_for_token(token: str, *, purpose: str) -> ManualSubscriber:
    """The subscriber a link names. A confirmation link works for MANUAL_SUBSCRIPTION_CONFIRM_HOURS
    (LinkExpired after); an unsubscribe link for as long as the address is subscribed. LinkInvalid for a
    link altered, or of an address deleted since."""
    salt = CONFIRM_SALT if purpose == "confirm" else UNSUBSCRIBE_SALT
    max_age = confirm_valid_for() if purpose == "confirm" else None
    try:
        pk, key = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as expired:
        raise LinkExpired from expired
    except (signing.BadSignature, ValueError, TypeError) as bad:
        raise LinkInvalid from bad
    subscriber = ManualSubscriber.objects.filter(pk=pk, key=key).select_related("manual").first()
    if subscriber is None:
        raise LinkInvalid
    return subscriber


def manual_site_url(manual: ManualIndexPage) -> str:
    """The address the manual's links in emails start with: SAFEGUARD_BASE_URL for the default host's
    site (which answers any name), the host's own site otherwise."""
    site = Site.objects.filter(root_page__in=manual.get_ancestors()).order_by("-root_page__depth").first()
    if site is None or site.is_default_site:
        return settings.SAFEGUARD_BASE_URL.rstrip("/")
    return site.root_url.rstrip("/")


def confirm_url(subscriber: ManualSubscriber) -> str:
    path = reverse("manual:subscribe_confirm", kwargs={"token": confirm_token(subscriber)})
    return f"{manual_site_url(subscriber.manual)}{path}"


def unsubscribe_url(subscriber: ManualSubscriber) -> str:
    path = reverse("manual:unsubscribe", kwargs={"token": unsubscribe_token(subscriber)})
    return f"{manual_site_url(subscriber.manual)}{path}"


def manual_name(manual: ManualIndexPage) -> str:
    """ "Luton Borough Council's Children's Services Procedures Manual"."""
    home = host_home_of_page(manual)
    council = home.host_council.display_name_or_name if home is not None else ""
    return f"{council}'s {manual.title}" if council else manual.title


def _host_council(manual: ManualIndexPage):
    home = host_home_of_page(manual)
    return home.host_council if home is not None else None


# --- writes --------------------------------------------------------------------------------------


@transaction.atomic
def subscription_request(*, actor, manual: ManualIndexPage, email: str, now: datetime | None = None) -> None:
    """Someone asks for the manual's release emails at `email`. A new or unconfirmed address is sent a
    link to confirm (a fresh one; the wait before an unconfirmed address is deleted starts again); an
    address already confirmed is told so, with its unsubscribe link. The caller's answer is the same
    either way, so the page never says which addresses are subscribed."""
    now = now or timezone.now()
    email = email_normalise(email)
    subscriber, created = ManualSubscriber.objects.select_for_update().get_or_create(
        manual=manual, email=email, defaults={"requested_at": now, "key": secrets.token_hex(16)}
    )
    name = manual_name(manual)
    if subscriber.confirmed_at is not None:
        outbox_email_enqueue(
            to=subscriber.email,
            subject=f"You already get emails about {manual.title}",
            body=(
                f"Someone, probably you, asked for emails when {name} is updated. This address already "
                "gets them, so nothing has changed.\n\n"
                f"To stop them, open this link: {unsubscribe_url(subscriber)}\n"
            ),
            purpose="manual.subscription_reminder",
            host_council=_host_council(manual),
            unsubscribe_url=unsubscribe_url(subscriber),
        )
    else:
        if not created:
            subscriber.requested_at = now
            subscriber.save(update_fields=["requested_at"])
        hours = settings.MANUAL_SUBSCRIPTION_CONFIRM_HOURS
        outbox_email_enqueue(
            to=subscriber.email,
            subject=f"Confirm your emails about {manual.title}",
            body=(
                f"Someone, probably you, asked for an email each time {name} is updated.\n\n"
                f"To confirm, open this link within {hours} hours: {confirm_url(subscriber)}\n\n"
                f"If you did not ask, ignore this email: the address will be deleted in {hours} hours. "
                f"Or delete it now: {unsubscribe_url(subscriber)}\n"
            ),
            purpose="manual.subscription_confirm",
            host_council=_host_council(manual),
            unsubscribe_url=unsubscribe_url(subscriber),
        )
    audit_event_record(
        actor=actor,
        action="manual.subscription_request",
        target=subscriber,
        host_council=_host_council(manual),
        changes={"new": created, "confirmed": subscriber.confirmed_at is not None},
    )


@transaction.atomic
def subscription_confirm(*, actor, subscriber: ManualSubscriber, now: datetime | None = None) -> ManualSubscriber:
    """The address's owner confirms through the emailed link: from now on it gets release emails.
    Confirming twice changes nothing."""
    subscriber = ManualSubscriber.objects.select_for_update().select_related("manual").get(pk=subscriber.pk)
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = now or timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
        audit_event_record(
            actor=actor,
            action="manual.subscription_confirm",
            target=subscriber,
            host_council=_host_council(subscriber.manual),
        )
    return subscriber


@transaction.atomic
def subscription_remove(*, actor, subscriber: ManualSubscriber) -> None:
    """Unsubscribe: the address is deleted, not marked (data minimisation, docs/adr/0020)."""
    host = _host_council(subscriber.manual)
    pk = subscriber.pk
    deleted, _ = ManualSubscriber.objects.filter(pk=pk).delete()
    if deleted:
        outbox_messages_forget(to=subscriber.email, purposes=PURPOSES, host_council=host)
        audit_event_record(
            actor=actor,
            action="manual.subscription_remove",
            target=subscriber,
            host_council=host,
            changes={"subscriber": pk},
        )


@transaction.atomic
def subscriptions_unconfirmed_delete(*, actor, now: datetime | None = None) -> int:
    """A timed rule: addresses never confirmed are deleted once their link has expired. Returns how many."""
    cutoff = (now or timezone.now()) - confirm_valid_for()
    expired = ManualSubscriber.objects.filter(confirmed_at__isnull=True, requested_at__lt=cutoff)
    count = 0
    for manual_id in expired.values_list("manual_id", flat=True).distinct():
        manual = ManualIndexPage.objects.get(pk=manual_id)
        host = _host_council(manual)
        emails = list(expired.filter(manual_id=manual_id).values_list("email", flat=True))
        deleted, _ = expired.filter(manual_id=manual_id).delete()
        for email in emails:
            outbox_messages_forget(to=email, purposes=PURPOSES, host_council=host)
        count += deleted
        audit_event_record(
            actor=actor,
            action="manual.subscriptions_unconfirmed_delete",
            target=manual,
            host_council=host,
            changes={"deleted": deleted},
        )
    return count
