"""The outbox's HTML alternative and unsubscribe address (docs/adr/0020): a mailing list's e-mails
carry List-Unsubscribe with RFC 8058's one-click POST, through Django's backend or GOV.UK Notify."""

import uuid
from unittest import mock

import pytest
from django.core import mail

from safeguard.core.models import OutboxMessage
from safeguard.core.outbox import (
    REMOVED_AFTER_SENDING,
    outbox_deliver_due,
    outbox_email_enqueue,
    outbox_messages_forget,
)

pytestmark = pytest.mark.django_db
STOP = "https://safeguard.example/manual/unsubscribe/abc:def/"


def enqueue(**kwargs) -> OutboxMessage:
    values = {
        "to": "reader@example.org",
        "subject": "December 2019 release",
        "body": "Updated chapters",
        "purpose": "manual.release_email",
    }
    return outbox_email_enqueue(**(values | kwargs))


def test_html_and_list_unsubscribe_through_djangos_backend():
    enqueue(html_body="<p>Updated chapters</p>", unsubscribe_url=STOP)
    assert outbox_deliver_due() == 1
    sent = mail.outbox[0]
    assert sent.body == "Updated chapters"
    assert sent.alternatives == [("<p>Updated chapters</p>", "text/html")]
    message = sent.message()
    assert message["List-Unsubscribe"] == f"<{STOP}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_message_without_them_is_plain_text_with_no_list_headers():
    enqueue()
    assert outbox_deliver_due() == 1
    sent = mail.outbox[0]
    assert sent.alternatives == [] and "List-Unsubscribe" not in sent.message()


def test_notify_gets_the_one_click_unsubscribe_address(settings):
    settings.NOTIFY_API_KEY = f"safeguard_test-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
    enqueue(unsubscribe_url=STOP)
    enqueue(to="other@example.org")
    with mock.patch(
        "notifications_python_client.notifications.NotificationsAPIClient.send_email_notification",
        autospec=True,
        return_value={"id": str(uuid.uuid4())},
    ) as send:
        assert outbox_deliver_due() == 2
    by_address = {call.kwargs["email_address"]: call.kwargs for call in send.call_args_list}
    assert by_address["reader@example.org"]["one_click_unsubscribe_url"] == STOP
    assert by_address["other@example.org"]["one_click_unsubscribe_url"] is None


def test_a_confidential_messages_html_is_removed_once_sent_too():
    message = enqueue(html_body="<p>For the recipient alone</p>", confidential=True, purpose="lado.referrer_copy")
    assert outbox_deliver_due() == 1
    message.refresh_from_db()
    assert message.body == REMOVED_AFTER_SENDING and message.html_body == ""


def test_forgetting_an_address_deletes_only_its_messages_of_those_purposes():
    enqueue()
    enqueue(purpose="manual.subscription_confirm")
    enqueue(purpose="accounts.invitation")
    enqueue(to="other@example.org")
    assert (
        outbox_messages_forget(
            to="reader@example.org", purposes=["manual.release_email", "manual.subscription_confirm"]
        )
        == 2
    )
    assert sorted(OutboxMessage.objects.values_list("to", "purpose")) == [
        ("other@example.org", "manual.release_email"),
        ("reader@example.org", "accounts.invitation"),
    ]


def test_a_calendar_invitation_is_attached_as_invite_ics():
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    enqueue(calendar=ics)
    assert outbox_deliver_due() == 1
    sent = mail.outbox[0]
    assert sent.attachments == [("invite.ics", ics, "text/calendar; method=REQUEST")]
