"""Read a placement notification that arrived by e-mail.

An SQA officer uploads a received message (.eml), or the system reads a maildir folder. This package
keeps what the message holds (its text, and its attachments byte for byte) and pre-fills the
notification payload described in PAYLOAD.md from what the text plainly states: labelled lines
("Child's name: ...", "DOB - ...", a table row "NHS number | 943 476 5919") and a few unambiguous
phrases ("placed on 20 November 2026", "accommodated under section 20"). Nothing is guessed: a field
is filled only when a label or a pattern supports it, and the officer completes and confirms the rest.

No database and no Django, so it runs anywhere (a management command, a worker, a plain test); the
standard library, with pypdf and python-docx for attached documents. The modules: `message` (MIME
parsing, charsets, attachments, body text; the entry point `parse_message`), `html_text` (HTML bodies
as lines), `documents` (the text of attached PDF and .docx files), `fields` (the pre-fill passes),
`labels` (labelled lines), `phrases` (sentences, including why a placement ended), `values` (dates,
names, phone numbers, legal status), `addresses`, `councils` (recognising the placing and EHC plan
authorities), `correspondence` (messages that are not notifications) and `maildir`.
"""

from .html_text import html_to_text
from .imap import ImapMailbox, check_imap, read_imap
from .maildir import read_maildir
from .message import MAX_BYTES, Attachment, EmailIntakeError, ParsedEmail, parse_message

__all__ = [
    "MAX_BYTES",
    "Attachment",
    "EmailIntakeError",
    "ImapMailbox",
    "check_imap",
    "ParsedEmail",
    "html_to_text",
    "parse_message",
    "read_imap",
    "read_maildir",
]
