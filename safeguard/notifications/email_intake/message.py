"""Reading one e-mail message: its headers, its body as text, and its attachments byte for byte.
`parse_message` is the entry point: it checks that the bytes are an e-mail message of an acceptable
size (and says in plain words why not), takes the sender, subject and date, chooses the plain-text
body (or the HTML body read as text), keeps every other part as an Attachment (a message forwarded as
an attachment is kept whole and its text is read as well), then hands the text to `fields.prefill`
for the notification fields it plainly states.
"""

from __future__ import annotations

import codecs
import email
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime
from typing import Any

from .correspondence import correspondence_reason
from .documents import document_text
from .fields import leaf_paths, prefill
from .html_text import html_to_text
from .values import words

MAX_BYTES = 25 * 1024 * 1024
# Pre-filling reads at most this much text: a notification is a page or two, never megabytes.
_ANALYSIS_LIMIT = 300_000


class EmailIntakeError(ValueError):
    """The input is not an e-mail message that can be read, or is too large; the message says why."""


@dataclass
class Attachment:
    filename: str
    content_type: str
    content: bytes
    # What reading the attachment for facts gave: a note for the officer ("Read for facts", "Not read: ...").
    note: str = field(default="", compare=False)

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class ParsedEmail:
    message_id: str
    subject: str
    sender: str  # the address
    sender_name: str
    received_at: datetime | None  # aware, from the Date header
    text: str  # the plain-text body (or the HTML body as text)
    attachments: list[Attachment] = field(default_factory=list)
    prefill: dict = field(default_factory=dict)  # a partial payload in the PAYLOAD.md shape
    found: list[str] = field(default_factory=list)  # the field paths in prefill, e.g. "child.first_name"
    # Why the message is not a notification ("An automatic reply"), or "" when it may be one.
    correspondence: str = ""


_QUOTED_FROM = re.compile(r"^[> ]*(?:\*\*)?From:(?:\*\*)?[ \t]*(.+)$", re.MULTILINE)


def parse_message(
    raw: bytes,
    *,
    councils: Iterable[tuple[str, str]] = (),
    max_bytes: int = MAX_BYTES,
    host_council: str | None = None,
    read_documents: bool = True,
) -> ParsedEmail:
    """Read one e-mail message (the bytes of an .eml file) and pre-fill what it states.

    `councils` are (DfE code, name) pairs, used to recognise the placing authority and the authority
    maintaining an EHC plan. `host_council` is the receiving council's DfE code ("821" for Luton): its
    name appears in addresses and its officers forward messages, so it is never taken as the placing
    authority (it can still maintain an EHC plan). Raises EmailIntakeError for input that is not an
    e-mail message or is larger than `max_bytes`. With `read_documents`, attached PDF and Word documents
    are read for facts too (each attachment's `note` says how that went).
    """
    data = _check_raw(raw, max_bytes)
    msg = email.message_from_bytes(data, policy=policy.default)

    sender_name, sender = _sender(msg)
    subject = _header(msg, "Subject")
    bodies = _bodies(msg)
    attachments, forwarded = _attachments(msg, bodies[0][0] if bodies else None)

    # Pre-fill from the body, then from any message forwarded as an attachment (an officer's
    # "forward as attachment" puts the notification itself there), then from the text of attached
    # documents. In a forwarded message the original senders say more about the placing authority than
    # the person who forwarded it.
    extra = ""
    senders = []
    for inner in forwarded:
        senders.append(_sender(inner))
        extra += f"\n\n-----Original Message-----\n{_body(inner)[1]}"
    for attachment in attachments if read_documents else ():
        read = document_text(attachment.filename, attachment.content_type, attachment.content)
        if read is not None:
            attachment.note = read.note
            if read.text:
                extra += f"\n\n-----Original Message-----\n{read.text}"
    is_forward = bool(forwarded) or re.match(r"^\s*(?:fw|fwd)\s*:", subject, re.IGNORECASE)

    # A message with both a plain-text and an HTML body is read both ways and the reading that finds more
    # is kept: a plain-text part made by a mail program from an HTML table often has each cell on a line
    # of its own, so its labels and values no longer line up.
    text, payload = "", {"kind": "placement_start"}
    for _part, candidate in bodies or [(None, "")]:
        analysis = (candidate + extra)[:_ANALYSIS_LIMIT]
        quoted_from = [parseaddr(m.group(1)) for m in _QUOTED_FROM.finditer(analysis)]
        who = [*senders, *quoted_from, (sender_name, sender)] if is_forward else [(sender_name, sender), *senders]
        found = prefill(analysis, subject=subject, councils=councils, host_council=host_council, senders=who)
        if not text or len(leaf_paths(found)) > len(leaf_paths(payload)):
            text, payload = candidate, found

    return ParsedEmail(
        message_id=_header(msg, "Message-ID"),
        subject=subject,
        sender=sender,
        sender_name=sender_name,
        received_at=_received_at(msg),
        text=text,
        attachments=attachments,
        prefill=payload,
        found=leaf_paths(payload),
        correspondence=correspondence_reason(msg, subject, payload, attachments),
    )


