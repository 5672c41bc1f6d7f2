"""Council e-mails in the shapes they really arrive in (issue 9): forwarded Windows-1252 messages,
placement ends and moves in plain sentences, Outlook HTML tables, notifications that are only in an
attached document, and messages that are not notifications at all. No database: parsing only."""

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter

from safeguard.notifications.email_intake import parse_message
from safeguard.notifications.email_intake.documents import MAX_UNPACKED_BYTES

from .test_email_intake import COUNCILS, LUTON, make_message, parse

DATA = Path(__file__).parent / "data"


def parse_file(name: str):
    return parse_message((DATA / name).read_bytes(), councils=COUNCILS, host_council=LUTON)


# -- 1. a forwarded Windows-1252 message ------------------------------------------------------------


def test_a_forwarded_windows_1252_message_pre_fills_the_accented_name():
    parsed = parse_file("forwarded_windows_1252.eml")

    assert parsed.subject == "FW: Placement notification – Zoë Ó Briain"
    assert "Child’s name: Zoë Ó Briain" in parsed.text
    assert parsed.prefill["child"] == {
        "first_name": "Zoë",
        "last_name": "Ó Briain",
        "date_of_birth": "2011-09-04",
        "sex": "F",
    }
    # The council is the one in the forwarded headers, not the host council that forwarded it.
    assert parsed.prefill["placing_authority"] == "886"
    assert parsed.prefill["placement"]["carer"] == "Mr and Mrs Adébayo"
    assert parsed.correspondence == ""


@pytest.mark.parametrize("charset", [None, "iso-8859-1", "us-ascii"])
def test_windows_1252_bytes_under_a_wrong_or_missing_charset_are_still_read(charset):
    body = "Child\x92s name: Zo\xeb \xd3 Briain \x96 known as Zo\xeb\r\n".encode("latin-1")
    content_type = "text/plain" + (f'; charset="{charset}"' if charset else "")
    raw = (
        b"From: a@kent.example\r\nTo: sqa@luton.example\r\nSubject: Notification\r\n"
        b"Content-Type: " + content_type.encode() + b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
    )

    parsed = parse_message(raw)

    assert parsed.text.startswith("Child’s name: Zoë Ó Briain – known as Zoë")
    assert parsed.prefill["child"] == {"first_name": "Zoë", "last_name": "Ó Briain"}


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("Zoë Ó Briain", "Zoë", "Ó Briain"),
        ("Siobhán Ní Bhriain", "Siobhán", "Ní Bhriain"),
        ("Seán Mac Giolla Phádraig", "Seán", "Mac Giolla Phádraig"),
        ("Aoife O'Sullivan", "Aoife", "O'Sullivan"),
    ],
)
def test_gaelic_surnames_keep_their_particle(name, first, last):
    assert parse(make_message(f"Name: {name}")).prefill["child"] == {"first_name": first, "last_name": last}


# -- 2. the end of a placement ----------------------------------------------------------------------


def test_an_end_of_placement_email_pre_fills_its_end_date_and_reason():
    parsed = parse_file("placement_end.eml")

    assert parsed.prefill["kind"] == "placement_end"
    assert parsed.prefill["child"]["last_name"] == "BRENNAN"
    assert parsed.prefill["placement"]["end_date"] == "2026-11-27"
    assert parsed.prefill["placement"]["end_reason"] == "E4A"


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Tyler returned home to his parents on 27/11/2026.", "E4A"),
        ("Tyler returned home to his mother on 27/11/2026, which was not part of his care plan.", "E4B"),
        ("Tyler moved to another placement in Bedford on 27/11/2026.", "X1"),
        ("Tyler was adopted on 27/11/2026; the adoption order was unopposed.", "E11"),
        ("Tyler turned 18 on 27/11/2026 and is staying put with his foster carers.", "E17"),
        ("Tyler turned 18 on 27/11/2026 and moved into supported lodgings.", "E5"),
        ("Tyler was remanded into custody on 27/11/2026.", "X1"),
        ("Tyler was sentenced to a detention and training order on 27/11/2026.", "E9"),
        ("Tyler turned 18 on 27/11/2026.", None),  # where he went decides the code: left to the officer
    ],
)
def test_the_reason_a_placement_ended_is_read_from_the_words_used(sentence, reason):
    prefill = parse(make_message(f"Tyler's placement has ended. {sentence}", subject="Placement ended")).prefill

    assert prefill["kind"] == "placement_end"
    assert prefill["placement"].get("end_reason") == reason
    assert prefill["placement"]["end_date"] == "2026-11-27"


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("Reason for leaving: Returned home to parents", "E4A"),
        ("Reason placement ended: moved to another placement", "X1"),
        ("Reason for ending: Adopted", "E11"),
        ("End reason: remanded to youth detention", "X1"),
        ("Reason for leaving: TBC", None),
    ],
)
def test_a_labelled_reason_for_leaving(label, reason):
    prefill = parse(make_message(f"Placement end date: 27/11/2026\n{label}\n", subject="End of placement")).prefill

    assert prefill["placement"].get("end_reason") == reason


