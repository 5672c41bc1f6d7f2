import html
import mailbox
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from safeguard.notifications.models import Notification

SAMPLE = Path(__file__).resolve().parent / "data" / "notification_with_attachment.eml"


def test_an_emailed_notification_is_kept_prefilled_and_completed(client, sign_in, sqa_officer, host):
    sign_in(sqa_officer)
    raw = SAMPLE.read_bytes()
    response = client.post("/notify/email/", {"message": SimpleUploadedFile("message.eml", raw)})
    assert response.status_code == 302 and response["Location"].endswith("/check/")
    draft = Notification.objects.get(channel=Notification.Channel.EMAIL)
    assert draft.status == Notification.Status.DRAFT and draft.host_council == host
    # The original and its attachment are kept.
    assert draft.original_message.read() == raw
    attachment = draft.attachments.get()
    assert attachment.content_type == "application/pdf" and attachment.file.read().startswith(b"%PDF")
    # Fields found in the message are pre-filled and shown for checking.
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert draft.payload["child"]["first_name"] in page
    assert draft.payload["placing_authority"] == "919"
    # Any SQA officer of the host can carry it on; it is on the list of e-mails to complete.
    assert draft.reference in client.get("/notify/email/").content.decode()


def test_a_file_that_is_not_an_email_is_refused_clearly(client, sign_in, sqa_officer, host):
    sign_in(sqa_officer)
    for content in (b"", b"\x00\x01\x02\x03 not an e-mail \xff" * 10):
        page = html.unescape(
            client.post("/notify/email/", {"message": SimpleUploadedFile("x.eml", content)}).content.decode()
        )
        assert "There is a problem" in page
    assert not Notification.objects.exists()


def test_placing_social_workers_cannot_upload_emails(client, sign_in, placing_social_worker, host):
    sign_in(placing_social_worker)
    assert client.get("/notify/email/").status_code == 404


def test_a_maildir_mailbox_becomes_drafts_read_once(tmp_path, host, capsys):
    box = mailbox.Maildir(tmp_path / "inbox", create=True)
    box.add(SAMPLE.read_bytes())
    box.add(b"not an email at all")
    call_command("read_notification_mailbox", str(tmp_path / "inbox"))
    out = capsys.readouterr()
    assert "1 draft notification(s) made, 0 filed as correspondence, 1 message(s) refused." in out.out
    assert Notification.objects.filter(channel=Notification.Channel.EMAIL).count() == 1
    call_command("read_notification_mailbox", str(tmp_path / "inbox"))
    assert Notification.objects.filter(channel=Notification.Channel.EMAIL).count() == 1  # read once
