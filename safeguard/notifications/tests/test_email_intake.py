"""Reading placement notifications received by e-mail (no database: the module is stdlib only)."""

import mailbox
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from safeguard.notifications.email_intake import (
    Attachment,
    EmailIntakeError,
    html_to_text,
    parse_message,
    read_maildir,
)

SAMPLE = Path(__file__).parent / "data" / "notification_with_attachment.eml"
LUTON = "821"
COUNCILS = [
    ("302", "Barnet"),
    ("821", "Luton"),
    ("822", "Bedford"),
    ("823", "Central Bedfordshire"),
    ("881", "Essex"),
    ("886", "Kent"),
    ("919", "Hertfordshire"),
    ("810", "Kingston upon Hull, City of"),
]
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def make_message(
    text=None,
    *,
    html=None,
    sender='"Placements Team" <placements@nowhere.example>',
    subject="Notification",
    date="Mon, 30 Nov 2026 09:15:00 +0000",
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "SQA Team <sqa@luton.example>"
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = "<test-1@nowhere.example>"
    if text is not None:
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    return message


def parse(message, **kwargs):
    kwargs.setdefault("councils", COUNCILS)
    kwargs.setdefault("host_council", LUTON)
    return parse_message(bytes(message), **kwargs)


# -- the sample file --------------------------------------------------------------------------------

SAMPLE_PREFILL = {
    "kind": "placement_start",
    "placing_authority": "919",
    "child": {
        "first_name": "Ava-Mae",
        "last_name": "THOMPSON",
        "date_of_birth": "2013-03-14",
        "sex": "F",
        "nhs_number": "9434765919",
        "upn": "H919261040117",
        "local_id": "HCC-448812",
    },
    "legal_status": "C2",
    "placement": {
        "start_date": "2026-11-18",
        "emergency": False,
        "carer": "Mr and Mrs Okafor (Hertfordshire in-house foster carers)",
        "address": {"line1": "12 Example Road", "line2": "Stopsley", "town": "Luton", "postcode": "LU2 7AB"},
    },
    "social_worker": {
        "name": "Priya Natarajan",
        "email": "priya.natarajan@hertfordshire.example",
        "phone": "01992 555 014",
        "team": "Children Looked After Team 2",
    },
    "iro": {
        "name": "Gareth Lloyd-Evans",
        "email": "gareth.lloyd-evans@hertfordshire.example",
        "phone": "07700 900 321",
    },
    "ehc_plan": {"has_plan": True, "maintaining_authority": "919"},
}


def test_the_sample_file_pre_fills_every_field_it_states():
    parsed = parse_message(SAMPLE.read_bytes(), councils=COUNCILS, host_council=LUTON)

    assert parsed.prefill == SAMPLE_PREFILL


def test_the_sample_file_lists_what_was_found_in_payload_order():
    parsed = parse_message(SAMPLE.read_bytes(), councils=COUNCILS)

    assert parsed.found == [
        "kind",
        "placing_authority",
        "child.first_name",
        "child.last_name",
        "child.date_of_birth",
        "child.sex",
        "child.nhs_number",
        "child.upn",
        "child.local_id",
        "legal_status",
        "placement.start_date",
        "placement.emergency",
        "placement.carer",
        "placement.address.line1",
        "placement.address.line2",
        "placement.address.town",
        "placement.address.postcode",
        "social_worker.name",
        "social_worker.email",
        "social_worker.phone",
        "social_worker.team",
        "iro.name",
        "iro.email",
        "iro.phone",
        "ehc_plan.has_plan",
        "ehc_plan.maintaining_authority",
    ]


def test_the_sample_file_keeps_its_headers_text_and_attachment():
    raw = SAMPLE.read_bytes()
    parsed = parse_message(raw)

    assert parsed.message_id == "<20261120143205.4821@hertfordshire.example>"
    assert parsed.subject == "OFFICIAL-SENSITIVE: Notification of placement in Luton - Ava-Mae THOMPSON"
    assert parsed.sender == "placements@hertfordshire.example"
    assert parsed.sender_name == "Hertfordshire County Council"
    assert parsed.received_at == datetime(2026, 11, 20, 14, 32, 5, tzinfo=UTC)
    assert parsed.text.startswith("Dear colleagues,\n")
    assert "Child's name: Ava-Mae THOMPSON" in parsed.text
    assert "\r" not in parsed.text and "<p" not in parsed.text
    # The PDF, byte for byte as the standard library decodes it; the HTML alternative is not an attachment.
    original = next(p for p in message_from_bytes(raw, policy=policy.compat32).walk() if p.get_filename())
    assert parsed.attachments == [
        Attachment("Care plan - A-M Thompson.pdf", "application/pdf", original.get_payload(decode=True))
    ]
    assert parsed.attachments[0].content.startswith(b"%PDF-1.4\n")
    assert parsed.attachments[0].content.endswith(b"%%EOF\n")
    assert parsed.attachments[0].size == 192


def test_the_html_part_of_the_sample_reads_the_same_as_its_text_part():
    raw = SAMPLE.read_bytes()
    html = next(p for p in message_from_bytes(raw, policy=policy.default).walk() if p.get_content_type() == "text/html")
    html_only = make_message(html=html.get_content(), sender='"Hertfordshire County Council" <placements@x.example>')

    assert parse(html_only).prefill == SAMPLE_PREFILL


def test_without_councils_the_authorities_are_left_for_the_officer():
    parsed = parse_message(SAMPLE.read_bytes())

    assert "placing_authority" not in parsed.prefill
    assert parsed.prefill["ehc_plan"] == {"has_plan": True}


# -- messages built here ----------------------------------------------------------------------------


def test_a_multipart_message_keeps_every_attachment_exactly():
    message = make_message("Child's name: Ava Smith", html="<p>Child's name: <b>Ava Smith</b></p>")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="care-plan.pdf")
    message.add_attachment(b"\x89PNG\r\n\x1a\n\x00\x00", maintype="image", subtype="png", filename="photo.png")
    message.add_attachment(b"name,dob\r\nAva,2012\r\n", maintype="text", subtype="csv", filename="../../etc/list.csv")

    parsed = parse(message)

    assert parsed.attachments == [
        Attachment("care-plan.pdf", "application/pdf", PDF),
        Attachment("photo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        Attachment("list.csv", "text/csv", b"name,dob\r\nAva,2012\r\n"),
    ]
    assert parsed.text.strip() == "Child's name: Ava Smith"
    assert parsed.prefill["child"] == {"first_name": "Ava", "last_name": "Smith"}


def test_an_attachment_without_a_name_is_given_one():
    message = make_message("See attached.")
    message.add_attachment(PDF, maintype="application", subtype="pdf")

    assert parse(message).attachments == [Attachment("attachment-1.pdf", "application/pdf", PDF)]


def test_an_html_only_message_is_read_as_text_with_its_table_flattened():
    html = """<html><head><style>td {border: 1px solid}</style><title>Notification</title></head><body>
    <p class=MsoNormal>Dear SQA team,<o:p></o:p></p><p>&nbsp;</p>
    <p>Please note the following <b>change of address</b> for a child we have placed in Luton.</p>
    <table>
      <tr><td><p>Surname</p></td><td><p>O&#39;Neill</p></td></tr>
      <tr><td>Forename(s)</td><td>Liam James</td></tr>
      <tr><td>D.O.B.</td><td>3 July 2010</td></tr>
      <tr><th>New address</th><td>Flat 4<br>22 Sample Street<br>Luton<br>LU1 3XY</td></tr>
      <tr><td>Date of move</td><td>2026-11-28</td></tr>
      <tr><td>Legal status</td><td>Section 20</td></tr>
      <tr><td>Allocated social worker</td><td>Tom Baker, 01234 567890, tom.baker@bedford.example</td></tr>
      <tr><td>IRO</td><td>Not yet allocated</td></tr>
      <tr><td>EHCP</td><td>No</td></tr>
    </table>
    <p>Regards</p><p>Jo Bloggs</p><p>Bedford Borough Council</p>
    <script>var tracking = "Name: Not A Child";</script></body></html>"""
    parsed = parse(make_message(html=html, subject="Change of address", sender="Jo Bloggs <jo@nowhere.example>"))

    assert "<" not in parsed.text and "tracking" not in parsed.text
    assert "Surname\tO'Neill" in parsed.text.splitlines()
    assert "New address\tFlat 4, 22 Sample Street, Luton, LU1 3XY" in parsed.text.splitlines()
    assert parsed.prefill == {
        "kind": "change_of_address",
        "placing_authority": "822",
        "child": {"first_name": "Liam James", "last_name": "O'Neill", "date_of_birth": "2010-07-03"},
        "legal_status": "V2",
        "move": {
            "date": "2026-11-28",
            "address": {"line1": "Flat 4", "line2": "22 Sample Street", "town": "Luton", "postcode": "LU1 3XY"},
        },
        "social_worker": {"name": "Tom Baker", "email": "tom.baker@bedford.example", "phone": "01234 567890"},
        "ehc_plan": {"has_plan": False},
    }


def test_html_to_text_reads_a_layout_table_as_lines():
    html = "<table><tr><td><table><tr><td>Name</td><td>Ava Smith</td></tr></table><p>Thanks</p></td></tr></table>"

    assert html_to_text(html) == "Name\tAva Smith\nThanks"


def test_a_table_with_a_header_row_is_read_by_column():
    text = "Name\tDOB\tNHS number\tLegal status\nAva SMITH\t01/05/2012\t943 476 5919\tInterim care order\n"

    assert parse(make_message(text)).prefill == {
        "kind": "placement_start",
        "child": {"first_name": "Ava", "last_name": "SMITH", "date_of_birth": "2012-05-01", "nhs_number": "9434765919"},
        "legal_status": "C1",
    }


def test_labels_written_many_ways():
    text = """\
**Young person's name** - Ruby Green
D.O.B:   1st February 2015
Surname: Green-Hall
NHS No. 943-476-5919
Placed on:\tMonday, 23rd November 2026
Is this an emergency placement? Yes
Carer's address:
8 Any Close
Luton
Postcode: LU4 9ZZ
Social Worker:
Beth Jones
beth.jones@essex.example
07700 900111
IRO: Not known
Does the child have an EHCP? Yes
Maintaining authority: the placing authority
Placing Authority: Essex County Council
"""
    assert parse(make_message(text)).prefill == {
        "kind": "placement_start",
        "placing_authority": "881",
        "child": {
            "first_name": "Ruby",
            "last_name": "Green",
            "date_of_birth": "2015-02-01",
            "nhs_number": "9434765919",
        },
        "placement": {
            "start_date": "2026-11-23",
            "emergency": True,
            "address": {"line1": "8 Any Close", "town": "Luton", "postcode": "LU4 9ZZ"},
        },
        "social_worker": {"name": "Beth Jones", "email": "beth.jones@essex.example", "phone": "07700 900111"},
        "ehc_plan": {"has_plan": True, "maintaining_authority": "881"},
    }


@pytest.mark.parametrize(
    ("line", "first", "last"),
    [
        ("Name: Ava Smith", "Ava", "Smith"),
        ("Child's name - Ava Louise Smith", "Ava Louise", "Smith"),
        ("Name of child: SMITH, Ava", "Ava", "SMITH"),
        ("Child: Ava SMITH (known as Ava-Mae)", "Ava", "SMITH"),
        ("Full name: Lucas van der Berg", "Lucas", "van der Berg"),
        ("Name: Ava Smith DOB: 01/05/2012", "Ava", "Smith"),
    ],
)
def test_the_childs_name_is_split_keeping_its_capitals(line, first, last):
    child = parse(make_message(line)).prefill["child"]

    assert (child["first_name"], child["last_name"]) == (first, last)


def test_first_name_and_surname_labels():
    child = parse(make_message("Forename: Zoë\nLast name: Ó Briain\n")).prefill["child"]

    assert child == {"first_name": "Zoë", "last_name": "Ó Briain"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/05/2012", "2012-05-01"),
        ("1/5/2012", "2012-05-01"),
        ("01.05.2012", "2012-05-01"),
        ("1 May 2012", "2012-05-01"),
        ("21st Sept 2012", "2012-09-21"),
        ("2012-05-01", "2012-05-01"),
        ("31/02/2012", None),
        ("May 2012", None),
    ],
)
def test_dates_of_birth_become_iso_dates(value, expected):
    prefill = parse(make_message(f"Date of birth: {value}")).prefill

    assert prefill.get("child", {}).get("date_of_birth") == expected