def test_a_reason_is_only_read_for_the_end_of_a_placement():
    text = "Ava has moved to another placement with new carers at 3 Any Road, Luton LU2 0AA on 01/12/2026."
    prefill = parse(make_message(text, subject="Change of address")).prefill

    assert prefill["kind"] == "change_of_address"
    assert "end_reason" not in prefill.get("placement", {})


# -- 3. a move --------------------------------------------------------------------------------------


def test_a_move_email_pre_fills_the_new_address_not_the_previous_one():
    parsed = parse_file("change_of_address.eml")

    assert parsed.prefill["kind"] == "change_of_address"
    assert parsed.prefill["child"] == {"first_name": "Mia", "last_name": "Kowalczyk", "date_of_birth": "2014-01-22"}
    assert parsed.prefill["move"] == {
        "date": "2026-11-28",
        "address": {"line1": "14 Invented Road", "town": "Luton", "postcode": "LU3 1EE"},
    }
    assert parsed.prefill["placement"]["address"]["postcode"] == "LU3 1AH"


# -- 4. an HTML table -------------------------------------------------------------------------------


def test_an_html_table_with_a_poor_text_part_reads_its_address_rows():
    parsed = parse_file("html_table.eml")

    assert parsed.prefill["child"] == {
        "first_name": "Kayden",
        "last_name": "Mensah-Clarke",
        "date_of_birth": "2012-05-05",
    }
    assert parsed.prefill["placement"] == {
        "start_date": "2026-11-30",
        "address": {"line1": "27 Demo Road", "town": "Luton", "postcode": "LU3 2NL"},
    }
    assert parsed.prefill["legal_status"] == "C1"
    assert "Address\tPlacement" in parsed.text  # the HTML body was the better reading


@pytest.mark.parametrize(
    "rows",
    [
        "<tr><td>Address</td><td>Placement</td></tr><tr><td></td><td>12 Example Road</td></tr>"
        "<tr><td></td><td>Luton</td></tr><tr><td>Postcode</td><td>LU2 7AB</td></tr>",
        "<tr><td rowspan=3>Address</td><td>Placement</td><td>12 Example Road</td></tr>"
        "<tr><td>Town</td><td>Luton</td></tr><tr><td>Postcode</td><td>LU2 7AB</td></tr>",
        "<tr><th>Placement</th><th>Address</th></tr><tr><td>Line 1</td><td>12 Example Road</td></tr>"
        "<tr><td>Town</td><td>Luton</td></tr><tr><td>Postcode</td><td>LU2 7AB</td></tr>",
    ],
)
def test_html_address_rows_never_make_a_label_the_first_line(rows):
    prefill = parse(make_message(html=f"<p>Name: Ava Smith</p><table>{rows}</table>")).prefill

    assert prefill["placement"]["address"] == {"line1": "12 Example Road", "town": "Luton", "postcode": "LU2 7AB"}


# -- 5. facts only in an attached document ----------------------------------------------------------


def test_facts_only_in_an_attached_word_form_are_read():
    parsed = parse_file("attached_word_form.eml")

    assert parsed.prefill["child"] == {
        "first_name": "Amara",
        "last_name": "Okoye",
        "date_of_birth": "2013-08-12",
        "sex": "F",
        "nhs_number": "4857773456",
    }
    assert parsed.prefill["placement"]["address"] == {
        "line1": "6 Placeholder Lane",
        "town": "Luton",
        "postcode": "LU1 3LB",
    }
    assert parsed.prefill["iro"] == {"name": "Grace Whitmore", "email": "grace.whitmore@barnet.example"}
    assert parsed.prefill["placing_authority"] == "302"
    assert parsed.attachments[0].note.startswith("Read for facts")


