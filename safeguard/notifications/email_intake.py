"""Read a placement notification that arrived by e-mail.

An SQA officer uploads a received message (.eml), or the system reads a maildir folder. This module
keeps what the message holds (its text, and its attachments byte for byte) and pre-fills the
notification payload described in PAYLOAD.md from what the text plainly states: labelled lines
("Child's name: ...", "DOB - ...", a table row "NHS number | 943 476 5919") and a few unambiguous
phrases ("placed on 20 November 2026", "accommodated under section 20"). Nothing is guessed: a field
is filled only when a label or a pattern supports it, and the officer completes and confirms the rest.

Standard library only, so it runs anywhere (a management command, a worker, a test with no database).
"""

from __future__ import annotations

import email
import functools
import mailbox
import mimetypes
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import policy
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

__all__ = [
    "MAX_BYTES",
    "Attachment",
    "EmailIntakeError",
    "ParsedEmail",
    "html_to_text",
    "parse_message",
    "read_maildir",
]

MAX_BYTES = 25 * 1024 * 1024
# Pre-filling reads at most this much text: a notification is a page or two, never megabytes.
_ANALYSIS_LIMIT = 300_000
_LINE_LIMIT = 5_000
_HTML_LIMIT = 5_000_000
_HTML_DEPTH = 200


def _words(text, sep=None, *, ordered=False):
    """The words of a string: a compact way to write a long list of names."""
    words = [word.strip() for word in text.split(sep) if word.strip()]
    return words if ordered else set(words)


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


# --------------------------------------------------------------------------------------------------
# Reading the message


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
    attachments: list[Attachment] = []
    forwarded: list[Message] = []
    _collect_attachments(msg, body_part, attachments, forwarded)

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
    prefill = _Extractor(
        analysis,
        subject=subject,
        councils=_Councils(councils, host=host_council),
        senders=senders,
    ).run()

    return ParsedEmail(
        message_id=_header(msg, "Message-ID"),
        subject=subject,
        sender=sender,
        sender_name=sender_name,
        received_at=_received_at(msg),
        text=text,
        attachments=attachments,
        prefill=prefill,
        found=_leaf_paths(prefill),
    )


def read_maildir(path: str) -> Iterator[tuple[str, bytes]]:
    """Yield (key, raw bytes) for each message in the maildir's new/ folder, oldest name first.

    The messages are left where they are: moving a message to cur/ once it has been taken in is
    the caller's job (mailbox.Maildir(path).get_message(key) ... set_subdir("cur")).
    """
    if not os.path.isdir(os.path.join(path, "new")):
        raise EmailIntakeError(f"{path} is not a maildir: it has no new/ folder.")
    box = mailbox.Maildir(path, factory=None, create=False)
    for name in sorted(os.listdir(os.path.join(path, "new"))):
        if name.startswith(".") or not os.path.isfile(os.path.join(path, "new", name)):
            continue
        key = name.split(box.colon, 1)[0]
        try:
            raw = box.get_bytes(key)
        except KeyError:  # delivered or moved while we were reading
            continue
        yield key, raw


_HEADER_LINE = re.compile(rb"^[!-9;-~]+[ \t]*:")
_MAIL_HEADERS = _words(
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


def _header(msg: Message, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a header too malformed to decode
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _sender(msg: Message) -> tuple[str, str]:
    try:
        header = msg.get("From")
        addresses = getattr(header, "addresses", ()) if header is not None else ()
    except Exception:
        header, addresses = None, ()
    for address in addresses:
        if address.addr_spec and address.addr_spec != "<>":
            return address.display_name or "", address.addr_spec
    name, addr = parseaddr(str(header or ""))
    return name, addr


def _received_at(msg: Message) -> datetime | None:
    try:
        header = msg.get("Date")
    except Exception:
        return None
    if header is None:
        return None
    value = getattr(header, "datetime", None)
    if value is None:
        try:
            value = parsedate_to_datetime(str(header))
        except (TypeError, ValueError, IndexError):
            return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


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


def _collect_attachments(msg: Message, body: Message | None, out: list[Attachment], forwarded: list[Message]) -> None:
    """Every part that is not the body, in order: files, inline images, forwarded messages (kept whole)."""
    stack = [msg]
    while stack:
        part = stack.pop()
        if part.get_content_maintype() == "multipart":
            stack.extend(reversed(list(part.iter_parts())))
        elif part is not body:
            _collect_attachment(part, out, forwarded)


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


# --------------------------------------------------------------------------------------------------
# HTML to text: block elements become lines, a table row becomes one line with its cells separated by
# tabs (so "Name | Ava Smith" reads as a labelled line), layout tables are read as lines.

_SKIP_TAGS = {"script", "style", "head", "title", "template", "noscript"}
_VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "wbr"}
_BLOCK_TAGS = _words(
    "p div li ul ol dl dt dd tr h1 h2 h3 h4 h5 h6 blockquote pre section article header footer address form"
    " fieldset center caption body html main nav aside"
)


class _Node:
    __slots__ = ("children", "tag")

    def __init__(self, tag: str):
        self.tag = tag
        self.children: list[_Node | str] = []


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]
        self.skipping: str | None = None

    def handle_starttag(self, tag, attrs):
        if self.skipping:
            if self.skipping == "head" and tag == "body":
                self.skipping = None
            else:
                return
        if tag in _SKIP_TAGS:
            self.skipping = tag
            return
        if tag in ("td", "th"):
            self._close({"td", "th"}, stop={"tr", "table"})
        elif tag == "tr":
            self._close({"tr"}, stop={"table"})
        elif tag == "p":
            self._close({"p"}, stop={"td", "th", "table", "div", "li", "blockquote"})
        elif tag == "li":
            self._close({"li"}, stop={"ul", "ol"})
        node = _Node(tag)
        self.stack[-1].children.append(node)
        if tag not in _VOID_TAGS and len(self.stack) < _HTML_DEPTH:  # deeper nesting is flattened
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if not self.skipping:
            self.stack[-1].children.append(_Node(tag))

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping:
                self.skipping = None
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        if tag in ("br", "p"):  # a stray </br> or </p> still breaks the line
            self.stack[-1].children.append(_Node("br"))

    def handle_data(self, data):
        if not self.skipping:
            self.stack[-1].children.append(data)

    def _close(self, tags: set[str], stop: set[str]) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag in tags:
                del self.stack[depth:]
                return
            if self.stack[depth].tag in stop:
                return


class _Lines:
    def __init__(self):
        self.lines: list[str] = []
        self.current: list[str] = []

    def text(self, value: str) -> None:
        self.current.append(value)

    def newline(self) -> None:
        line = re.sub(r"[^\S\t]+", " ", "".join(self.current)).strip(" ")
        self.current = []
        if line.strip():
            self.lines.append(line.strip())

    def blank(self) -> None:
        self.newline()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def mark(self) -> tuple[int, bool]:
        return len(self.lines), bool("".join(self.current).strip())

    def br(self) -> None:
        if "".join(self.current).strip():
            self.newline()
        else:
            self.blank()


def _contains(node: _Node, tag: str) -> bool:
    return any(isinstance(c, _Node) and (c.tag == tag or _contains(c, tag)) for c in node.children)


def _rows(table: _Node) -> Iterator[_Node]:
    for child in table.children:
        if isinstance(child, _Node):
            if child.tag == "tr":
                yield child
            elif child.tag in ("thead", "tbody", "tfoot"):
                yield from _rows(child)


def _render(node: _Node, out: _Lines, pre: bool = False) -> None:
    for child in node.children:
        if isinstance(child, str):
            out.text(child if pre else re.sub(r"\s+", " ", child))
            continue
        tag = child.tag
        if tag == "br":
            out.br()
        elif tag == "hr":
            out.newline()
        elif tag == "table":
            _render_table(child, out)
        elif tag in ("td", "th"):  # a cell outside a table row
            out.text("\t")
            _render(child, out, pre)
        elif tag in _BLOCK_TAGS:
            out.newline()
            before = out.mark()
            _render(child, out, pre or tag == "pre")
            out.newline()
            if out.mark() == before and tag in ("p", "div"):
                out.blank()  # an empty paragraph is a blank line
        else:
            _render(child, out, pre)


