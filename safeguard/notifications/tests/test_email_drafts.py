"""E-mails in their real shapes, uploaded by an SQA officer: the draft each becomes (or the correspondence
it is filed as), what the officer sees on it, and who may download what came with it."""

import html
import mailbox
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from safeguard.core.models import AuditEvent
from safeguard.notifications.models import Correspondence, Notification

DATA = Path(__file__).parent / "data"


def upload(client, name: str):
    return client.post("/notify/email/", {"message": SimpleUploadedFile(name, (DATA / name).read_bytes())})


def page(client, url: str) -> str:
    return html.unescape(client.get(url).content.decode())


def test_a_forwarded_windows_1252_email_shows_the_childs_accented_name(client, sign_in, sqa_officer, host):
    sign_in(sqa_officer)

    response = upload(client, "forwarded_windows_1252.eml")

    draft = Notification.objects.get(channel=Notification.Channel.EMAIL)
    assert (draft.payload["child"]["first_name"], draft.payload["child"]["last_name"]) == ("Zoë", "Ó Briain")
    assert "Ó Briain" in page(client, response["Location"])


def test_an_end_of_placement_email_shows_its_end_date_and_reason(client, sign_in, sqa_officer, host):
    sign_in(sqa_officer)

    response = upload(client, "placement_end.eml")

    draft = Notification.objects.get(channel=Notification.Channel.EMAIL)
    assert draft.kind == Notification.Kind.PLACEMENT_END
    assert draft.payload["placement"]["end_reason"] == "E4A"
    text = page(client, response["Location"])
    assert "Home to their parents or family, as planned (E4A)" in text
    assert "27 November 2026" in text or "2026-11-27" in text


def test_attachments_are_listed_on_the_draft_with_what_reading_them_gave(client, sign_in, sqa_officer, host):
    sign_in(sqa_officer)

    response = upload(client, "attached_word_form.eml")

    draft = Notification.objects.get(channel=Notification.Channel.EMAIL)
    attachment = draft.attachments.get()
    assert attachment.filename == "Reg 13 notification - A Okoye.docx"
    assert attachment.note.startswith("Read for facts")
    assert draft.payload["child"]["last_name"] == "Okoye"  # only in the attachment
    text = page(client, response["Location"])
    assert "Reg 13 notification - A Okoye.docx" in text and "Read for facts" in text
    assert f"/notifications/attachments/{attachment.pk}/" in text
    assert f"/notifications/{draft.pk}/message.eml" in text


def test_an_sqa_officer_downloads_an_attachment_and_the_original_and_each_read_is_recorded(
    client, sign_in, sqa_officer, host
):
    sign_in(sqa_officer)
    upload(client, "attached_pdf_form.eml")
    draft = Notification.objects.get(channel=Notification.Channel.EMAIL)
    attachment = draft.attachments.get()

    response = client.get(f"/notifications/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    original = client.get(f"/notifications/{draft.pk}/message.eml")
    assert b"".join(original.streaming_content) == (DATA / "attached_pdf_form.eml").read_bytes()
    actions = set(AuditEvent.objects.filter(actor=sqa_officer).values_list("action", flat=True))
    assert {"notification.attachment", "notification.original_message"} <= actions


def test_a_broken_attachment_gives_a_note_on_the_draft_not_an_error(client, sign_in, sqa_officer, host):
    from .test_email_intake import make_message

    sign_in(sqa_officer)
    message = make_message("Child's name: Ava Smith")
    message.add_attachment(b"%PDF-1.7\ngarbage", maintype="application", subtype="pdf", filename="form.pdf")

    response = client.post("/notify/email/", {"message": SimpleUploadedFile("m.eml", bytes(message))})

    assert response.status_code == 302
    assert "Not read: the PDF is damaged" in page(client, response["Location"])


@pytest.mark.parametrize("name", ["out_of_office.eml", "thank_you.eml", "question.eml"])
def test_a_message_that_is_not_a_notification_is_filed_as_correspondence(client, sign_in, sqa_officer, host, name):
    sign_in(sqa_officer)

    response = upload(client, name)

    assert not Notification.objects.exists()  # not an empty placement start
    item = Correspondence.objects.get()
    assert item.host_council == host and item.filed_by == sqa_officer
    assert item.original_message.open("rb").read() == (DATA / name).read_bytes()
    assert response["Location"] == f"/notify/email/correspondence/{item.pk}/"
    assert item.subject in page(client, "/notify/email/")


def test_an_officer_can_make_a_draft_from_correspondence_once(client, sign_in, sqa_officer, host):
    sign_in(sqa_officer)
    upload(client, "question.eml")
    item = Correspondence.objects.get()
    assert "Do you have your own notification form" in page(client, f"/notify/email/correspondence/{item.pk}/")

    response = client.post(f"/notify/email/correspondence/{item.pk}/draft/")
    again = client.post(f"/notify/email/correspondence/{item.pk}/draft/")

    draft = Notification.objects.get()
    assert draft.status == Notification.Status.DRAFT and draft.channel == Notification.Channel.EMAIL
    assert response["Location"] == again["Location"] == f"/notify/{draft.pk}/check/"
    item.refresh_from_db()
    assert item.notification == draft


def test_the_mailbox_files_correspondence_and_drafts_notifications(tmp_path, host, capsys):
    box = mailbox.Maildir(tmp_path / "inbox", create=True)
    box.add((DATA / "out_of_office.eml").read_bytes())
    box.add((DATA / "change_of_address.eml").read_bytes())

    call_command("read_notification_mailbox", str(tmp_path / "inbox"))

    assert "1 draft notification(s) made, 1 filed as correspondence, 0 message(s) refused." in capsys.readouterr().out
    draft = Notification.objects.get()
    assert draft.payload["move"]["address"]["line1"] == "14 Invented Road"
    assert Correspondence.objects.get().reason.startswith("An automatic reply")