@pytest.mark.parametrize(
    ("line", "path", "expected"),
    [
        ("NHS number: 943 476 5919", "nhs_number", "9434765919"),
        ("Her NHS number is 9434765919.", "nhs_number", "9434765919"),
        ("NHS number: 943 476", "nhs_number", None),
        ("UPN: h919261040117", "upn", "H919261040117"),
        ("UPN: 919261040117", "upn", None),
    ],
)
def test_nhs_number_and_upn(line, path, expected):
    assert parse(make_message(line)).prefill.get("child", {}).get(path) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Legal status: Section 20", "V2"),
        ("Legal status: s20", "V2"),
        ("Legal status: Accommodated", "V2"),
        ("Legal status: Interim Care Order", "C1"),
        ("Legal status: Full care order", "C2"),
        ("Legal status: Care Order (s31)", "C2"),
        ("Legal status: Placement Order", "E1"),
        ("Legal status: Supervision Order", "supervision_order"),
        ("Legal status: C2", "C2"),
        ("Care order: Yes", "C2"),
        ("Jayden is accommodated under section 20 of the Children Act 1989.", "V2"),
        ("She is subject to an interim care order.", "C1"),
        ("He is no longer subject to a care order and is accommodated under s20.", "V2"),
        ("We hold a care order; the court made a placement order.", None),
        ("Legal status: to be confirmed", None),
    ],
)
def test_legal_status(text, expected):
    assert parse(make_message(text)).prefill.get("legal_status") == expected