def _render_table(table: _Node, out: _Lines) -> None:
    out.newline()
    for row in _rows(table):
        cells = []
        layout = False
        for cell in row.children:
            if not (isinstance(cell, _Node) and cell.tag in ("td", "th")):
                continue
            sub = _Lines()
            _render(cell, sub)
            sub.newline()
            lines = [line for line in sub.lines if line]
            layout = layout or _contains(cell, "table") or len(lines) > 6
            if lines:
                cells.append(lines)
        if len(cells) > 1 and not layout:
            out.lines.append("\t".join(", ".join(lines).replace("\t", " ") for lines in cells))
        else:
            for lines in cells:
                out.lines.extend(lines)
    out.newline()


def html_to_text(html: str) -> str:
    """The text of an HTML body, as lines: tags stripped, tables flattened to one line per row."""
    builder = _TreeBuilder()
    try:
        builder.feed(html[:_HTML_LIMIT])
        builder.close()
    except Exception:  # html.parser is lenient; this is a last resort
        return re.sub(r"<[^>]*>", " ", html)
    out = _Lines()
    _render(builder.root, out)
    out.newline()
    text = "\n".join(out.lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --------------------------------------------------------------------------------------------------
# Patterns

_MONTHS = {m: n for n, m in enumerate(_words("jan feb mar apr may jun jul aug sep oct nov dec", ordered=True), start=1)}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}\.?,?\s+\d{{4}})"
)
_DATE_RX = re.compile(rf"(?<![\d/.-])({_DATE})(?![\d/-])", re.IGNORECASE)

_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d+])(?:\+44[ ]?(?:\(0\)[ ]?)?|\(?0)\d[\d \-()]{7,14}\d(?!\d)")
_POSTCODE = re.compile(r"\b([A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})\b")
_NHS_VALUE = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
_UPN_VALUE = re.compile(r"\b([A-Za-z]\d{12})\b")
_SSDA903_LS = re.compile(r"^\s*(C1|C2|D1|E1|J1|J2|J3|L1|L2|L3|V2|V3|V4)\b")

# Legal status phrases, the longer ones first at any position. The loose forms ("ICO", a bare
# "accommodated") are read only in a labelled value.
_LEGAL_LABELLED = re.compile(
    r"\b(?:(?P<C1>interim care order|ico|s\.? ?38|section 38)"
    r"|(?P<C2>full care order|final care order|care order|s\.? ?31|section 31)"
    r"|(?P<E1>placement order)"
    r"|(?P<supervision_order>supervision order)"
    r"|(?P<V2>section ?20|s\.? ?20|voluntar(?:y|ily) accommodat\w*|accommodated))\b",
    re.IGNORECASE,
)
_LEGAL_FREE = re.compile(
    r"\b(?:(?P<C1>interim care order|section 38)"
    r"|(?P<C2>full care order|final care order|care order|section 31)"
    r"|(?P<E1>placement order)"
    r"|(?P<supervision_order>supervision order)"
    r"|(?P<V2>section ?20|s\.? ?20|voluntar(?:y|ily) accommodated|accommodated (?:under|by|via|pursuant)))\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(?:not|no longer|no|never|without|ceased|discharged|revoked|apply(?:ing)? for|application for|"
    r"pending|previously|formerly|was subject)\b[^.;\n]*$",
    re.IGNORECASE,
)
_LEGAL_CODES = {"C1": "C1", "C2": "C2", "E1": "E1", "supervision_order": "supervision_order", "V2": "V2"}

_YES = re.compile(r"^\s*(?:yes|y|true|x|✓|✔)\b", re.IGNORECASE)
_NO = re.compile(r"^\s*(?:no|n|false|none|nil|n/a|na|not applicable)\b", re.IGNORECASE)

_SIGNOFF = re.compile(
    r"^(?:kind(?:est)? regards|best regards|warm(?:est)? regards|regards|many thanks|thanks(?: and regards)?|"
    r"thank you|best wishes|with best wishes|yours (?:sincerely|faithfully)|sent from my\b.*)[,.!]?$",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"^(?:-{2,}\s*(?:original message|forwarded message)\s*-{2,}|begin forwarded message:?|_{10,}|on .{5,120} wrote:)$",
    re.IGNORECASE,
)
_QUOTED_FROM = re.compile(r"^[> ]*(?:\*\*)?From:(?:\*\*)?[ \t]*(.+)$", re.MULTILINE)
_CELL_SPLIT = re.compile(r"\t+|\s*\|\s*|\s{3,}")
_INLINE_LABEL = re.compile(
    r"\s+(?=(?:DOB|D\.O\.B\.?|Date of birth|NHS(?: No\.?| number)?|UPN|Gender|Sex|Legal status|Post ?code|"
    r"E-?mail|Tel|Phone|Mobile)\s*:)",
    re.IGNORECASE,
)

_NOT_A_VALUE = _words(
    "tbc|tba|unknown|not known|n/k|nk|n/a|na|none|not applicable|not yet allocated|unallocated|to be confirmed|to be allocated|awaiting allocation|vacant|pending|confidential|withheld|not disclosed|see attached|see below|see above|yes|no",
    "|",
)
_ORG_WORDS = _words(
    "council county borough team service services department directorate school academy ltd limited agency fostering children's childrens social care placement placements officer worker manager authority regards thanks email tel"
)
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.-])*$")
_SURNAME_PARTICLES = _words("van von de der den da di du del della le la bin ibn al el")
_COUNTIES = _words(
    "bedfordshire|beds|hertfordshire|herts|buckinghamshire|bucks|cambridgeshire|cambs|northamptonshire|northants|oxfordshire|oxon|berkshire|berks|essex|kent|surrey|middlesex|greater london|united kingdom|uk|england",
    "|",
)


def _parse_date(text: str) -> str | None:
    match = _DATE_RX.search(text or "")
    if not match:
        return None
    value = re.sub(r"^[a-z]+day,?\s+", "", match.group(1).strip(), flags=re.IGNORECASE)
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
            year, month, day = (int(p) for p in value.split("-"))
        elif re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", value):
            day, month, year = (int(p) for p in re.split(r"[/.-]", value))
        else:
            parts = re.match(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]+)\.?,?\s+(\d{4})", value, re.IGNORECASE)
            if not parts:
                return None
            day, month, year = int(parts[1]), _MONTHS[parts[2][:3].lower()], int(parts[3])
        if not 1900 <= year <= 2100:
            return None
        return date(year, month, day).isoformat()
    except (ValueError, KeyError):
        return None


def _phones(text: str) -> list[str]:
    found = []
    for match in _PHONE.finditer(text):
        value = " ".join(match.group().split()).strip(" -")
        digits = re.sub(r"\D", "", value)
        national = "0" + digits[2:] if value.startswith("+44") else digits
        if len(national) in (10, 11) and national[0] == "0" and national[1] in "1235789":
            found.append(value)
    return found


def _postcode(text: str) -> re.Match | None:
    return _POSTCODE.search(text or "")


def _format_postcode(match: re.Match) -> str:
    return f"{match.group(1)} {match.group(2)}"


def _is_placeholder(value: str) -> bool:
    return value.strip(" .-").lower() in _NOT_A_VALUE


def _person_name(text: str) -> str | None:
    """A person's name from a value that may also hold an e-mail, a phone number or a note."""
    value = _EMAIL.sub(" ", text or "")
    for phone in _phones(value):
        value = value.replace(phone, " ")
    value = re.sub(r"\([^)]*\)?|\[[^\]]*\]?", " ", value)
    value = re.split(
        r"\s*(?:[,;|/:]|\s[-–—]\s|\b(?:on|tel|telephone|email|e-mail|mobile|phone|dob|d\.o\.b|born|nhs|upn)\b)\s*",
        value,
        maxsplit=1,
        flags=re.IGNORECASE,
    )[0]
    value = value.strip(" .-–—'\"")
    words = value.split()
    if not 1 <= len(words) <= 5 or _is_placeholder(value):
        return None
    if not all(_NAME_WORD.match(word) for word in words):
        return None
    if any(word.lower().strip(".") in _ORG_WORDS for word in words):
        return None
    return " ".join(words)


