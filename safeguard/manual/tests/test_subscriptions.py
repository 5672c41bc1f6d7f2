"""Subscriptions without an account, publishing a release and its one email (issue 12, ADR 0020), on
Luton's seeded manual."""

import html
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent, OutboxMessage
from safeguard.core.outbox import outbox_message_deliver
from safeguard.manual.demo import MISSING_TITLE
from safeguard.manual.models import ChangeKind, ChapterPage, ManualRelease, ManualSubscriber
from safeguard.manual.releases import release_emails_queue, release_mailings_due, release_publish
from safeguard.manual.services import chapter_publish, release_create
from safeguard.manual.subscriptions import PUBLIC_SUBSCRIBER, subscription_request, subscriptions_unconfirmed_delete

pytestmark = pytest.mark.django_db
SUBSCRIBE = "/manual/subscribe/"
LINK = re.compile(r"https?://[^\s<>\"]+")


@pytest.fixture
def editor(luton_manual):
    from conftest import make_person
    from safeguard.content.selectors import host_home_of_page

    return make_person("partnership_editor", host=host_home_of_page(luton_manual).host_council)


@pytest.fixture
def june(luton_manual):
    """A release in preparation, listing one updated chapter."""
    release = release_create(
        actor=PUBLIC_SUBSCRIBER, manual=luton_manual, name="June 2027", slug="june-2027", next_update=date(2027, 12, 1)
    )
    chapter = ChapterPage.objects.get(title=MISSING_TITLE)
    chapter.body = "<p>Tell the police within one hour, and the R&amp;A duty manager straight away.</p>"
    chapter.change_kind, chapter.change_details, chapter.release = (
        ChangeKind.UPDATED,
        "The duty manager is now told straight away.",
        release,
    )
    chapter_publish(actor=PUBLIC_SUBSCRIBER, chapter=chapter)
    return release


def _path(url: str) -> str:
    return urlsplit(url).path


def _links(message: OutboxMessage) -> list[str]:
    return LINK.findall(message.body)


def _subscribe_and_confirm(client, email="reader@example.org") -> ManualSubscriber:
    assert client.post(SUBSCRIBE, {"email": email}).status_code == 302
    message = OutboxMessage.objects.filter(purpose="manual.subscription_confirm").latest("pk")
    confirm = next(link for link in _links(message) if "/subscribe/confirm/" in link)
    client.post(_path(confirm))
    return ManualSubscriber.objects.get(email=email.lower())


def test_subscribe_confirm_publish_one_email_and_unsubscribe(client, sign_in, luton_manual, editor, june):
    contents = client.get(reverse("manual:contents")).content.decode()
    assert "Get an email when the manual changes" in contents
    assert "Get an email when the manual changes" in client.get(SUBSCRIBE).content.decode()

    response = client.post(SUBSCRIBE, {"email": "  Reader@Example.org "})
    assert response.status_code == 302 and response["Location"] == reverse("manual:subscribe_sent")
    sent = client.get(response["Location"]).content.decode()
    assert "Check your email" in sent and "reader@example.org" in sent

    message = OutboxMessage.objects.get(purpose="manual.subscription_confirm")
    assert message.to == "reader@example.org"
    assert "within 48 hours" in message.body
    confirm = next(link for link in _links(message) if "/subscribe/confirm/" in link)
    assert message.unsubscribe_url and message.unsubscribe_url in message.body

    # Following the link (as a mail scanner would) confirms nothing: the button does.
    page = client.get(_path(confirm)).content.decode()
    assert "reader@example.org" in page and "Confirm subscription" in page
    assert ManualSubscriber.objects.get().confirmed_at is None
    done = client.post(_path(confirm)).content.decode()
    assert "Subscription confirmed" in done
    assert ManualSubscriber.objects.get().confirmed_at is not None

    # The editor publishes the release from the admin, through its confirmation step.
    sign_in(editor)
    publish = reverse("manual_release_publish", args=[june.pk])
    listing = client.get(reverse("wagtailsnippets_manual_manualrelease:list")).content.decode()
    assert publish in listing and "Publish this release" in listing
    confirm_page = client.get(publish).content.decode()
    assert "Yes, publish this release" in confirm_page and MISSING_TITLE in confirm_page
    assert "One subscriber will be emailed" in confirm_page
    assert OutboxMessage.objects.filter(purpose="manual.release_email").count() == 0
    assert client.post(publish).status_code == 302
    june.refresh_from_db()
    assert june.published_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="manual.release_publish", actor=editor).count() == 1

    # Published: the contents page shows its next update; a retry emails nobody again.
    client.logout()
    contents = client.get(reverse("manual:contents")).content.decode()
    assert "June 2027" in contents and "Next update: December 2027" in contents
    assert client.post(publish).status_code in (302, 404)  # signed out: the admin's gate
    sign_in(editor)
    again = client.post(publish)
    assert "already published" in again.content.decode()
    assert release_emails_queue(actor=editor, release=june) == 0
    assert release_mailings_due(actor=editor) == 0

    emails = OutboxMessage.objects.filter(purpose="manual.release_email")
    assert emails.count() == 1
    email = emails.get()
    assert email.to == "reader@example.org"
    assert email.subject == "Children's Services Procedures Manual: June 2027 release"
    assert "Updated chapters" in email.body and MISSING_TITLE in email.body
    assert "The duty manager is now told straight away." in email.body
    chapter_link = next(link for link in _links(email) if "safeguarding-children-who-run-away" in link)
    assert client.get(_path(chapter_link)).status_code == 200
    assert "Next update: December 2027" in email.body
    assert "Luton Borough Council's Children's Services Procedures Manual" in email.body
    assert "Next update: December 2027" in email.html_body and MISSING_TITLE in html.unescape(email.html_body)

    # Every email's unsubscribe link: one click to a page, the button deletes the address.
    assert email.unsubscribe_url in email.body and email.unsubscribe_url in email.html_body
    client.logout()
    page = client.get(_path(email.unsubscribe_url)).content.decode()
    assert "reader@example.org" in page and "Unsubscribe" in page
    assert ManualSubscriber.objects.count() == 1
    gone = client.post(_path(email.unsubscribe_url)).content.decode()
    assert "You have unsubscribed" in gone
    assert ManualSubscriber.objects.count() == 0
    assert not OutboxMessage.objects.filter(to="reader@example.org").exists()  # no copy of the address kept
    assert "This link does not work" in client.get(_path(email.unsubscribe_url)).content.decode()
    removed = AuditEvent.objects.get(action="manual.subscription_remove")
    assert "reader@example.org" not in str(removed.changes)