@pytest.mark.parametrize(
    ("subject", "text", "expected"),
    [
        ("Notification", "Name: Ava Smith", "placement_start"),
        ("New placement", "Name: Ava Smith", "placement_start"),
        ("Change of address - Ava Smith", "Name: Ava Smith", "change_of_address"),
        ("Notification", "Ava has moved to her new carers.", "change_of_address"),
        ("Notification", "Ava left placement on 02/12/2026.", "placement_end"),
        ("Placement ended", "Name: Ava Smith", "placement_end"),
        ("Notification", "Notification type: Placement end", "placement_end"),
        ("Notification", "The placement ended yesterday.", "placement_end"),
    ],
)
def test_kind_of_notification(subject, text, expected):
    assert parse(make_message(text, subject=subject)).prefill["kind"] == expected


def test_a_placement_end_with_its_date():
    text = "Just to let you know that Jayden left his placement on 02/12/2026 and has returned home."
    prefill = parse(make_message(text, subject="Update")).prefill

    assert prefill["kind"] == "placement_end"
    assert prefill["placement"] == {"end_date": "2026-12-02", "end_reason": "E4A"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This was an emergency placement.", True),
        ("Emergency placement: No", False),
        ("This is not an emergency placement.", False),
        ("Placed on 1 December 2026.", None),
    ],
)
def test_emergency(text, expected):
    assert parse(make_message(text)).prefill.get("placement", {}).get("emergency") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EHC plan: Yes (Central Bedfordshire)", {"has_plan": True, "maintaining_authority": "823"}),
        ("EHCP: No", {"has_plan": False}),
        (
            "Statement of SEN: yes\nMaintained by: Kent County Council",
            {"has_plan": True, "maintaining_authority": "886"},
        ),
        ("She has an EHCP maintained by Luton Borough Council.", {"has_plan": True, "maintaining_authority": "821"}),
        ("He does not have an EHC plan.", {"has_plan": False}),
        ("EHC plan: Yes - maintained by Narnia", {"has_plan": True}),
        ("Name: Ava Smith", None),
    ],
)
def test_ehc_plan(text, expected):
    assert parse(make_message(text)).prefill.get("ehc_plan") == expected