def _split_child_name(name: str) -> tuple[str | None, str | None]:
    """(first, last) from a full name, keeping its capitalisation: "Ava SMITH", "Ava Louise Smith", "Lucas van
    der Berg". A single word is a first name, or a surname when written in capitals."""
    words = name.split()
    if len(words) == 1:
        word = words[0]
        return (None, word) if word.isupper() and len(word) > 1 else (word, None)
    upper = [i for i, word in enumerate(words) if word.isupper() and len(word) > 1]
    contiguous = bool(upper) and upper == list(range(upper[0], upper[-1] + 1))
    if contiguous and len(upper) < len(words) and (upper[-1] == len(words) - 1 or upper[0] == 0):
        last = " ".join(words[i] for i in upper)
        first = " ".join(word for i, word in enumerate(words) if i not in upper)
        return first, last
    for i in range(1, len(words) - 1):
        if words[i].lower() in _SURNAME_PARTICLES:
            return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words[:-1]), words[-1]


def _surname_first(value: str) -> tuple[str, str] | None:
    """("Ava", "SMITH") from "SMITH, Ava": a single surname, a comma, then the given names."""
    match = re.fullmatch(r"\s*([^,]+),\s*([^,]+?)\s*", re.sub(r"\([^)]*\)", " ", value))
    if not match:
        return None
    last, first = _person_name(match.group(1)), _person_name(match.group(2))
    if not (last and first and last == match.group(1).strip()):
        return None
    if len(last.split()) > 1 and not last.isupper():
        return None
    if first.lower() in {"male", "female", "boy", "girl"}:
        return None
    return first, last


def _legal_status(text: str, *, labelled: bool) -> str | None:
    """The SSDA903 legal status a value states: in a labelled value the first phrase not negated;
    in free text only when every phrase found agrees."""
    if labelled:
        code = _SSDA903_LS.match(text)
        if code:
            return code.group(1)
    pattern = _LEGAL_LABELLED if labelled else _LEGAL_FREE
    codes = []
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if _NEGATED.search(before):
            continue
        code = _LEGAL_CODES[match.lastgroup]
        if labelled:
            return code
        codes.append(code)
    return codes[0] if codes and len(set(codes)) == 1 else None


# --------------------------------------------------------------------------------------------------
# Labels. A label is normalised (lower case, straight apostrophes, no brackets or trailing colon)
# and matched whole against these, in order.

_CHILD_OF = r"(?:(?:the )?(?:child|young person|yp|cyp|looked after child|lac|pupil)(?:'s|s'|s)? )?"
_SW = r"(?:(?:the )?(?:child's |childs |allocated |named |responsible |current )*(?:social worker|sw|case ?worker|allocated worker|lead professional))"
_IRO = r"(?:(?:the )?(?:child's |childs |allocated |named |current )*(?:iro|independent reviewing officer|reviewing officer))"
_CONTACT_TAIL = r"(?:'s)?(?: name| details| contact details| contact| contact info(?:rmation)?)?"
_EMAIL_WORD = r"(?:secure |work |gcsx |cjsm |contact )?e-?mail(?: address)?"
_PHONE_WORD = r"(?:work |direct |office |contact |mobile |telephone )?(?:phone|tel|telephone|mobile|mob|cell|direct line|contact number|landline)(?: number| no\.?)?|tel no\.?"

_LABELS: list[tuple[str, str]] = [
    # the child
    (
        r"(?:the )?(?:child|young person|yp|cyp|looked after child|lac|pupil)(?:'s|s')?(?: full)? names?"
        r"|name of (?:the )?(?:child|young person|yp|cyp|looked after child)|child|young person",
        "child_name",
    ),
    (r"(?:full )?names?", "name"),
    (_CHILD_OF + r"(?:first|given|fore|christian) ?names?", "first_name"),
    (_CHILD_OF + r"(?:surname|last name|family name)", "last_name"),
    (_CHILD_OF + r"(?:date of birth|d\.? ?o\.? ?b\.?|birth ?date|born)", "dob"),
    (_CHILD_OF + r"(?:sex|gender)", "sex"),
    (_CHILD_OF + r"nhs(?: no\.?| number| num| #)?", "nhs"),
    (_CHILD_OF + r"(?:upn|unique pupil number)(?: no\.?| number)?", "upn"),
    (
        r"(?:child|case|client|person|mosaic|lcs|eclipse|liquidlogic|ics|swift|carefirst|paris|la|local authority"
        r"|placing authority|our)(?:'s)? (?:id|ref|reference)(?: no\.?| number)?|local id|child id"
        r"|(?:mosaic|lcs|eclipse|swift|carefirst|paris) (?:no\.?|number)",
        "local_id",
    ),
    # legal status
    (
        _CHILD_OF + r"(?:current )?(?:legal status|legal order|legal basis|legal|order|type of order|order type"
        r"|care status|status)",
        "legal_status",
    ),
    (r"section 20|s\.? ?20|voluntary accommodation|accommodated", "legal:V2"),
    (r"interim care order|ico", "legal:C1"),
    (r"full care order|care order|section 31|s\.? ?31", "legal:C2"),
    (r"placement order", "legal:E1"),
    (r"supervision order", "legal:supervision_order"),
    # the placement
    (
        r"placement start(?: date)?|start date(?: of (?:the )?placement)?|date of (?:the )?placement|placement date"
        r"|date placed|placed on|date (?:of )?placement (?:started|commenced|began)|date (?:the )?child (?:was )?placed"
        r"|date of admission|admission date|date placement (?:started|commenced|began)|placement commenced",
        "start_date",
    ),
    (
        r"placement end(?: date)?|end date(?: of (?:the )?placement)?|date (?:the )?placement ended|date ended"
        r"|date of (?:placement )?ending|date left(?: placement)?|left (?:placement )?on|date of leaving|leaving date"
        r"|placement ended(?: on)?",
        "end_date",
    ),
    (
        r"date of (?:the )?move|move date|moving date|date moved|moved on|date of (?:the )?change(?: of address)?"
        r"|effective date(?: of (?:the )?move)?",
        "move_date",
    ),
    (
        r"new (?:placement )?address|address moved to|moved to|new placement address|new placement|new home address"
        r"|(?:child's )?new address",
        "new_address",
    ),
    (r"(?:previous|old|former|last) (?:placement )?address|moved from|previous placement", "old_address"),
    (
        _CHILD_OF + r"(?:current |placement |home |carers?(?:'s|s')? |foster carers?(?:'s|s')? )?(?:placement )?address"
        r"(?: of (?:the )?(?:placement|carers?|foster carers?))?(?: line ?1| 1)?|placed at|placement location|address placed"
        r"|first line of (?:the )?address",
        "address",
    ),
    (r"(?:placement )?post ?code", "postcode"),
    (r"(?:address )?line ?[2-4]|address [2-4]|town(?: ?/ ?city)?|city|town or city|county|locality", "address_part"),
    (
        r"(?:foster |main |current )?carers?(?:'s|s')?(?: names?)?|name of (?:the )?(?:foster )?carers?"
        r"|foster carers?(?:'s|s')?(?: names?)?|(?:placement )?provider(?: name)?|name of (?:the )?(?:placement|home|provider)"
        r"|placed with|(?:residential|children's) home(?: name)?|placement name",
        "carer",
    ),
    (
        r"notification type|type of notification|reason for (?:the )?notification|nature of (?:the )?notification"
        r"|notification|notification of",
        "kind",
    ),
    (r"(?:is this an? |was this an? )?emergency(?: placement)?", "emergency"),
    # social worker and IRO
    (_SW + r"(?:'s)? (?:secure )?e-?mail(?: address)?", "sw_email"),
    (_SW + r"(?:'s)? (?:" + _PHONE_WORD + r"|number)", "sw_phone"),
    (_SW + r"(?:'s)? team|social work team", "sw_team"),
    (
        _SW + _CONTACT_TAIL + r"|name of (?:the )?(?:child's )?(?:allocated )?social worker"
        r"|contact details (?:for|of) (?:the )?(?:child's )?(?:allocated )?social worker",
        "sw",
    ),
    (_IRO + r"(?:'s)? (?:secure )?e-?mail(?: address)?", "iro_email"),
    (_IRO + r"(?:'s)? (?:" + _PHONE_WORD + r"|number)", "iro_phone"),
    (
        _IRO + _CONTACT_TAIL + r"|name of (?:the )?(?:child's )?(?:iro|independent reviewing officer)"
        r"|contact details (?:for|of) (?:the )?(?:child's )?(?:iro|independent reviewing officer)",
        "iro",
    ),
    (_EMAIL_WORD + r"|e", "email"),
    (_PHONE_WORD + r"|number|t|m", "phone"),
    (r"team|service", "team"),
    # education, health and care plan
    (
        r"(?:(?:ehcp|ehc plan|plan|statement|sen) )?(?:maintained by|maintaining (?:local )?authority|maintaining la"
        r"|maintaining council)|(?:la|local authority|authority) (?:that )?maintain(?:s|ing) (?:the )?"
        r"(?:plan|ehcp|ehc plan|statement)|(?:ehcp|ehc plan|statement) (?:local )?authority|(?:ehcp|ehc plan) la",
        "ehc_la",
    ),
    (
        _CHILD_OF + r"(?:(?:does (?:the )?(?:child|young person|yp) have an? )?(?:ehc ?plan|ehcp|education,? health"
        r" (?:and|&) care plan|statement of (?:sen|special educational needs)|sen statement"
        r"|(?:ehcp|ehc plan) ?(?:/|or) ?statement(?: of sen)?|statement(?: of sen)? ?(?:/|or) ?(?:ehcp|ehc plan))"
        r"|(?:has|have) (?:an? )?(?:ehcp|ehc plan|statement(?: of sen)?))",
        "ehc",
    ),
    # the placing authority
    (
        r"placing (?:local )?authority(?: name)?|placing la|placing council|responsible (?:local )?authority"
        r"|home (?:local )?authority|local authority|la|council|authority|name of (?:the )?placing (?:local )?authority",
        "placing_la",
    ),
    # headings that change what "Name", "Address" or "Email" below them means
    (
        r"(?:the )?(?:child|young person|yp)(?:'s|s')? (?:details|information|info)|details of (?:the )?(?:child|young person)"
        r"|about (?:the )?(?:child|young person)",
        "section:general",
    ),
    (r"(?:new )?placement(?: details| information| info)?|details of (?:the )?placement", "section:placement"),
    (
        r"(?:foster )?carers?(?:'s|s')? (?:details|information)|(?:placement )?provider details"
        r"|details of (?:the )?(?:foster )?carers?",
        "section:carer",
    ),
    (
        r"placing (?:local )?authority (?:details|contact details|contact)|(?:local authority|la) details"
        r"|placing la details",
        "section:placing",
    ),
    (
        r"(?:team|service|practice|deputy team) manager|manager|head of service|supervising social worker"
        r"|fostering social worker|supervising sw|ssw|referrer|referred by|(?:form )?completed by|signed|sender"
        r"|gp(?: details)?|doctor|health visitor|school(?: details| name)?|education(?: details)?"
        r"|virtual school(?: head)?|designated teacher|head ?teacher|parents?(?:'s|s')?(?: details)?|mother|father"
        r"|birth (?:mother|father|parents?)|siblings?|contact(?: person| details)?|(?:agency|ifa|fostering agency)"
        r"(?: details)?|emergency contact|out of hours|edt",
        "section:other",
    ),
]
_LABEL_RX = [(re.compile(pattern), key) for pattern, key in _LABELS]
_HEADING_WORDS = re.compile(r"\b(?:details|information|info|contact)\b")
_CHILD_KEYS = {"child_name", "first_name", "last_name"}
_CHILD_FACT_KEYS = {"dob", "sex", "nhs", "upn", "local_id"}
_CONTACT_KEYS = {"name", "email", "phone", "team"}