def test_the_release_email_is_sent_as_text_and_html_with_list_unsubscribe(client, luton_manual, editor, june):
    _subscribe_and_confirm(client)
    release_publish(actor=editor, release=june)
    email = OutboxMessage.objects.get(purpose="manual.release_email")
    mail.outbox.clear()
    assert outbox_message_deliver(message_id=email.pk) == OutboxMessage.Status.SENT
    sent = mail.outbox[0]
    assert sent.extra_headers["List-Unsubscribe"] == f"<{email.unsubscribe_url}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html_part, mimetype = sent.alternatives[0]
    assert mimetype == "text/html" and "Updated chapters" in html_part and email.unsubscribe_url in html_part
    assert "Updated chapters" in sent.body


def test_mail_programs_one_click_unsubscribe_without_a_csrf_token(luton_manual, client):
    from django.test import Client

    _subscribe_and_confirm(client)
    message = OutboxMessage.objects.get(purpose="manual.subscription_confirm")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(_path(message.unsubscribe_url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and ManualSubscriber.objects.count() == 0


def test_a_malformed_address_is_named_in_the_error_summary(client, luton_manual):
    response = client.post(SUBSCRIBE, {"email": "reader.example.org"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and 'href="#id_email"' in page
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert "Enter your email address" in client.post(SUBSCRIBE, {"email": ""}).content.decode()
    assert ManualSubscriber.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_the_answer_never_says_whether_the_address_was_subscribed(client, luton_manual):
    _subscribe_and_confirm(client, "known@example.org")
    known = client.post(SUBSCRIBE, {"email": "known@example.org"}, follow=True).content.decode()
    new = client.post(SUBSCRIBE, {"email": "nobody@example.org"}, follow=True).content.decode()
    strip = re.compile(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"|known@example.org|nobody@example.org')
    assert strip.sub("", known) == strip.sub("", new)
    # The subscribed address is told so (with its way out), not sent a second confirmation.
    reminder = OutboxMessage.objects.get(purpose="manual.subscription_reminder")
    assert reminder.to == "known@example.org" and "already gets them" in reminder.body
    assert ManualSubscriber.objects.get(email="known@example.org").confirmed_at is not None


def test_too_many_requests_from_one_address_are_refused(client, luton_manual, settings):
    settings.MANUAL_SUBSCRIBE_RATE = (2, 20, 600)
    for n in range(2):
        assert client.post(SUBSCRIBE, {"email": f"r{n}@example.org"}).status_code == 302
    response = client.post(SUBSCRIBE, {"email": "r3@example.org"})
    assert response.status_code == 429 and int(response["Retry-After"]) <= 600
    page = response.content.decode()
    assert "Too many requests from your connection" in page and 'value="r3@example.org"' in page
    assert not ManualSubscriber.objects.filter(email="r3@example.org").exists()
    assert client.post(SUBSCRIBE, {"email": "r3@example.org"}, REMOTE_ADDR="192.0.2.9").status_code == 302


def test_attempts_are_limited_too(client, luton_manual, settings):
    settings.MANUAL_SUBSCRIBE_RATE = (5, 3, 600)
    for _ in range(3):
        assert client.post(SUBSCRIBE, {"email": "bad"}).status_code == 200
    assert client.post(SUBSCRIBE, {"email": "good@example.org"}).status_code == 429


def test_an_expired_or_altered_link_gets_a_clear_page(client, luton_manual):
    client.post(SUBSCRIBE, {"email": "late@example.org"})
    message = OutboxMessage.objects.get(purpose="manual.subscription_confirm")
    confirm = _path(next(link for link in _links(message) if "/subscribe/confirm/" in link))
    tampered = confirm[:-3] + ("A" if confirm[-3] != "A" else "B") + confirm[-2:]
    page = client.get(tampered).content.decode()
    assert "This link does not work" in page and "Ask for a new link" in page
    assert "This link does not work" in client.post(tampered).content.decode()
    assert "This link does not work" in client.get("/manual/unsubscribe/nonsense/").content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=48, minutes=1)):
        expired = client.get(confirm).content.decode()
        assert "This link has expired" in expired
        client.post(confirm)
    assert ManualSubscriber.objects.get().confirmed_at is None


def test_unconfirmed_addresses_are_deleted_when_their_link_expires(client, luton_manual):
    subscription_request(actor=PUBLIC_SUBSCRIBER, manual=luton_manual, email="waits@example.org")
    _subscribe_and_confirm(client, "keeps@example.org")
    later = timezone.now() + timedelta(hours=47)
    assert subscriptions_unconfirmed_delete(actor=PUBLIC_SUBSCRIBER, now=later) == 0
    later = timezone.now() + timedelta(hours=48, minutes=1)
    assert subscriptions_unconfirmed_delete(actor=PUBLIC_SUBSCRIBER, now=later) == 1
    assert list(ManualSubscriber.objects.values_list("email", flat=True)) == ["keeps@example.org"]
    assert not OutboxMessage.objects.filter(to="waits@example.org").exists()
    assert OutboxMessage.objects.filter(to="keeps@example.org").exists()


def test_publish_refuses_naming_the_field(luton_manual, editor, june):
    december = ManualRelease.objects.get(slug="december-2019")
    with pytest.raises(ServiceRefusal) as refused:
        release_publish(actor=editor, release=december)
    assert refused.value.errors == {"published_on": "This release was already published on 2 December 2019"}
    empty = release_create(actor=editor, manual=luton_manual, name="Empty", slug="empty", next_update=date(2027, 12, 1))
    with pytest.raises(ServiceRefusal) as refused:
        release_publish(actor=editor, release=empty)
    assert set(refused.value.errors) == {"chapter_versions"} and "lists no chapter changes" in str(refused.value)
    ManualRelease.objects.filter(pk=june.pk).update(next_update=None)
    with pytest.raises(ServiceRefusal) as refused:
        release_publish(actor=editor, release=june)
    assert set(refused.value.errors) == {"next_update"}
    assert ManualRelease.objects.filter(pk__in=[empty.pk, june.pk], published_on__isnull=False).count() == 0


def test_the_admin_shows_a_refusal_and_publishes_nothing(client, sign_in, luton_manual, editor):
    empty = release_create(actor=editor, manual=luton_manual, name="Empty", slug="empty", next_update=date(2027, 12, 1))
    sign_in(editor)
    response = client.post(reverse("manual_release_publish", args=[empty.pk]))
    assert response.status_code == 400
    assert "lists no chapter changes" in html.unescape(response.content.decode())
    empty.refresh_from_db()
    assert empty.published_on is None


def test_a_release_dated_ahead_is_emailed_on_its_day(client, luton_manual, editor, june):
    _subscribe_and_confirm(client)
    tomorrow = timezone.localdate() + timedelta(days=1)
    release_publish(actor=editor, release=june, published_on=tomorrow)
    assert OutboxMessage.objects.filter(purpose="manual.release_email").count() == 0
    assert release_mailings_due(actor=editor) == 0
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert release_mailings_due(actor=editor) == 1
        assert release_mailings_due(actor=editor) == 0
    assert OutboxMessage.objects.filter(purpose="manual.release_email").count() == 1


def test_only_the_editors_of_the_releases_council_may_publish_it(
    client, sign_in, luton_manual, june, sqa_officer_luton
):
    sign_in(sqa_officer_luton)
    assert client.get(reverse("manual_release_publish", args=[june.pk])).status_code == 404
    assert client.post(reverse("manual_release_publish", args=[june.pk])).status_code == 404
    june.refresh_from_db()
    assert june.published_on is None


@pytest.fixture
def sqa_officer_luton(luton_manual):
    from conftest import make_person
    from safeguard.content.selectors import host_home_of_page

    return make_person("sqa_officer", host=host_home_of_page(luton_manual).host_council)