def test_social_worker_and_iro_on_one_line_each():
    text = (
        "Social worker: Jane Doe (CLA Team 3), tel 01992 555 123, jane.doe@herts.example\n"
        "Independent Reviewing Officer: Mark Brown - mark.brown@herts.example - 020 7946 0000\n"
    )
    prefill = parse(make_message(text)).prefill

    assert prefill["social_worker"] == {
        "name": "Jane Doe",
        "email": "jane.doe@herts.example",
        "phone": "01992 555 123",
        "team": "CLA Team 3",
    }
    assert prefill["iro"] == {"name": "Mark Brown", "email": "mark.brown@herts.example", "phone": "020 7946 0000"}


def test_headed_blocks_keep_other_peoples_details_apart():
    text = """\
CHILD DETAILS
Name: Noah Patel
Sex: Male

SOCIAL WORKER DETAILS
Name: Amira Hassan
Team: CIC Team North
Email: amira.hassan@barnet.example
Phone: 020 8359 0000

IRO DETAILS
Name: Peter Grant
Email: peter.grant@barnet.example

TEAM MANAGER
Name: Someone Else
Email: manager@barnet.example
Address: 2 Bristol Avenue, Colindale NW9 4EW

Placed on: 01/12/2026
Address: Sunny Lodge, 5 Hill Rise, Luton, Bedfordshire, LU3 2QQ
Placing authority: London Borough of Barnet
"""
    assert parse(make_message(text)).prefill == {
        "kind": "placement_start",
        "placing_authority": "302",
        "child": {"first_name": "Noah", "last_name": "Patel", "sex": "M"},
        "placement": {
            "start_date": "2026-12-01",
            "address": {"line1": "Sunny Lodge", "line2": "5 Hill Rise", "town": "Luton", "postcode": "LU3 2QQ"},
        },
        "social_worker": {
            "name": "Amira Hassan",
            "email": "amira.hassan@barnet.example",
            "phone": "020 8359 0000",
            "team": "CIC Team North",
        },
        "iro": {"name": "Peter Grant", "email": "peter.grant@barnet.example"},
    }