def _normalise_label(label: str) -> str:
    value = label.lower().replace("’", "'").replace("‘", "'")
    value = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", value)
    value = re.sub(r"[?*#:]", " ", value)
    return " ".join(value.split()).strip(" .-–—")


def _classify(label: str) -> str | None:
    value = _normalise_label(label)
    if not value or len(value) > 70:
        return None
    for pattern, key in _LABEL_RX:
        if pattern.fullmatch(value):
            return key
    return None


def _looks_like_label(label: str) -> bool:
    words = label.split()
    return 1 <= len(words) <= 6 and label[:1].isalpha() and not re.search(r"\d|@|https?", label)


# --------------------------------------------------------------------------------------------------
# Councils


def _squash(value: str) -> str:
    return re.sub(r"[^a-z]", "", value.lower().replace("&", "and"))


def _words_pattern(value: str) -> str:
    parts = []
    for word in re.split(r"[\s-]+", value.strip()):
        if word.lower() in ("and", "&"):
            parts.append(r"(?:and|&)")
        elif word.lower() in ("st", "st."):
            parts.append(r"st\.?")
        else:
            parts.append(re.escape(word))
    return r"[\s-]+".join(parts)


def _council_cores(name: str) -> list[str]:
    core = re.sub(r",\s*(?:city|county|royal borough|london borough|borough) of$", "", name, flags=re.IGNORECASE)
    if core.lower() != "city of london":
        core = re.sub(
            r"^(?:the\s+)?(?:(?:london|royal|metropolitan)\s+borough\s+of|borough\s+of|city\s+and\s+county\s+of"
            r"|city\s+of|county\s+of|council\s+of\s+the)\s+",
            "",
            core,
            flags=re.IGNORECASE,
        )
    core = re.sub(
        r"\s+(?:(?:metropolitan\s+|county\s+)?borough\s+|county\s+|city\s+|district\s+)?council$",
        "",
        core,
        flags=re.IGNORECASE,
    ).strip()
    cores = [core]
    if core.lower().startswith("county "):
        cores.append(core[7:])
    if core.lower() == "kingston upon hull":
        cores.append("Hull")
    if core.lower().startswith("bournemouth, christchurch"):
        cores.append("BCP")
    return [c for c in cores if len(c) >= 3]


_GENERIC_DOMAIN_LABELS = _words(
    "gov uk org net com co ac nhs gcsx gsi gsx cjsm pnn secure mail email example test local sch egress"
)
_COUNCILISH = re.compile(
    r"\b(?:council|borough|county|city|children'?s services|placements?|social care|services)\b", re.I
)


