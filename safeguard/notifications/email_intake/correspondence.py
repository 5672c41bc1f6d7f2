"""Recognising a message that is not a notification: an out-of-office reply, a delivery report, a read
receipt, a thank-you or a question. It is filed as correspondence (kept whole, for SQA to see) rather
than made into an empty placement start.

Conservative on purpose: a message that states any fact about a child (a name, a date of birth, a
placement date or address, a legal status, an EHC plan) is a notification draft whatever else it is,
and so is a message with a document attached (the notification may be in it, in a form we cannot
read). The reason given is for the officer, who can still make a draft from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.message import Message
from typing import Any

from .documents import is_document

# Facts that only a notification states; the sender's own contact details and council do not count.
_CHILD_FACT_ROOTS = ("child", "legal_status", "placement", "move", "ehc_plan")

_AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)|out of (?:the )?office|absence notice)\b",
    re.IGNORECASE,
)
_REPORT_SUBJECT = re.compile(
    r"^\s*(?:undeliverable|undelivered mail|delivery status notification|mail delivery (?:failed|failure)"
    r"|returned mail|delivery has failed|not read|read)\s*:",
    re.IGNORECASE,
)


def _has_child_facts(payload: dict) -> bool:
    return any(payload.get(root) not in (None, "", {}) for root in _CHILD_FACT_ROOTS)


def _header(msg: Message, name: str) -> str:
    try:
        return str(msg.get(name) or "").strip().lower()
    except Exception:
        return ""


def _is_attached(part: Message) -> bool:
    try:
        return part.get_content_disposition() == "attachment"
    except Exception:
        return True


def correspondence_reason(msg: Message, subject: str, payload: dict, attachments: Iterable[Any]) -> str:
    """Why the message is correspondence rather than a notification, or "" when it may be a notification."""
    if _has_child_facts(payload):
        return ""
    if any(is_document(a.filename, a.content_type) or a.content_type == "message/rfc822" for a in attachments):
        return ""
    if any(_is_attached(part) for part in msg.walk()):
        return ""  # a file attached on purpose (a scanned form is an image): an officer should look
    auto = _header(msg, "Auto-Submitted")
    if (
        (auto and auto != "no")
        or _header(msg, "X-Autoreply")
        or _header(msg, "X-Autorespond")
        or _header(msg, "Precedence") in ("auto_reply", "bulk", "junk")
        or _AUTO_REPLY_SUBJECT.match(subject)
    ):
        return "An automatic reply (such as an out-of-office message)"
    if msg.get_content_type() == "multipart/report" or _REPORT_SUBJECT.match(subject):
        return "A delivery report or read receipt"
    return "A message with no facts about a child (such as a thank-you or a question)"