def test_facts_only_in_an_attached_pdf_are_read_even_when_sent_as_octet_stream():
    parsed = parse_file("attached_pdf_form.eml")

    assert parsed.prefill["child"] == {"first_name": "Reuben", "last_name": "Ashworth", "date_of_birth": "2011-03-30"}
    assert parsed.prefill["placement"]["start_date"] == "2026-11-25"
    assert parsed.prefill["placement"]["address"]["postcode"] == "LU1 1EE"
    assert parsed.attachments[0].note.startswith("Read for facts")


def test_the_body_wins_over_an_attachment():
    message = make_message("Child's name: Ava Smith")
    message.add_attachment(
        (DATA / "attached_word_form.eml").read_bytes(), maintype="application", subtype="octet-stream", filename="x.bin"
    )
    original = parse_file("attached_word_form.eml").attachments[0]
    message.add_attachment(
        original.content,
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="form.docx",
    )

    prefill = parse(message).prefill

    assert (prefill["child"]["first_name"], prefill["child"]["last_name"]) == ("Ava", "Smith")
    assert prefill["child"]["date_of_birth"] == "2013-08-12"  # only in the attachment


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b"a" * (MAX_UNPACKED_BYTES + 1))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "subtype", "content", "note"),
    [
        ("broken.pdf", "pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage", "Not read"),
        ("scan.pdf", "pdf", _blank_pdf(), "No text found"),
        ("broken.docx", "vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04junk", "damaged"),
        ("bomb.docx", "vnd.openxmlformats-officedocument.wordprocessingml.document", _zip_bomb(), "unpacks to more"),
        ("old.doc", "msword", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Word"),
    ],
)
def test_a_document_that_cannot_be_read_gives_a_note_not_an_error(filename, subtype, content, note):
    message = make_message("Child's name: Ava Smith")
    message.add_attachment(content, maintype="application", subtype=subtype, filename=filename)

    parsed = parse(message)

    assert parsed.attachments[0].content == content  # kept byte for byte
    assert note in parsed.attachments[0].note
    assert parsed.prefill["child"] == {"first_name": "Ava", "last_name": "Smith"}


def test_an_image_attachment_is_not_read_and_has_no_note():
    message = make_message("Child's name: Ava Smith")
    message.add_attachment(b"\x89PNG\r\n\x1a\n\x00\x00", maintype="image", subtype="png", filename="logo.png")

    assert parse(message).attachments[0].note == ""


# -- 7. messages that are not notifications ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("out_of_office.eml", "automatic reply"),
        ("thank_you.eml", "no facts about a child"),
        ("question.eml", "no facts about a child"),
    ],
)
def test_a_message_that_is_not_a_notification_is_recognised(name, reason):
    parsed = parse_file(name)

    assert reason in parsed.correspondence


@pytest.mark.parametrize(
    "name",
    [
        "notification_with_attachment.eml",
        "forwarded_windows_1252.eml",
        "placement_end.eml",
        "change_of_address.eml",
        "html_table.eml",
        "attached_word_form.eml",
        "attached_pdf_form.eml",
    ],
)
def test_every_notification_sample_is_a_notification(name):
    assert parse_file(name).correspondence == ""


def test_a_thank_you_that_names_a_child_is_still_a_draft():
    text = "Thank you for your help. Just to add, Ava Smith's date of birth is 01/05/2012."
    parsed = parse(make_message(text, subject="RE: Notification received: SG-2026-000123"))

    assert parsed.prefill["child"]["date_of_birth"] == "2012-05-01"
    assert parsed.correspondence == ""


def test_a_message_with_an_unreadable_document_is_still_a_draft():
    message = make_message("Thanks, see attached.", subject="Re: placement")
    message.add_attachment(
        b"\xd0\xcf\x11\xe0" + b"\x00" * 32, maintype="application", subtype="msword", filename="form.doc"
    )

    assert parse(message).correspondence == ""


def test_a_message_with_a_scanned_form_attached_is_still_a_draft():
    message = make_message("Please see the scanned form.", subject="Notification")
    message.add_attachment(b"\xff\xd8\xff\xe0 jpeg", maintype="image", subtype="jpeg", filename="scan.jpg")

    assert parse(message).correspondence == ""


def test_a_name_before_a_parents_date_of_birth_is_not_the_childs():
    text = "Her mother, Jane Carter (DOB 14/02/1984), has been told. Placed on 01/12/2026."

    assert "child" not in parse(make_message(text)).prefill


def test_documents_are_read_only_when_asked():
    parsed = parse_message((DATA / "attached_pdf_form.eml").read_bytes(), councils=COUNCILS, read_documents=False)

    assert "child" not in parsed.prefill
    assert parsed.attachments[0].note == ""