_CouncilEntry = tuple[str, re.Pattern, re.Pattern, frozenset[str]]
_COUNCIL_WORD = re.compile(r"\b(?:council|borough|city|cc|mbc|bc|dc|lbc)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _council_entries(pairs: tuple[tuple[str, str], ...]) -> tuple[_CouncilEntry, ...]:
    """For each council: its code, a pattern for its full name ("Hertfordshire County Council", "London
    Borough of Barnet"), a pattern for its bare name ("Hertfordshire"), and its names squashed for
    comparing with a mail domain. Cached: the same list of councils comes with every message."""
    entries = []
    for code, name in pairs:
        cores = _council_cores(name)
        if not cores:
            continue
        core_alt = "|".join(_words_pattern(c) for c in cores)
        full = re.compile(
            rf"(?<![\w-])(?:{_words_pattern(name)}\s+(?:(?:metropolitan |county )?borough |county |city |district )?council"
            rf"|(?:london |royal )?borough of (?:{core_alt})|city (?:and county )?of (?:{core_alt})(?:\s+council)?"
            rf"|(?:{core_alt})\s+(?:(?:metropolitan |county )?borough |county |city |district )?council"
            rf"|(?:{core_alt})\s+(?:cc|mbc|bc|dc|lbc))(?![\w-])",
            re.IGNORECASE,
        )
        bare = re.compile(rf"(?<![\w-])(?:{_words_pattern(name)}|{core_alt})(?![\w-])", re.IGNORECASE)
        squashed = {_squash(name), *(_squash(c) for c in cores)}
        squashed |= {s + "council" for s in list(squashed)} | {s + "cc" for s in list(squashed)}
        entries.append((code, full, bare, frozenset(squashed)))
    return tuple(entries)


class _Councils:
    def __init__(self, pairs: Iterable[tuple[str, str]], *, host: str | None = None):
        self.host = str(host) if host else None
        cleaned = ((str(code).strip(), " ".join(str(name).split())) for code, name in pairs or ())
        self.entries = _council_entries(tuple((code, name) for code, name in cleaned if code and name))

    def __bool__(self) -> bool:
        return bool(self.entries)

    def in_text(self, text: str, *, bare: bool) -> list[str]:
        """The councils named in text, in order; a bare name ("Hertfordshire") only when `bare`."""
        if not text or not self.entries:
            return []
        if bare:
            windows = [(0, text[:500])]
        else:
            # A full name has "Council", "Borough" or "City" in it: look only near those words.
            spans: list[list[int]] = []
            for number, match in enumerate(_COUNCIL_WORD.finditer(text)):
                if number >= 200:
                    break
                start, end = max(0, match.start() - 80), match.end() + 80
                if spans and start <= spans[-1][1]:
                    spans[-1][1] = end
                else:
                    spans.append([start, end])
            windows = [(start, text[start:end]) for start, end in spans]
        candidates = []
        for code, full, bare_rx, _ in self.entries:
            for pattern in (full, bare_rx) if bare else (full,):
                for offset, window in windows:
                    candidates.extend((offset + m.start(), offset + m.end(), code) for m in pattern.finditer(window))
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))  # the longest match wins an overlap
        taken: list[tuple[int, int]] = []
        chosen = []
        for start, end, code in candidates:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            chosen.append((start, code))
        codes: list[str] = []
        for _, code in sorted(chosen):
            if code not in codes:
                codes.append(code)
        return codes

    def one_in(self, text: str, *, bare: bool, placing: bool = False) -> str | None:
        """The one council named in text (None when there are none or several); the host council is
        never the placing authority."""
        codes = [code for code in self.in_text(text, bare=bare) if not (placing and code == self.host)]
        return codes[0] if len(codes) == 1 else None

    def from_address(self, address: str) -> str | None:
        domain = address.rpartition("@")[2].lower()
        labels = [label for label in domain.split(".") if label and label not in _GENERIC_DOMAIN_LABELS]
        codes = {code for code, _, _, squashed in self.entries if any(label in squashed for label in labels)}
        codes.discard(self.host)
        return codes.pop() if len(codes) == 1 else None

    def from_display_name(self, name: str) -> str | None:
        code = self.one_in(name, bare=False, placing=True)
        if code is None and _COUNCILISH.search(name or ""):
            code = self.one_in(name, bare=True, placing=True)
        if code is None and name and any(bare.fullmatch(name.strip()) for _, _, bare, _ in self.entries):
            code = self.one_in(name, bare=True, placing=True)
        return code


# --------------------------------------------------------------------------------------------------
# Pre-filling

_ORDER = _words(
    """
kind placing_authority
child.first_name child.last_name child.date_of_birth child.sex child.nhs_number child.upn child.local_id
legal_status
placement.start_date placement.emergency placement.end_date placement.carer
placement.address.line1 placement.address.line2 placement.address.town placement.address.postcode
move.date move.address.line1 move.address.line2 move.address.town move.address.postcode
social_worker.name social_worker.email social_worker.phone social_worker.team
iro.name iro.email iro.phone
ehc_plan.has_plan ehc_plan.maintaining_authority
""",
    ordered=True,
)

_KIND_END = re.compile(
    r"\bplacement (?:has )?(?:end(?:ed|ing|s)?|ceased|finished|terminated|disrupted|broken down|broke down)\b"
    r"|\bend of (?:the |a |her |his |their )?placement\b|\bleft (?:(?:his|her|their|the) )?placement\b"
    r"|\bleaving (?:(?:his|her|their|the) )?placement\b|\bno longer placed\b|\bplacement end\b",
    re.IGNORECASE,
)
_KIND_CHANGE = re.compile(
    r"\bchange of (?:placement )?address\b|\baddress change\b|\bchange (?:in|to) (?:placement )?address\b|\bnew address\b",
    re.IGNORECASE,
)
_KIND_START = re.compile(
    r"\bplacement start\b|\bstart of (?:a |the )?placement\b|\bnew placement\b|\bnotification of (?:a |the )?new placement\b"
    r"|\b(?:has|have) been placed\b|\b(?:has|have) placed\b",
    re.IGNORECASE,
)
_KIND_MOVED = re.compile(r"\bmoved\b", re.IGNORECASE)
_KIND_ENDED = re.compile(r"\bended\b", re.IGNORECASE)

_INLINE_DOB = re.compile(
    rf"\b(?:date of birth|d\.? ?o\.? ?b\.?|born(?: on)?)\s*(?:is\s+)?[:\-–]?\s*({_DATE})", re.IGNORECASE
)
_INLINE_NHS = re.compile(
    r"\bNHS\s*(?:no\.?|number|num|#)?\s*(?:is\s+)?[:\-–]?\s*(\d{3}[ -]?\d{3}[ -]?\d{4})(?!\d)", re.IGNORECASE
)
_INLINE_UPN = re.compile(r"\bUPN\s*(?:no\.?|number)?\s*(?:is\s+)?[:\-–]?\s*([A-Za-z]\d{12})\b")
_INLINE_START = re.compile(
    r"\b(?:placement start(?:ed|s)?(?: date)?(?: on)?|date of placement|placed on|placement (?:began|commenced)(?: on)?"
    r"|placed\b(?:(?!\b(?:moved|left|ended|born)\b)[^.\n]){0,160}?\bon)\s*(?:is\s+)?[:\-–]?\s*(?:the\s+)?"
    rf"({_DATE})",
    re.IGNORECASE,
)
_INLINE_END = re.compile(
    r"\b(?:placement end(?:ed|s)?(?: date)?(?: on)?|placement (?:ceased|finished)(?: on)?"
    r"|left (?:(?:his|her|their|the) )?placement(?: on)?)\s*[:\-–]?\s*(?:on\s+)?(?:the\s+)?"
    rf"({_DATE})",
    re.IGNORECASE,
)
_INLINE_MOVE = re.compile(
    rf"\b(?:moved\b[^.\n]{{0,80}}?\bon|date of (?:the )?move)\s*[:\-–]?\s*(?:the\s+)?({_DATE})", re.IGNORECASE
)
_INLINE_EMERGENCY_NO = re.compile(
    r"\bnot (?:an? )?emergency placement\b|\bnon-?emergency placement\b|\bemergency placement\s*[?:\-–]+\s*no\b",
    re.IGNORECASE,
)
_INLINE_EMERGENCY = re.compile(
    r"\bemergency placement\b|\bplaced (?:in|as|on) an emergency\b|\bon an emergency basis\b", re.IGNORECASE
)
_EHC = r"(?:ehcp|ehc plan|education,? health (?:and|&) care plan|statement of (?:sen|special educational needs))"
_INLINE_EHC_NO = re.compile(
    rf"\b(?:does not|doesn't|do not|don't|did not|has no|have no|without|no|not have an?|not subject to an?)\s+(?:an?\s+)?{_EHC}",
    re.IGNORECASE,
)
_INLINE_EHC_YES = re.compile(rf"\b(?:has|have|with|holds?|subject to)\s+(?:an?\s+|the\s+)?{_EHC}", re.IGNORECASE)
_INLINE_MAINTAINED = re.compile(rf"{_EHC}[^.\n]{{0,60}}?\bmaintained by\s+(?:the\s+)?([^.\n]{{3,80}})", re.IGNORECASE)
_PLACED_NEAR = re.compile(
    r"\b(?:address|placed|placement|living|lives|resid\w*|carers?|moved|move|home)\b", re.IGNORECASE
)
_LEAD_KEYWORD = re.compile(r"\b(?:placed|living|lives|resid\w*|moved|move|moving)\b", re.IGNORECASE)
_LEAD_AT = re.compile(r"\b(?:at|to)\s+", re.IGNORECASE)
_LEAD_ADDRESS = re.compile(r"\baddress(?: is)?\s*[:\-–]?\s*", re.IGNORECASE)
_LEAD_NUMBER = re.compile(r"\b(?:at|to)\s+(?=(?:flat |unit |apartment )?\d)", re.IGNORECASE)


