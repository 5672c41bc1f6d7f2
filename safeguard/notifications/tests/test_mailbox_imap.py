"""The notifications mailbox read over IMAP with TLS (docs/adr/0035), against a real IMAP server on
loopback (Dovecot: conftest.imap_server), with messages as councils send them."""

import ssl
from pathlib import Path

import imap_tools
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from imap_tools import MailBox

from safeguard.core.management.commands.outbox_worker import Command as OutboxWorker
from safeguard.notifications.models import Correspondence, MailboxMessage, Notification
from safeguard.notifications.services.mailbox import FALLBACK_LAST_READ
from safeguard.notifications.tasks import notification_mailbox_read

DATA = Path(__file__).parent / "data"
DONE = "Taken into Safeguard"
# As councils send them: plain text, an HTML table, a PDF form attached, forwarded from Outlook in
# windows-1252, and an out-of-office reply (correspondence, not a notification).
SAMPLES = [
    "change_of_address.eml",
    "html_table.eml",
    "attached_pdf_form.eml",
    "forwarded_windows_1252.eml",
    "out_of_office.eml",
]


def _box(server):
    return MailBox(server.host, server.port, ssl_context=ssl.create_default_context(cafile=server.ca_file)).login(
        server.user, server.password
    )


@pytest.fixture
def mailbox(imap_server, settings):
    """The council's shared mailbox, emptied, and Safeguard's settings pointing at it."""
    with _box(imap_server) as box:
        for folder in ("INBOX", DONE):
            if box.folder.exists(folder):
                box.folder.set(folder)
                box.delete(box.uids())
    settings.NOTIFICATIONS_IMAP_HOST = imap_server.host
    settings.NOTIFICATIONS_IMAP_PORT = imap_server.port
    settings.NOTIFICATIONS_IMAP_USER = imap_server.user
    settings.NOTIFICATIONS_IMAP_PASSWORD = imap_server.password
    settings.NOTIFICATIONS_IMAP_CA_FILE = imap_server.ca_file
    settings.NOTIFICATIONS_IMAP_DONE_FOLDER = DONE
    cache.delete(FALLBACK_LAST_READ)
    return imap_server


def deliver(server, *names: str, raw: bytes | None = None) -> None:
    with _box(server) as box:
        for name in names:
            box.append((DATA / name).read_bytes(), "INBOX", flag_set=[])
        if raw is not None:
            box.append(raw, "INBOX", flag_set=[])


def uids_in(server, folder: str, **criteria) -> list[str]:
    with _box(server) as box:
        box.folder.set(folder)
        return box.uids(imap_tools.AND(**criteria) if criteria else "ALL")


def test_each_message_becomes_a_draft_once_and_is_moved(mailbox, host, capsys):
    deliver(mailbox, *SAMPLES)

    call_command("read_notification_mailbox")

    out = capsys.readouterr().out
    assert "4 draft notification(s) made, 1 filed as correspondence, 0 message(s) refused." in out
    drafts = Notification.objects.filter(channel=Notification.Channel.EMAIL, status=Notification.Status.DRAFT)
    names = {
        (d.payload.get("child", {}).get("first_name"), d.payload.get("child", {}).get("last_name")) for d in drafts
    }
    assert {("Zoë", "Ó Briain"), ("Kayden", "Mensah-Clarke"), ("Reuben", "Ashworth")} <= names
    reuben = next(d for d in drafts if d.payload.get("child", {}).get("first_name") == "Reuben")
    assert reuben.attachments.count() == 1 and reuben.payload["placement"]["address"]["postcode"] == "LU1 1EE"
    assert Correspondence.objects.get().reason.startswith("An automatic reply")
    assert uids_in(mailbox, "INBOX") == [] and len(uids_in(mailbox, DONE)) == 5

    # Read again, and a copy of one message delivered again: nothing new.
    deliver(mailbox, "html_table.eml")
    call_command("read_notification_mailbox")
    assert "0 draft notification(s) made, 0 filed as correspondence, 0 message(s) refused. 1 taken in before." in (
        capsys.readouterr().out
    )
    assert drafts.count() == 4 and MailboxMessage.objects.count() == 5
    assert uids_in(mailbox, "INBOX") == []


