"""Reading one e-mail message: its headers, its body as text, and its attachments byte for byte.
`parse_message` is the entry point: it checks that the bytes are an e-mail message of an acceptable
size (and says in plain words why not), takes the sender, subject and date, chooses the plain-text
body (or the HTML body read as text), keeps every other part as an Attachment (a message forwarded as
an attachment is kept whole and its text is read as well), then hands the text to `fields.prefill`
for the notification fields it plainly states.
"""

from __future__ import annotations

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


_QUOTED_FROM = re.compile(r"^[> ]*(?:\*\*)?From:(?:\*\*)?[ \t]*(.+)$", re.MULTILINE)


def parse_message(
    raw: bytes,
    *,
    councils: Iterable[tuple[str, str]] = (),
    max_bytes: int = MAX_BYTES,
    host_council: str | None = None,
) -> ParsedEmail:
    """Read one e-mail message (the bytes of an .eml file) and pre-fill what it states.

    `councils` are (DfE code, name) pairs, used to recognise the placing authority and the authority
    maintaining an EHC plan. `host_council` is the receiving council's DfE code ("821" for Luton): its
    name appears in addresses and its officers forward messages, so it is never taken as the placing
    authority (it can still maintain an EHC plan). Raises EmailIntakeError for input that is not an
    e-mail message or is larger than `max_bytes`.
    """
    data = _check_raw(raw, max_bytes)
    msg = email.message_from_bytes(data, policy=policy.default)

    sender_name, sender = _sender(msg)
    subject = _header(msg, "Subject")
    body_part, text = _body(msg)
    attachments, forwarded = _attachments(msg, body_part)

    # Pre-fill from the body, then from any message forwarded as an attachment (an officer's
    # "forward as attachment" puts the notification itself there). In a forwarded message the original
    # senders say more about the placing authority than the person who forwarded it.
    analysis = text
    senders = []
    for inner in forwarded:
        senders.append(_sender(inner))
        analysis += f"\n\n-----Original Message-----\n{_body(inner)[1]}"
    analysis = analysis[:_ANALYSIS_LIMIT]
    is_forward = bool(forwarded) or re.match(r"^\s*(?:fw|fwd)\s*:", subject, re.IGNORECASE)
    quoted_from = [parseaddr(m.group(1)) for m in _QUOTED_FROM.finditer(analysis)]
    senders = [*senders, *quoted_from, (sender_name, sender)] if is_forward else [(sender_name, sender), *senders]
    payload = prefill(analysis, subject=subject, councils=councils, host_council=host_council, senders=senders)

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


def _part_text(part: Message) -> str:
    try:
        content = part.get_content()
    except Exception:  # an unknown charset or a broken transfer encoding
        payload = part.get_payload(decode=True) or b""
        try:
            content = payload.decode(part.get_content_charset() or "utf-8", "replace")
        except LookupError:
            content = payload.decode("utf-8", "replace")
    return content if isinstance(content, str) else ""


def _body(msg: Message) -> tuple[Message | None, str]:
    """The part chosen as the body, and its text: text/plain if it says anything, else text/html."""
    for subtype in ("plain", "html"):
        try:
            part = msg.get_body(preferencelist=(subtype,))
        except Exception:
            part = None
        if part is None:
            continue
        content = _part_text(part)
        if subtype == "html":
            content = html_to_text(content)
        content = content.replace("\r\n", "\n").replace("\r", "\n")
        if content.strip():
            return part, content
    return None, ""


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