def _strip_lead_in(line: str) -> str:
    """The address part of "She was placed with carers at 8 Any Close," or "The address is 8 Any Close"."""
    keyword = _LEAD_KEYWORD.search(line)
    if keyword:
        at = _LEAD_AT.search(line, keyword.end())
        if at:
            return line[at.end() :]
    for pattern in (_LEAD_ADDRESS, _LEAD_NUMBER):
        match = pattern.search(line)
        if match:
            return line[match.end() :]
    return line


_SELF_REFERENCE = re.compile(
    r"^(?:the )?(?:placing (?:local )?authority|placing la|us|ourselves|this (?:local )?authority|same|we do)\b",
    re.IGNORECASE,
)


class _Extractor:
    def __init__(self, text: str, *, subject: str, councils: _Councils, senders: list[tuple[str, str]]):
        # A labelled line is short; a very long line is cut so that no pattern has much to search.
        self.lines = [self._clean(line[:_LINE_LIMIT]) for line in text.split("\n")]
        self.subject = subject
        self.councils = councils
        self.senders = senders
        self.flat: dict[str, Any] = {}
        self.addresses: list[tuple[str, list[str]]] = []  # (generic | new | old, the lines)
        self.kind_values: list[str] = []
        self.placing_values: list[str] = []
        self.ehc_la_values: list[str] = []
        self.sections: list[str] = []  # the section each line was read in
        self.section = "general"
        self.section_lines = 0

    # -- the passes ------------------------------------------------------------------------------

    def run(self) -> dict:
        self._read_labels()
        self._read_phrases()
        kind = self._kind()
        self._resolve_addresses(kind)
        self._resolve_authorities()
        self.flat["kind"] = kind
        return self._build()

    @staticmethod
    def _clean(line: str) -> str:
        line = line.replace("\xa0", " ").replace("\u200b", "").replace("**", "")
        line = re.sub(r"^(?:\s*>)+\s?", "", line).strip()
        line = re.sub(r"^[*•·▪◦]\s*|^[-–]\s+", "", line)
        return line.strip("|").strip()

    def _read_labels(self) -> None:
        pending: str | None = None
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            i += 1
            if not line:
                if self.section != "general" and self.section_lines:
                    self._enter("general")
                self.sections.append(self.section)
                continue
            if _SIGNOFF.match(line):
                self._enter("signature")
                pending = None
                self.sections.append(self.section)
                continue
            if _FORWARD.match(line):
                self._enter("general")
                pending = None
                self.sections.append(self.section)
                continue
            columns = self._column_pairs(i - 1)
            if columns:
                for key, label, value, _ in columns:
                    self._apply(key, value, label)
                self.section_lines += 1
                self.sections.extend([self.section] * 2)
                i += 1
                continue
            pairs = self._pairs(line)
            if pending is not None and not pairs:
                self._apply(pending, line, "")
                pending = None
                self.section_lines += 1
                self.sections.append(self.section)
                continue
            pending = None
            if not pairs:
                if self.section in ("sw", "iro"):
                    self._loose_contact(line)
                self.section_lines += 1
                self.sections.append(self.section)
                continue
            content = False
            skip = 0
            for number, (key, label, value, colon) in enumerate(pairs):
                last = number == len(pairs) - 1
                if key in ("address", "new_address", "old_address") and last:
                    block, used = self._address_block(value, i)
                    if self._apply(key, value, label, block=block):
                        skip = used
                    content = True
                    continue
                self._apply(key, value, label)
                if value:
                    content = True
                elif colon and last and not key.startswith("section:") and not _HEADING_WORDS.search(label):
                    pending = key
            if content:
                self.section_lines += 1
            self.sections.extend([self.section] * (1 + skip))
            i += skip

    @staticmethod
    def _cells(line: str) -> list[str]:
        cells = []
        for cell in _CELL_SPLIT.split(line):
            if cell and cell.strip():
                cells.extend(part.strip() for part in _INLINE_LABEL.split(cell.strip()) if part.strip())
        return cells

    def _pairs(self, line: str) -> list[tuple[str, str, str, bool]]:
        """(key, normalised label, value, had a colon) for each labelled cell of a line."""
        cells = self._cells(line)
        pairs: list[tuple[str, str, str, bool]] = []
        k = 0
        while k < len(cells):
            cell = cells[k]
            labelled = self._label_of(cell)
            if labelled is not None:
                key, label, value, colon = labelled
                if not value and k + 1 < len(cells):
                    # "Legal status | Care order": the next cell is the value, even when it reads like a label
                    following = self._label_of(cells[k + 1])
                    if following is None or (not following[2] and not following[3] and (colon or len(cells) == 2)):
                        value = cells[k + 1]
                        k += 1
                        colon = False
                if key is None:
                    key = "unknown"
                if len(cells) == 1 and not value and not colon and not self._heading(key, label, cell):
                    return []  # a bare "Social Worker" line (a job title in a signature) is not a label
                pairs.append((key, label, value, colon))
            elif len(cells) == 1:
                return []
            elif pairs and pairs[-1][0] in ("address", "new_address", "old_address"):
                key, label, value, colon = pairs[-1]
                pairs[-1] = (key, label, f"{value}, {cell}" if value else cell, colon)
            k += 1
        return pairs

    def _label_of(self, cell: str) -> tuple[str | None, str, str, bool] | None:
        match = re.match(r"^([^:?]{1,70}?)\s*[:：?]\s*(.*)$", cell)
        if match:
            label, value = match.group(1), match.group(2).lstrip(":： ").strip()
            key = _classify(label)
            if key:
                return key, _normalise_label(label), value, True
            if _looks_like_label(label):
                return None, _normalise_label(label), value, True
        match = re.match(r"^(.{1,70}?)\s*(?:\s[-–—]+\s|[-–—]+\s|\s[-–—]+(?=\d))\s*(.*)$", cell)
        if match:
            key = _classify(match.group(1))
            if key:
                return key, _normalise_label(match.group(1)), match.group(2).strip(), False
        key = _classify(cell.rstrip(":-–— "))
        if key:
            # a label alone: a table cell whose value is the next cell, or a heading
            return key, _normalise_label(cell), "", cell.rstrip().endswith(":")
        return None

    def _column_pairs(self, i: int) -> list[tuple[str, str, str, bool]]:
        """A table with its labels in a header row ("Name | DOB | NHS number") and the values in the row below."""
        if i + 1 >= len(self.lines) or not self.lines[i + 1]:
            return []
        headers = self._cells(self.lines[i])
        if len(headers) < 2:
            return []
        labels = [self._label_of(cell) for cell in headers]
        if not all(label and label[0] and not label[2] and not label[0].startswith("legal:") for label in labels):
            return []
        values = self._cells(self.lines[i + 1])
        if len(values) != len(headers):
            return []
        for value in values:
            labelled = self._label_of(value)
            if labelled and not (labelled[0] or "").startswith("legal:"):  # "Care order" can be a value
                return []
        return [(label[0], label[1], value, False) for label, value in zip(labels, values, strict=True)]

    @staticmethod
    def _heading(key: str, label: str, cell: str) -> bool:
        return key.startswith("section:") or bool(_HEADING_WORDS.search(label)) or cell.isupper()

    def _enter(self, section: str) -> None:
        if section != self.section:
            self.section = section
            self.section_lines = 0

    def _apply(self, key: str, value: str, label: str, *, block: list[str] | None = None) -> bool:
        """Read one labelled value in the current section. Returns whether an address block was used."""
        value = value.strip()
        section = self.section
        if key == "unknown":
            return False
        if key.startswith("section:"):
            self._enter(key.split(":", 1)[1])
            return False
        if key.startswith("sw"):
            self._enter("sw")
        elif key.startswith("iro"):
            self._enter("iro")
        elif key == "carer":
            self._enter("carer")
        elif key == "placing_la":
            self._enter("placing")
        elif key in _CHILD_KEYS:
            self._enter("general")
        elif key in _CHILD_FACT_KEYS:
            if section in ("other", "signature"):
                return False
            self._enter("general")
        elif key == "address_part":
            return False
        elif key in ("address", "postcode"):
            if section not in ("general", "placement", "carer"):
                return False
        elif key in _CONTACT_KEYS:
            pass
        elif section != "placement":
            self._enter("general")
        if not value and key not in ("address", "new_address", "old_address"):
            return False
        if _is_placeholder(value) and key not in ("ehc", "emergency", "legal_status") and not key.startswith("legal:"):
            return False
        return self._assign(key, value, block)

    def _assign(self, key: str, value: str, block: list[str] | None) -> bool:
        section = self.section
        if key == "name":
            key = {
                "general": "child_name",
                "sw": "sw",
                "iro": "iro",
                "carer": "carer",
                "placing": "placing_la",
            }.get(section, "")
        if key == "child_name":
            surname_first = _surname_first(value)
            name = _person_name(value)
            if surname_first or name:
                first, last = surname_first or _split_child_name(name)
                if first:
                    self._set("child.first_name", first)
                if last:
                    self._set("child.last_name", last)
        elif key in ("first_name", "last_name"):
            name = _person_name(value)
            if name:
                self._set(f"child.{key}", name)
        elif key == "dob":
            self._set("child.date_of_birth", _parse_date(value))
        elif key == "sex":
            if re.match(r"^(?:m|male|boy)\b", value, re.IGNORECASE):
                self._set("child.sex", "M")
            elif re.match(r"^(?:f|female|girl)\b", value, re.IGNORECASE):
                self._set("child.sex", "F")
        elif key == "nhs":
            match = _NHS_VALUE.search(value)
            if match:
                self._set("child.nhs_number", "".join(match.groups()))
        elif key == "upn":
            match = _UPN_VALUE.search(value)
            if match:
                self._set("child.upn", match.group(1).upper())
        elif key == "local_id":
            match = re.match(r"^([A-Za-z0-9][A-Za-z0-9/_.-]{0,39})(?:\s|$)", value)
            if match:
                self._set("child.local_id", match.group(1))
        elif key == "legal_status":
            self._set("legal_status", _legal_status(value, labelled=True))
        elif key.startswith("legal:"):
            if _YES.match(value):
                self._set("legal_status", key.split(":", 1)[1])
        elif key == "start_date":
            self._set("placement.start_date", _parse_date(value))
        elif key == "end_date":
            self._set("placement.end_date", _parse_date(value))
        elif key == "move_date":
            self._set("move.date", _parse_date(value))
        elif key in ("address", "new_address", "old_address"):
            lines = block if block is not None else ([value] if value else [])
            if lines and not _is_placeholder(lines[0]):
                tag = {"address": "generic", "new_address": "new", "old_address": "old"}[key]
                self.addresses.append((tag, lines))
                return True
        elif key == "postcode":
            match = _postcode(value.upper())
            if match:
                self.addresses.append(("postcode", [_format_postcode(match)]))
        elif key == "carer":
            if not re.match(r"^\d", value) and not _postcode(value) and len(value) <= 120:
                self._set("placement.carer", value.strip(" ,;"))
        elif key == "kind":
            self.kind_values.append(value)
        elif key == "emergency":
            if _YES.match(value):
                self._set("placement.emergency", True)
            elif _NO.match(value):
                self._set("placement.emergency", False)
        elif key in ("sw", "iro"):
            self._contact("social_worker" if key == "sw" else "iro", value, with_name=True)
        elif key in ("sw_email", "iro_email", "sw_phone", "iro_phone"):
            self._contact("social_worker" if key.startswith("sw") else "iro", value, with_name=False)
        elif key in ("email", "phone") and section in ("sw", "iro"):
            self._contact("social_worker" if section == "sw" else "iro", value, with_name=False)
        elif key in ("team", "sw_team") and (section == "sw" or key == "sw_team"):
            team = value.strip(" ,;")
            if 2 <= len(team) <= 120 and not _EMAIL.search(team):
                self._set("social_worker.team", team)
        elif key == "ehc":
            if _YES.match(value) or re.match(r"^\s*(?:has|have)\b", value, re.IGNORECASE):
                self._set("ehc_plan.has_plan", True)
                rest = _YES.sub("", value, count=1)
                if rest.strip(" -–—,.():"):
                    self.ehc_la_values.append(rest)
            elif _NO.match(value):
                self._set("ehc_plan.has_plan", False)
        elif key == "ehc_la":
            self.ehc_la_values.append(value)
        elif key == "placing_la":
            self.placing_values.append(value)
        return False

    def _contact(self, who: str, value: str, *, with_name: bool) -> None:
        if with_name:
            name = _person_name(value)
            if name:
                self._set(f"{who}.name", name)
            if who == "social_worker":
                team = re.search(r"\(([^)]*\bteam\b[^)]*)\)", value, re.IGNORECASE)
                if team:
                    self._set("social_worker.team", team.group(1).strip())
        emails = _EMAIL.findall(value)
        if emails:
            self._set(f"{who}.email", emails[0])
        phones = _phones(value)
        if phones:
            self._set(f"{who}.phone", phones[0])

    def _loose_contact(self, line: str) -> None:
        """An unlabelled line in a social worker's or IRO's block: their e-mail, phone, or name."""
        who = "social_worker" if self.section == "sw" else "iro"
        if _EMAIL.search(line) or _phones(line):
            self._contact(who, line, with_name=False)
        elif self.section_lines == 0 and f"{who}.name" not in self.flat:
            name = _person_name(line)
            if name and name == line.strip(" ,."):
                self._set(f"{who}.name", name)

    def _address_block(self, value: str, start: int) -> tuple[list[str], int]:
        """The lines of an address that starts with a labelled value: the value and the lines below it,
        to the postcode, a blank line or the next label. Returns (lines, lines used below)."""
        block = [value] if value else []
        if value and _postcode(value):
            return block, 0
        used = 0
        j = start
        while j < len(self.lines) and len(block) < 6:
            line = self.lines[j]
            if not line:
                if block:
                    break
                if used >= 1:
                    break
                used += 1
                j += 1
                continue
            if _SIGNOFF.match(line) or _FORWARD.match(line) or len(line) > 90:
                break
            pairs = self._pairs(line)
            if pairs:
                key, _, part, _ = pairs[0]
                if key in ("postcode", "address_part") and part:
                    block.append(part)
                    used = j - start + 1
                    j += 1
                    if key == "address_part" and not _postcode(part):
                        continue
                break
            block.append(line)
            used = j - start + 1
            j += 1
            if _postcode(line):
                break
        if not block:
            return [], 0
        return block, used

    # -- phrases ---------------------------------------------------------------------------------

    def _paragraphs(self) -> list[str]:
        """The text in paragraphs (wrapped lines joined), leaving out other people's details and signatures."""
        paragraphs: list[str] = []
        current: list[str] = []
        for line, section in zip(self.lines, self.sections, strict=False):
            if not line or section in ("other", "signature"):
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                continue
            current.append(line)
        if current:
            paragraphs.append(" ".join(current))
        return paragraphs

    def _read_phrases(self) -> None:
        paragraphs = self._paragraphs()
        text = "\n".join(paragraphs)
        for pattern, path in (
            (_INLINE_DOB, "child.date_of_birth"),
            (_INLINE_START, "placement.start_date"),
            (_INLINE_END, "placement.end_date"),
            (_INLINE_MOVE, "move.date"),
        ):
            if path not in self.flat:
                for match in pattern.finditer(text):
                    value = _parse_date(match.group(1))
                    if value:
                        self._set(path, value)
                        break
        if "child.nhs_number" not in self.flat:
            match = _INLINE_NHS.search(text)
            if match:
                self._set("child.nhs_number", re.sub(r"\D", "", match.group(1)))
        if "child.upn" not in self.flat:
            match = _INLINE_UPN.search(text)
            if match:
                self._set("child.upn", match.group(1).upper())
        if "legal_status" not in self.flat:
            self._set("legal_status", _legal_status(f"{self.subject}\n{text}", labelled=False))
        if "placement.emergency" not in self.flat:
            both = f"{self.subject}\n{text}"
            if _INLINE_EMERGENCY_NO.search(both):
                self._set("placement.emergency", False)
            elif _INLINE_EMERGENCY.search(both):
                self._set("placement.emergency", True)
        if "ehc_plan.has_plan" not in self.flat:
            if _INLINE_EHC_NO.search(text):
                self._set("ehc_plan.has_plan", False)
            elif _INLINE_EHC_YES.search(text):
                self._set("ehc_plan.has_plan", True)
        if self.flat.get("ehc_plan.has_plan") is not False:
            for match in _INLINE_MAINTAINED.finditer(text):
                self.ehc_la_values.append(match.group(1))

    def _kind(self) -> str:
        body = "\n".join(self._paragraphs())
        # A labelled "Notification type", then the subject, then the body; in each, the clearer phrases first.
        for source in [*self.kind_values, self.subject, body]:
            for pattern, kind in (
                (_KIND_END, "placement_end"),
                (_KIND_CHANGE, "change_of_address"),
                (_KIND_START, "placement_start"),
                (_KIND_MOVED, "change_of_address"),
                (_KIND_ENDED, "placement_end"),
            ):
                if pattern.search(source):
                    return kind
        return "placement_start"

    # -- addresses and authorities ---------------------------------------------------------------

    def _resolve_addresses(self, kind: str) -> None:
        new = [lines for tag, lines in self.addresses if tag == "new"]
        old = [lines for tag, lines in self.addresses if tag == "old"]
        generic = [lines for tag, lines in self.addresses if tag == "generic"]
        postcodes = [lines[0] for tag, lines in self.addresses if tag == "postcode"]
        targets: list[tuple[str, list[str]]] = []
        if new:
            targets.append(("move.address", new[0]))
        if old:
            targets.append(("placement.address", old[0]))
        if generic:
            if kind == "change_of_address" and not new:
                targets.append(("move.address", generic[0]))
            elif not old:
                targets.append(("placement.address", generic[0]))
        for prefix, lines in targets:
            address = _address(lines)
            if address and postcodes and "postcode" not in address:
                address["postcode"] = postcodes.pop(0)
            self._set_address(prefix, address)
        wanted = "move.address" if kind == "change_of_address" else "placement.address"
        if not any(path.startswith(wanted) for path in self.flat):
            if postcodes:
                self._set_address(wanted, {"postcode": postcodes[0]})
            else:
                self._set_address(wanted, self._address_from_text())

    def _address_from_text(self) -> dict | None:
        """An unlabelled address: the line with a postcode and the line before it, when the words near it
        say it is where the child lives or was placed. Taken only if there is exactly one such postcode."""
        found = []
        for i, line in enumerate(self.lines):
            section = self.sections[i] if i < len(self.sections) else "general"
            if section not in ("general", "placement", "carer") or not _postcode(line):
                continue
            if not _PLACED_NEAR.search(" ".join(self.lines[max(0, i - 2) : i + 1])):
                continue
            own = _strip_lead_in(line).strip(" .")
            match = _postcode(own)
            if not match:
                continue
            before_postcode = own[: match.start()].strip(" ,")
            lines = [own]
            whole = "," in before_postcode or re.match(r"^\d", before_postcode)  # "12 Example Road, Luton LU2 7AB"
            previous = self.lines[i - 1] if i > 0 else ""
            if previous and not whole:
                previous_own = _strip_lead_in(previous).strip(" ,")
                if (
                    previous_own
                    and len(previous_own) <= 60
                    and not previous_own.endswith((".", "?", "!", ":"))
                    and not _postcode(previous_own)
                    and not self._pairs(previous)
                ):
                    lines.insert(0, previous_own)
            found.append((_format_postcode(match), lines))
        if len({postcode for postcode, _ in found}) != 1:
            return None
        return _address(found[0][1])

    def _set_address(self, prefix: str, address: dict | None) -> None:
        if not address or any(path.startswith(prefix + ".") for path in self.flat):
            return
        for part in ("line1", "line2", "town", "postcode"):
            if address.get(part):
                self.flat[f"{prefix}.{part}"] = address[part]

    def _resolve_authorities(self) -> None:
        if not self.councils:
            return
        code = None
        for value in self.placing_values:
            code = self.councils.one_in(value, bare=True, placing=True)
            if code:
                break
        if code is None:
            for name, address in self.senders:
                code = self.councils.from_display_name(name) or self.councils.from_address(address)
                if code:
                    break
        if code is None:
            code = self.councils.one_in("\n".join(self.lines), bare=False, placing=True)
        self._set("placing_authority", code)

        if self.flat.get("ehc_plan.has_plan") is False:
            return
        for value in self.ehc_la_values:
            value = re.sub(r"^[\s\-–—,.():]*(?:maintained by|by)\s+", "", value, flags=re.IGNORECASE)
            if _SELF_REFERENCE.match(value.strip(" -–—,.():")):
                maintaining = self.flat.get("placing_authority")
            else:
                maintaining = self.councils.one_in(value, bare=True)
            if maintaining:
                self._set("ehc_plan.maintaining_authority", maintaining)
                self._set("ehc_plan.has_plan", True)
                break

    # -- output ----------------------------------------------------------------------------------

    def _set(self, path: str, value: Any) -> None:
        if value is None or value == "" or path in self.flat:
            return
        self.flat[path] = value

    def _build(self) -> dict:
        payload: dict = {}
        for path in _ORDER:
            if path not in self.flat:
                continue
            node = payload
            *parents, leaf = path.split(".")
            for parent in parents:
                node = node.setdefault(parent, {})
            node[leaf] = self.flat[path]
        return payload


