"""Each host council's own notifications mailbox (docs/adr/0035), set on its settings page and read
against the real IMAP server the suite starts (Dovecot: conftest.imap_server), two councils' mailboxes
on it side by side."""

import ssl
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from imap_tools import MailBox

from safeguard.accounts.models import HostCouncil, Organisation
from safeguard.core.audit import SystemActor
from safeguard.core.models import AuditEvent
from safeguard.core.secrets import secret_decrypt
from safeguard.notifications.models import CouncilMailbox, MailboxMessage, Notification
from safeguard.notifications.services import council_mailbox_configure, council_mailboxes_read_due

DATA = Path(__file__).parent / "data"
DONE = "Taken into Safeguard"
URL = "/settings/mailbox/"
ACTOR = SystemActor("Safeguard test suite")


def _box(server, user, password):
    context = ssl.create_default_context(cafile=server.ca_file)
    return MailBox(server.host, server.port, ssl_context=context).login(user, password)


def _empty(server, user, password):
    with _box(server, user, password) as box:
        for folder in ("INBOX", DONE):
            if box.folder.exists(folder):
                box.folder.set(folder)
                box.delete(box.uids())


def deliver(server, user, password, name):
    with _box(server, user, password) as box:
        box.append((DATA / name).read_bytes(), "INBOX", flag_set=[])


def waiting(server, user, password) -> int:
    with _box(server, user, password) as box:
        box.folder.set("INBOX")
        return len(box.uids())


@pytest.fixture
def mailboxes(imap_server, settings):
    """Both councils' mailboxes emptied; no fallback mailbox in the settings."""
    _empty(imap_server, imap_server.user, imap_server.password)
    _empty(imap_server, imap_server.second_user, imap_server.second_password)
    settings.NOTIFICATIONS_IMAP_HOST = ""
    return imap_server


@pytest.fixture
def keynes(host) -> HostCouncil:
    return HostCouncil.objects.create(
        organisation=Organisation.objects.get(dfe_code="826"), slug="milton-keynes", postcode_districts="MK1"
    )


def configure(host_council, server, user, password, **changes):
    values = {
        "server": server.host,
        "port": server.port,
        "username": user,
        "password": password,
        "done_folder": DONE,
        "ca_file": server.ca_file,
        "enabled": True,
    }
    return council_mailbox_configure(actor=ACTOR, host_council=host_council, **{**values, **changes})


def test_two_councils_mailboxes_do_not_mix(mailboxes, host, keynes, capsys):
    server = mailboxes
    configure(host, server, server.user, server.password)
    configure(keynes, server, server.second_user, server.second_password)
    deliver(server, server.user, server.password, "change_of_address.eml")
    deliver(server, server.second_user, server.second_password, "html_table.eml")

    call_command("read_notification_mailbox")

    out = capsys.readouterr().out
    assert "Luton (imap://notifications@luton.gov.uk" in out and "Milton Keynes (imap://notifications@keynes" in out
    luton_drafts = Notification.objects.filter(host_council=host, channel=Notification.Channel.EMAIL)
    keynes_drafts = Notification.objects.filter(host_council=keynes, channel=Notification.Channel.EMAIL)
    assert luton_drafts.count() == 1 and keynes_drafts.count() == 1
    assert luton_drafts.get().payload["child"]["first_name"] != keynes_drafts.get().payload["child"]["first_name"]
    assert set(MailboxMessage.objects.values_list("host_council__slug", flat=True)) == {"luton", "milton-keynes"}
    # One host only: Keynes's mailbox is read; Luton's new message waits for its own turn.
    deliver(server, server.user, server.password, "attached_pdf_form.eml")
    deliver(server, server.second_user, server.second_password, "forwarded_windows_1252.eml")
    call_command("read_notification_mailbox", "--host", "milton-keynes")
    assert keynes_drafts.count() == 2 and luton_drafts.count() == 1
    assert waiting(server, server.user, server.password) == 1
    assert waiting(server, server.second_user, server.second_password) == 0
    # The same message in both mailboxes is each council's own (taken in once per council).
    deliver(server, server.second_user, server.second_password, "attached_pdf_form.eml")
    call_command("read_notification_mailbox")
    assert luton_drafts.count() == 2 and keynes_drafts.count() == 3


def test_a_switched_off_mailbox_is_not_read_and_one_failing_does_not_stop_the_others(mailboxes, host, keynes):
    server = mailboxes
    configure(host, server, server.user, server.password, enabled=False)
    configure(keynes, server, server.second_user, "wrong-password")
    deliver(server, server.user, server.password, "change_of_address.eml")
    with pytest.raises(CommandError, match="Milton Keynes: The mailbox refused the sign-in"):
        call_command("read_notification_mailbox")
    assert waiting(server, server.user, server.password) == 1
    assert "refused the sign-in" in CouncilMailbox.objects.get(host_council=keynes).last_outcome
    configure(host, server, server.user, "", enabled=True)  # blank keeps the password
    lines = council_mailboxes_read_due(actor=ACTOR, now=timezone.now() + timedelta(minutes=6))
    assert any(line.startswith("luton: 1 draft") for line in lines)
    assert any(line.startswith("milton-keynes: The mailbox refused") for line in lines)