# --------------------------------------------------------------------------------------------------
# Is it an e-mail message?

_HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")
_MAIL_HEADERS = words(
    b"from to cc date subject message-id mime-version received return-path delivered-to content-type reply-to"
    b" sender x-mailer user-agent thread-topic"
)
_NOT_EMAIL = (
    "This file is not an e-mail message: it does not start with mail headers such as From:, To:, "
    "Subject: and Date:. Save the message from your mail program as an .eml file and upload that."
)


def _check_raw(raw: Any, max_bytes: int) -> bytes:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    elif isinstance(raw, bytearray | memoryview):
        raw = bytes(raw)
    elif not isinstance(raw, bytes):
        raise EmailIntakeError(f"Expected the message as bytes, not {type(raw).__name__}.")
    if len(raw) > max_bytes:
        raise EmailIntakeError(
            f"The message is {_size(len(raw))}, over the {_size(max_bytes)} limit for an e-mail message. "
            "Ask the sender to send large documents separately."
        )
    data = raw.removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n")
    if not data.strip():
        raise EmailIntakeError("The file is empty: it is not an e-mail message.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise EmailIntakeError(
            "This is an Outlook .msg file, not an e-mail message in the standard .eml format. "
            "Forward the message or save it as .eml and upload that."
        )
    end = min((i for i in (data.find(b"\n\n"), data.find(b"\r\n\r\n")) if i >= 0), default=len(data))
    head = data[: min(end, 512 * 1024)]
    if b"\x00" in head:
        raise EmailIntakeError(_NOT_EMAIL)
    names = set()
    for number, line in enumerate(head.splitlines()):
        if number == 0 and line.startswith(b"From "):  # an mbox separator line
            continue
        if line[:1] in (b" ", b"\t") and number > 0:  # a folded header continues
            continue
        if not _HEADER_LINE.match(line):
            if number == 0 or (number == 1 and head.startswith(b"From ")):
                raise EmailIntakeError(_NOT_EMAIL)
            break  # a broken line ends the headers, as it does for the parser
        names.add(line.split(b":", 1)[0].strip().lower())
    if len(names & _MAIL_HEADERS) < 2:
        raise EmailIntakeError(_NOT_EMAIL)
    return data


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


# --------------------------------------------------------------------------------------------------
# Headers


def _get(msg: Message, name: str) -> Any:
    """A header, or None when it is missing or too malformed to decode."""
    try:
        return msg.get(name)
    except Exception:
        return None


def _header(msg: Message, name: str) -> str:
    value = _get(msg, name)
    return " ".join(str(value).split()) if value is not None else ""


def _sender(msg: Message) -> tuple[str, str]:
    header = _get(msg, "From")
    for address in getattr(header, "addresses", ()):
        if address.addr_spec and address.addr_spec != "<>":
            return address.display_name or "", address.addr_spec
    return parseaddr(str(header or ""))


def _received_at(msg: Message) -> datetime | None:
    header = _get(msg, "Date")
    if header is None:
        return None
    value = getattr(header, "datetime", None)
    if value is None:
        try:
            value = parsedate_to_datetime(str(header))
        except (TypeError, ValueError, IndexError):
            return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# --------------------------------------------------------------------------------------------------
# Body and attachments


