"""Publishing a release of the manual and emailing it to the subscribers (issue 12, docs/adr/0020)."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from safeguard.content.selectors import host_home_of_page
from safeguard.core.audit import audit_event_record
from safeguard.core.errors import ServiceRefusal
from safeguard.core.jinja2 import format_date
from safeguard.core.outbox import outbox_email_enqueue

from . import selectors
from .models import ManualRelease, ManualReleaseMailing
from .subscriptions import manual_name, manual_site_url, unsubscribe_url
from .views import chapter_href


def _host_council(release: ManualRelease):
    home = host_home_of_page(release.manual)
    return home.host_council if home is not None else None


@transaction.atomic
def release_publish(*, actor, release: ManualRelease, published_on: date | None = None) -> ManualRelease:
    """Publish a release: from `published_on` (today by default) it is public, is the latest release on
    the contents page, whose "next update" is then the release's, and its email goes to each confirmed
    subscriber (today's at once, a later date's from the timed rule on that day).

    Refused, naming the field: a release already published; one listing no chapter change (publish each
    chapter with this release chosen first); one without its next update."""
    release = ManualRelease.objects.select_for_update().select_related("manual").get(pk=release.pk)
    published_on = published_on or timezone.localdate()
    if release.published_on is not None:
        raise ServiceRefusal(
            {"published_on": f"This release was already published on {format_date(release.published_on)}"}
        )
    if not release.chapter_versions.exists():
        raise ServiceRefusal(
            {
                "chapter_versions": "This release lists no chapter changes: publish each changed chapter with "
                "this release chosen under “What changed in this version”, then publish the release"
            }
        )
    if release.next_update is None:
        raise ServiceRefusal({"next_update": "Enter the next update before publishing: the contents page shows it"})
    if release.next_update <= published_on:
        raise ServiceRefusal({"next_update": "The next update must be after the release is published"})
    release.published_on = published_on
    release.save(update_fields=["published_on"])
    ManualReleaseMailing.objects.create(release=release)
    audit_event_record(
        actor=actor,
        action="manual.release_publish",
        target=release,
        host_council=_host_council(release),
        changes={"published_on": published_on, "next_update": release.next_update},
    )
    if published_on <= timezone.localdate():
        release_emails_queue(actor=actor, release=release)
    return release


@transaction.atomic
def release_emails_queue(*, actor, release: ManualRelease) -> int:
    """Queue the release's email to each confirmed subscriber of its manual, once: the mailing row is
    locked, and a second call (a retried publish, the timed rule) finds it done and queues nothing.
    Nothing before the release's publication date. Returns how many."""
    mailing = (
        ManualReleaseMailing.objects.select_for_update()
        .select_related("release__manual")
        .filter(release_id=release.pk, queued_at__isnull=True, release__published_on__lte=timezone.localdate())
        .first()
    )
    if mailing is None:
        return 0
    release = mailing.release
    subscribers = list(release.manual.email_subscribers.filter(confirmed_at__isnull=False).order_by("pk"))
    subject, text, html = release_email(release)
    host = _host_council(release)
    for subscriber in subscribers:
        stop = unsubscribe_url(subscriber)
        outbox_email_enqueue(
            to=subscriber.email,
            subject=subject,
            body=text + _text_footer(stop),
            html_body=html.replace(UNSUBSCRIBE_PLACEHOLDER, stop),
            purpose="manual.release_email",
            host_council=host,
            unsubscribe_url=stop,
        )
    mailing.queued_at, mailing.recipients = timezone.now(), len(subscribers)
    mailing.save(update_fields=["queued_at", "recipients"])
    audit_event_record(
        actor=actor,
        action="manual.release_emails_queue",
        target=release,
        host_council=host,
        changes={"recipients": len(subscribers)},
    )
    return len(subscribers)


def release_mailings_due(*, actor) -> int:
    """A timed rule: email each release published ahead of its date once the date has come. Returns how
    many emails it queued."""
    due = ManualReleaseMailing.objects.filter(
        queued_at__isnull=True, release__published_on__lte=timezone.localdate()
    ).values_list("release_id", flat=True)
    return sum(release_emails_queue(actor=actor, release=ManualRelease(pk=pk)) for pk in list(due))


# --- the email ----------------------------------------------------------------------------------

UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE%%"


def _text_footer(stop: str) -> str:
    return f"\n---\nYou get this email because you asked for updates to the manual.\nTo stop them: {stop}\n"


def release_email(release: ManualRelease) -> tuple[str, str, str]:
    """The subject, the plain text and the HTML of a release's email: its updated, new and removed
    chapters with what the editors recorded and a link to each, its note, the next update. The HTML's
    unsubscribe link is UNSUBSCRIBE_PLACEHOLDER, for each recipient's own."""
    manual = release.manual
    base = manual_site_url(manual)
    changes = selectors.release_changes(release)
    name = manual_name(manual)
    subject = f"{manual.title}: {release.name} release"
    release_link = f"{base}{reverse('manual:release_detail', kwargs={'slug': release.slug})}"

    def href(version) -> str:
        return f"{base}{chapter_href(version.chapter)}"

    lines = [
        f"The {release.name} release of {name} was published on {format_date(release.published_on)}.",
        "",
    ]
    for heading, versions in (
        ("Updated chapters", changes.updated),
        ("New chapters and features", changes.new),
    ):
        if versions:
            lines += [heading, ""]
            for version in versions:
                lines.append(f"- {version.title}")
                if version.details:
                    lines.append(f"  {version.details}")
                if version.chapter.live:
                    lines.append(f"  {href(version)}")
            lines.append("")
    if changes.removed:
        lines += ["Removed chapters", ""]
        lines += [f"- {v.title}{': ' + v.details if v.details else ''}" for v in changes.removed]
        lines.append("")
    if release.removed_note:
        lines += [release.removed_note, ""]
    if release.next_update:
        lines += [f"Next update: {release.next_update:%B %Y}", ""]
    lines.append(f"The whole release: {release_link}")
    html = render_to_string(
        "manual/email/release.html",
        {
            "release": release,
            "manual": manual,
            "name": name,
            "changes": changes,
            "href": href,
            "release_link": release_link,
            "unsubscribe": UNSUBSCRIBE_PLACEHOLDER,
            "service_name": settings.SAFEGUARD_SERVICE_NAME,
        },
        using="jinja2",
    )
    return subject, "\n".join(lines) + "\n", html