def test_an_unlabelled_address_is_taken_only_where_the_text_says_the_child_lives_there():
    text = """\
We have placed Ruby with foster carers at 8 Any Close,
Luton LU4 9ZZ on 20 November 2026.

Kind regards
Kate Hill
Social Worker
Central Bedfordshire Council, Priory House, Chicksands, Shefford SG17 5TQ
Tel: 0300 300 8000
"""
    prefill = parse(make_message(text)).prefill

    assert prefill["placement"] == {
        "start_date": "2026-11-20",
        "address": {"line1": "8 Any Close", "town": "Luton", "postcode": "LU4 9ZZ"},
    }
    assert prefill["placing_authority"] == "823"
    assert "social_worker" not in prefill  # a job title in a signature is not the child's social worker


def test_nothing_is_guessed_from_a_message_that_states_nothing():
    text = """\
Hi,

Please see the attached notification form. Our office is at County Hall, Hertford SG13 8DE.

Thanks
Sam
Social Worker
Tel: 01992 555 000
"""
    parsed = parse(make_message(text, sender="Sam <sam@gmail.example>"))

    assert parsed.prefill == {"kind": "placement_start"}
    assert parsed.found == ["kind"]


# -- the placing authority --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sender", "text", "expected"),
    [
        ('"Hertfordshire County Council" <noreply@secure.example>', "", "919"),
        ('"Placements (Kent)" <p@secure.example>', "", "886"),
        ('"Clark Kent" <clark@secure.example>', "", None),
        ("A Person <a.person@centralbedfordshire.gov.uk>", "", "823"),
        ("A Person <a.person@bedford.gov.uk>", "", "822"),
        ("A Person <a.person@hull.gov.uk>", "", "810"),
        ("A Person <a@gmail.example>", "Yours, Essex County Council", "881"),
        ("A Person <a@gmail.example>", "Hull City Council", "810"),
        ("A Person <a@gmail.example>", "Essex County Council and Kent County Council", None),
        ("A Person <a@gmail.example>", "a child from Hertfordshire", None),
        ("SQA <sqa@luton.gov.uk>", "Luton Borough Council", None),
        ("SQA <sqa@luton.gov.uk>", "Placing authority: Kent", "886"),
    ],
)
def test_placing_authority(sender, text, expected):
    assert parse(make_message(text or "Hello", sender=sender)).prefill.get("placing_authority") == expected