def test_the_timed_rule_reads_each_mailbox_at_its_own_interval(mailboxes, host, keynes):
    server = mailboxes
    configure(host, server, server.user, server.password, interval_minutes=5)
    configure(keynes, server, server.second_user, server.second_password, interval_minutes=60)
    now = timezone.now()
    assert len(council_mailboxes_read_due(actor=ACTOR, now=now)) == 2
    assert council_mailboxes_read_due(actor=ACTOR, now=now + timedelta(minutes=1)) == []
    later = council_mailboxes_read_due(actor=ACTOR, now=now + timedelta(minutes=6))
    assert [line.split(":")[0] for line in later] == ["luton"]


def test_a_row_wins_over_the_settings_fallback(mailboxes, host, settings):
    server = mailboxes
    settings.NOTIFICATIONS_IMAP_HOST = server.host
    settings.NOTIFICATIONS_IMAP_PORT = server.port
    settings.NOTIFICATIONS_IMAP_USER = server.user
    settings.NOTIFICATIONS_IMAP_PASSWORD = server.password
    settings.NOTIFICATIONS_IMAP_CA_FILE = server.ca_file
    settings.NOTIFICATIONS_MAILBOX_HOST = "luton"
    configure(host, server, server.user, server.password, enabled=False)
    deliver(server, server.user, server.password, "change_of_address.eml")
    with pytest.raises(CommandError, match="No mailbox of Luton's is switched on"):
        call_command("read_notification_mailbox", "--host", "luton")
    assert waiting(server, server.user, server.password) == 1


def test_the_password_is_encrypted_at_rest_and_never_audited(mailboxes, host):
    server = mailboxes
    mailbox = configure(host, server, server.user, server.password)
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM notifications_councilmailbox")
        stored = cursor.fetchone()[0]
    assert stored.startswith("fernet:") and server.password not in stored
    assert secret_decrypt(mailbox.password) == server.password
    event = AuditEvent.objects.get(action="host_council.mailbox_configure")
    assert event.changes["password"] == ["(hidden)", "(changed)"] and server.password not in str(event.changes)


# The page.


@pytest.fixture
def keeper_client(sign_in, sqa_manager):
    return sign_in(sqa_manager)


def answers(imap, **changes):
    data = {
        "enabled": "yes",
        "server": imap.host,
        "port": str(imap.port),
        "username": imap.user,
        "password": imap.password,
        "folder": "INBOX",
        "done_folder": DONE,
        "ca_file": imap.ca_file,
        "interval_minutes": "5",
        "action": "save",
    }
    return {**data, **changes}


def text(response) -> str:
    return unescape(response.content.decode())


def test_the_sqa_manager_checks_and_saves_the_mailbox(mailboxes, host, keeper_client):
    server = mailboxes
    assert "Notifications mailbox" in keeper_client.get(URL).content.decode()
    deliver(server, server.user, server.password, "change_of_address.eml")
    response = keeper_client.post(URL, answers(server, action="check"))
    page = text(response)
    assert response.status_code == 200 and "The mailbox answered" in page and "1 message waiting" in page
    assert not CouncilMailbox.objects.exists() and Notification.objects.count() == 0
    assert keeper_client.post(URL, answers(server)).status_code == 302
    page = text(keeper_client.get(URL))
    assert server.password not in page and "Leave blank to keep the password" in page
    # Checking again with the password left blank uses the stored one.
    response = keeper_client.post(URL, answers(server, password="", action="check"))
    assert "The mailbox answered" in text(response)
    call_command("read_notification_mailbox")
    assert Notification.objects.filter(host_council=host).count() == 1


def test_a_failed_check_and_wrong_answers_name_the_field_and_keep_what_was_typed(mailboxes, host, keeper_client):
    server = mailboxes
    page = text(keeper_client.post(URL, answers(server, password="wrong", action="check")))
    assert "The connection check failed: The mailbox refused the sign-in" in page
    assert 'href="#id_password"' in page and "type it again" in page and 'value="wrong"' not in page
    page = text(keeper_client.post(URL, answers(server, ca_file="", action="check")))
    assert "its certificate is not one Safeguard trusts" in page
    page = text(keeper_client.post(URL, answers(server, folder="Notifications", action="check")))
    assert "has no folder 'Notifications'" in page
    response = keeper_client.post(
        URL, answers(server, server="https://mail.luton.gov.uk/", port="99999", ca_file="/nowhere/ca.pem", password="")
    )
    page = text(response)
    assert response.status_code == 400
    assert "Enter the port as a number from 1 to 65535" in page
    assert "https://mail.luton.gov.uk/" in page and "/nowhere/ca.pem" in page
    assert not CouncilMailbox.objects.exists()
    response = keeper_client.post(
        URL, answers(server, server="https://mail.luton.gov.uk/", ca_file="/nowhere/ca.pem", password="")
    )
    page = text(response)
    assert "Enter the server's name only" in page and "There is no file at /nowhere/ca.pem" in page
    assert "Enter the mailbox's password" in page


def test_other_roles_get_no_page(sign_in, sqa_officer, host_admin):
    assert sign_in(sqa_officer).get(URL).status_code == 404
    assert sign_in(host_admin).get(URL).status_code == 200