# Charsets that mail programs write when they mean Windows-1252: Outlook's "smart" quotes and dashes
# (bytes 0x80 to 0x9f) are control characters in Latin-1 and invalid in ASCII. Browsers read them the
# same way (the WHATWG encoding standard).
_MEANS_WINDOWS_1252 = {"us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "iso8859-1", "windows-1252", "cp1252"}


def _part_text(part: Message) -> str:
    """A text part's content, decoded by its charset. A part labelled ASCII, not labelled or labelled with
    an unknown charset is read as UTF-8 when it is valid UTF-8, else as Windows-1252; a part labelled
    Latin-1 is read as Windows-1252."""
    charset = (part.get_content_charset() or "").lower()
    try:
        payload = part.get_payload(decode=True) or b""
    except Exception:
        payload = b""
    if not isinstance(payload, bytes):
        return ""
    try:
        codecs.lookup(charset)
        known = bool(charset)
    except LookupError:
        known = False
    if known and charset not in _MEANS_WINDOWS_1252:
        return payload.decode(charset, "replace")
    try:
        return payload.decode("utf-8") if not known or charset in ("us-ascii", "ascii") else _windows_1252(payload)
    except UnicodeDecodeError:
        return _windows_1252(payload)


def _windows_1252(payload: bytes) -> str:
    # The five bytes Windows-1252 leaves undefined are read as Latin-1 controls, as browsers do.
    return "".join(
        chunk.decode("cp1252", "strict") if i % 2 == 0 else chunk.decode("latin-1")
        for i, chunk in enumerate(re.split(rb"([\x81\x8d\x8f\x90\x9d])", payload))
    )


def _bodies(msg: Message) -> list[tuple[Message, str]]:
    """The message's bodies that say anything, as text: text/plain first, then text/html."""
    found = []
    for subtype in ("plain", "html"):
        try:
            part = msg.get_body(preferencelist=(subtype,))
        except Exception:
            part = None
        if part is None or any(part is other for other, _ in found):
            continue
        content = _part_text(part)
        if subtype == "html":
            content = html_to_text(content)
        content = content.replace("\r\n", "\n").replace("\r", "\n")
        if content.strip():
            found.append((part, content))
    return found


def _body(msg: Message) -> tuple[Message | None, str]:
    """The part chosen as the body, and its text: text/plain if it says anything, else text/html."""
    bodies = _bodies(msg)
    return bodies[0] if bodies else (None, "")


def _attachments(msg: Message, body: Message | None) -> tuple[list[Attachment], list[Message]]:
    """Every part that is not the body, in order: files, inline images, forwarded messages (kept whole);
    and the forwarded messages themselves, to be read."""
    attachments: list[Attachment] = []
    forwarded: list[Message] = []
    stack = [msg]
    while stack:
        part = stack.pop()
        if part.get_content_maintype() == "multipart":
            stack.extend(reversed(list(part.iter_parts())))
        elif part is not body:
            _collect_attachment(part, attachments, forwarded)
    return attachments, forwarded


def _collect_attachment(part: Message, out: list[Attachment], forwarded: list[Message]) -> None:
    content_type = part.get_content_type()
    try:
        filename = part.get_filename()
    except Exception:
        filename = None
    if content_type == "message/rfc822":
        inner = part.get_payload(0) if part.is_multipart() else None
        if inner is None:
            return
        forwarded.append(inner)
        try:
            content = inner.as_bytes()
        except Exception:
            content = inner.as_bytes(policy=policy.compat32)
        filename = filename or (_header(inner, "Subject") or "forwarded message") + ".eml"
    else:
        is_attachment = part.get_content_disposition() == "attachment"
        if content_type in ("text/plain", "text/html") and not is_attachment and not filename:
            return  # the other alternative of the body
        content = part.as_bytes() if part.is_multipart() else (part.get_payload(decode=True) or b"")
    out.append(Attachment(_safe_filename(filename, content_type, len(out) + 1), content_type, content))


def _safe_filename(filename: str | None, content_type: str, number: int) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().strip(".").strip()
    if not name:
        name = f"attachment-{number}{mimetypes.guess_extension(content_type) or '.bin'}"
    return name[:255]