def test_a_notification_forwarded_as_an_attachment_is_read():
    original = make_message(
        "Child's name: Zara Ahmed\nDOB: 02/02/2016\nLegal status: placement order\n",
        sender='"Placements - Kent County Council" <placements@kent.example>',
        subject="Notification",
    )
    forward = make_message("Forwarding as discussed.", sender="SQA Officer <officer@luton.gov.uk>", subject="FW: x")
    forward.add_attachment(original)

    parsed = parse(forward)

    assert parsed.prefill == {
        "kind": "placement_start",
        "placing_authority": "886",
        "child": {"first_name": "Zara", "last_name": "Ahmed", "date_of_birth": "2016-02-02"},
        "legal_status": "E1",
    }
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [("Notification.eml", "message/rfc822")]
    assert message_from_bytes(parsed.attachments[0].content)["Subject"] == "Notification"


# -- input that is not an e-mail --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"\r\n  \n", "empty"),
        (b"\x00\x01\x02\x03\xff\xfe binary junk", "not an e-mail message"),
        (PDF, "not an e-mail message"),
        (b"Dear SQA,\nplease find the details below.\n", "not an e-mail message"),
        (b'{"child": {"first_name": "Ava"}}', "not an e-mail message"),
        (b"Subject: just one header\n\nbody", "not an e-mail message"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", ".msg"),
    ],
)
def test_input_that_is_not_an_email_is_refused_with_a_reason(raw, message):
    with pytest.raises(EmailIntakeError, match=message):
        parse_message(raw)


def test_a_message_over_the_size_limit_is_refused():
    message = make_message("Name: Ava Smith")
    message.add_attachment(b"%PDF-" + b"0" * 4000, maintype="application", subtype="pdf", filename="big.pdf")

    with pytest.raises(EmailIntakeError, match=r"over the 2 KB limit"):
        parse_message(bytes(message), max_bytes=2048)
    assert parse_message(bytes(message), max_bytes=len(bytes(message))).attachments[0].filename == "big.pdf"


def test_the_default_size_limit_is_25_mb():
    with pytest.raises(EmailIntakeError, match="25 MB"):
        parse_message(b"From: a@b.example\n" + b"x" * (25 * 1024 * 1024))


def test_a_message_with_odd_headers_is_still_read():
    raw = (
        b"From: =?utf-8?q?Zo=C3=AB_Price?= <zoe@herts.example>\r\n"
        b"Date: not a date\r\n"
        b"Subject: =?utf-8?b?Tm90aWZpY2F0aW9u?=\r\n"
        b"Content-Type: text/plain; charset=x-unknown\r\n\r\n"
        b"Name: Ava Smith\r\n"
    )
    parsed = parse_message(raw)

    assert (parsed.sender_name, parsed.sender, parsed.subject) == ("Zoë Price", "zoe@herts.example", "Notification")
    assert parsed.received_at is None
    assert parsed.message_id == ""
    assert parsed.prefill["child"] == {"first_name": "Ava", "last_name": "Smith"}


def test_a_date_without_a_zone_is_read_as_utc():
    parsed = parse(make_message("Hello", date="Mon, 30 Nov 2026 09:15:00 -0000"))

    assert parsed.received_at == datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


# -- maildir ----------------------------------------------------------------------------------------


def test_read_maildir_yields_the_new_messages(tmp_path):
    box = mailbox.Maildir(tmp_path / "sqa")
    first = make_message("Name: Ava Smith", subject="First")
    second = make_message("Name: Noah Patel", subject="Second")
    keys = [box.add(first), box.add(second)]
    seen = mailbox.MaildirMessage(make_message("Name: Old Message", subject="Seen"))
    seen.set_subdir("cur")
    box.add(seen)

    messages = list(read_maildir(str(tmp_path / "sqa")))

    assert sorted(key for key, _ in messages) == sorted(keys)
    assert sorted(parse_message(raw).subject for _, raw in messages) == ["First", "Second"]
    assert dict(messages)[keys[0]] == box.get_bytes(keys[0])


def test_read_maildir_refuses_a_folder_that_is_not_a_maildir(tmp_path):
    with pytest.raises(EmailIntakeError, match="not a maildir"):
        list(read_maildir(str(tmp_path)))