def test_a_crash_between_the_draft_and_the_move_never_gives_two_drafts(mailbox, host, monkeypatch):
    deliver(mailbox, "change_of_address.eml", "placement_end.eml")
    real_move = MailBox.move

    def connection_lost(self, *args, **kwargs):
        raise ConnectionResetError("the connection dropped")

    monkeypatch.setattr(MailBox, "move", connection_lost)
    with pytest.raises(ConnectionResetError):
        call_command("read_notification_mailbox")
    # The first message's draft was kept (its key with it); it is still in the inbox, unmoved.
    assert Notification.objects.count() == 1 and len(uids_in(mailbox, "INBOX")) == 2

    monkeypatch.setattr(MailBox, "move", real_move)
    call_command("read_notification_mailbox")
    assert Notification.objects.count() == 2  # the second message once, the first not again
    assert uids_in(mailbox, "INBOX") == [] and len(uids_in(mailbox, DONE)) == 2


def test_a_failure_while_taking_a_message_in_leaves_it_for_the_next_read(mailbox, host, monkeypatch):
    from safeguard.notifications.services import mailbox as mailbox_service

    deliver(mailbox, "change_of_address.eml")

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(mailbox_service, "email_receive", broken)
    with pytest.raises(RuntimeError):
        call_command("read_notification_mailbox")
    assert not MailboxMessage.objects.exists() and len(uids_in(mailbox, "INBOX")) == 1
    monkeypatch.undo()
    call_command("read_notification_mailbox")
    assert Notification.objects.count() == 1 and uids_in(mailbox, "INBOX") == []


def test_without_a_folder_messages_are_flagged_where_they_are(mailbox, host, settings):
    settings.NOTIFICATIONS_IMAP_DONE_FOLDER = ""
    deliver(mailbox, "change_of_address.eml", raw=b"not an e-mail at all")
    call_command("read_notification_mailbox")
    assert Notification.objects.count() == 1
    assert MailboxMessage.objects.filter(outcome=MailboxMessage.Outcome.REFUSED).count() == 1
    assert len(uids_in(mailbox, "INBOX", flagged=True)) == 2
    call_command("read_notification_mailbox")
    assert Notification.objects.count() == 1 and MailboxMessage.objects.count() == 2


def test_the_certificate_is_checked_and_a_wrong_password_is_said_plainly(mailbox, host, settings):
    settings.NOTIFICATIONS_IMAP_CA_FILE = ""  # the server's self-signed certificate is not trusted
    with pytest.raises(CommandError, match="its certificate is not one Safeguard trusts"):
        call_command("read_notification_mailbox")
    settings.NOTIFICATIONS_IMAP_CA_FILE = mailbox.ca_file
    settings.NOTIFICATIONS_IMAP_PASSWORD = "wrong"
    with pytest.raises(CommandError, match="refused the sign-in"):
        call_command("read_notification_mailbox")


def test_the_timed_rules_read_the_mailbox_at_the_configured_interval(mailbox, host):
    entry = django_settings.CELERY_BEAT_SCHEDULE["notifications-mailbox-read"]
    assert entry["task"] == notification_mailbox_read.name and entry["schedule"] == 60.0
    deliver(mailbox, "change_of_address.eml")
    # The embedded default's worker runs the beat schedule in its own process.
    OutboxWorker().run_periodic({}, now=0.0)
    assert Notification.objects.filter(channel=Notification.Channel.EMAIL).count() == 1
    assert notification_mailbox_read() == ""  # nothing new


def test_without_a_mailbox_the_timed_rule_does_nothing_and_the_command_says_what_to_set(host, settings):
    settings.NOTIFICATIONS_IMAP_HOST = ""
    assert notification_mailbox_read() == ""
    with pytest.raises(CommandError, match="No mailbox of any host council's is switched on"):
        call_command("read_notification_mailbox")