def _address(lines: list[str]) -> dict | None:
    """line1, line2, town and postcode from the lines of an address ("12 Example Road, Stopsley", "Luton LU2 7AB")."""
    parts: list[str] = []
    for line in lines:
        parts.extend(p.strip() for p in re.split(r"\s*[,;\t]\s*", line) if p.strip(" .,"))
    postcode = None
    for k, part in enumerate(parts):
        match = _postcode(part)
        if match:
            postcode = _format_postcode(match)
            before = part[: match.start()].strip(" ,.")
            parts = parts[:k] + ([before] if before else [])
            break
    parts = [p.strip(" .") for p in parts if p.strip(" .")]
    while len(parts) > 1 and parts[-1].lower() in _COUNTIES:
        parts.pop()
    if not parts:
        return {"postcode": postcode} if postcode else None
    if postcode is None and not (re.search(r"\d", parts[0]) or len(parts) >= 2):
        return None
    town = ""
    if len(parts) >= 2 and not re.search(r"\d", parts[-1]):
        town = parts.pop()
    address = {"line1": parts[0], "line2": ", ".join(parts[1:]), "town": town}
    if postcode:
        address["postcode"] = postcode
    return address


def _leaf_paths(payload: dict, prefix: str = "") -> list[str]:
    paths = []
    for key, value in payload.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            paths.extend(_leaf_paths(value, path + "."))
        else:
            paths.append(path)
    return paths
