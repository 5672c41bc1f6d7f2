"""Remake attached_word_form.eml and attached_pdf_form.eml (python-docx and WeasyPrint):
`.venv/bin/python safeguard/notifications/tests/data/make_attachment_samples.py safeguard/notifications/tests/data`.
Every person, street and number in them is invented."""

import io
import sys
from email import policy
from email.message import EmailMessage
from pathlib import Path

import docx
from weasyprint import HTML

# A Word notification form, as councils' case systems produce them: a table of labels and values.
d = docx.Document()
d.core_properties.author = "Barnet Children's Services"
d.add_heading("Notification of placement of a looked after child in another local authority area", level=1)
d.add_paragraph("Care Planning, Placement and Case Review (England) Regulations 2010, regulation 13")
t = d.add_table(rows=0, cols=2)
rows = [
    ("Child's details", ""),
    ("Full name", "Amara Okoye"),
    ("Date of birth", "12/08/2013"),
    ("Gender", "Female"),
    ("NHS number", "485 777 3456"),
    ("Legal status", "Full care order (s31)"),
    ("Placement details", ""),
    ("Placement start date", "01/12/2026"),
    ("Emergency placement", "No"),
    ("Carer", "Mrs J Adeyemi (Barnet in-house foster carer)"),
    ("Placement address", "6 Placeholder Lane\nLuton\nLU1 3LB"),
    ("Social worker details", ""),
    ("Name", "Tomasz Nowak"),
    ("Email", "tomasz.nowak@barnet.example"),
    ("Phone", "020 7946 0400"),
    ("IRO details", ""),
    ("Name", "Grace Whitmore"),
    ("Email", "grace.whitmore@barnet.example"),
    ("EHC plan", "No"),
]
for label, value in rows:
    cells = t.add_row().cells
    cells[0].text = label
    if value:
        lines = value.split("\n")
        cells[1].text = lines[0]
        for line in lines[1:]:
            cells[1].add_paragraph(line)
    else:
        cells[0].merge(cells[1])
buf = io.BytesIO()
d.save(buf)
docx_bytes = buf.getvalue()

pdf_bytes = HTML(
    string="""<html><body style="font-family: sans-serif">
<h1>Notification of placement</h1>
<p>Child's name: Reuben Ashworth</p>
<p>Date of birth: 30/03/2011</p>
<p>Legal status: Section 20</p>
<p>Date placed: 25/11/2026</p>
<p>Placement address: Flat 2, 40 Fictional Road, Luton LU1 1EE</p>
<p>Placing authority: Hertfordshire County Council</p>
</body></html>"""
).write_pdf()


def message(subject, sender, body, attachments, date, mid):
    m = EmailMessage()
    m["From"] = sender
    m["To"] = "SQA Notifications <sqa@luton.example>"
    m["Subject"] = subject
    m["Date"] = date
    m["Message-ID"] = mid
    m.set_content(body)
    for name, maintype, subtype, data in attachments:
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return m.as_bytes(policy=policy.SMTP)


out = sys.argv[1]
Path(out, "attached_word_form.eml").write_bytes(
    message(
        "Placement notification",
        "Tomasz Nowak <tomasz.nowak@barnet.example>",
        "Hello,\n\nPlease see the attached notification form for a child we have placed in Luton.\n\nMany thanks\nTomasz\n",
        [
            (
                "Reg 13 notification - A Okoye.docx",
                "application",
                "vnd.openxmlformats-officedocument.wordprocessingml.document",
                docx_bytes,
            )
        ],
        "Tue, 01 Dec 2026 15:02:11 +0000",
        "<20261201150211.77@barnet.example>",
    )
)
Path(out, "attached_pdf_form.eml").write_bytes(
    message(
        "Notification - see attached",
        "Herts Placements <placements@hertfordshire.example>",
        "Good morning,\n\nThe notification is attached as a PDF.\n\nRegards\nPlacements Team\n",
        [("notification.pdf", "application", "octet-stream", pdf_bytes)],
        "Thu, 26 Nov 2026 09:40:00 +0000",
        "<20261126094000.12@hertfordshire.example>",
    )
)
