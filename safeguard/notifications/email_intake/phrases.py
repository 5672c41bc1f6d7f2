"""Reading what the notification's sentences say, where no label does: "placed on 20 November 2026",
"accommodated under section 20", "does not have an EHC plan", "maintained by Kent County Council", and
what kind of notification it is (a placement start, an end, or a change of address). Only paragraphs
in the child's and placement's part of the message are read: other people's details and signatures
are left out.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from typing import Any

from .values import DATE, legal_status_in, parse_date

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
_KINDS = (
    (_KIND_END, "placement_end"),
    (_KIND_CHANGE, "change_of_address"),
    (_KIND_START, "placement_start"),
    (_KIND_MOVED, "change_of_address"),
    (_KIND_ENDED, "placement_end"),
)

_INLINE_DOB = re.compile(
    rf"\b(?:date of birth|d\.? ?o\.? ?b\.?|born(?: on)?)\s*(?:is\s+)?[:\-–]?\s*({DATE})", re.IGNORECASE
)
_INLINE_NHS = re.compile(
    r"\bNHS\s*(?:no\.?|number|num|#)?\s*(?:is\s+)?[:\-–]?\s*(\d{3}[ -]?\d{3}[ -]?\d{4})(?!\d)", re.IGNORECASE
)
_INLINE_UPN = re.compile(r"\bUPN\s*(?:no\.?|number)?\s*(?:is\s+)?[:\-–]?\s*([A-Za-z]\d{12})\b")
_INLINE_START = re.compile(
    r"\b(?:placement start(?:ed|s)?(?: date)?(?: on)?|date of placement|placed on|placement (?:began|commenced)(?: on)?"
    r"|placed\b(?:(?!\b(?:moved|left|ended|born)\b)[^.\n]){0,160}?\bon)\s*(?:is\s+)?[:\-–]?\s*(?:the\s+)?"
    rf"({DATE})",
    re.IGNORECASE,
)
_INLINE_END = re.compile(
    r"\b(?:placement end(?:ed|s)?(?: date)?(?: on)?|placement (?:ceased|finished)(?: on)?"
    r"|left (?:(?:his|her|their|the) )?placement(?: on)?)\s*[:\-–]?\s*(?:on\s+)?(?:the\s+)?"
    rf"({DATE})",
    re.IGNORECASE,
)
_INLINE_MOVE = re.compile(
    rf"\b(?:moved\b[^.\n]{{0,80}}?\bon|date of (?:the )?move)\s*[:\-–]?\s*(?:the\s+)?({DATE})", re.IGNORECASE
)
_DATE_PHRASES = (
    (_INLINE_DOB, "child.date_of_birth"),
    (_INLINE_START, "placement.start_date"),
    (_INLINE_END, "placement.end_date"),
    (_INLINE_MOVE, "move.date"),
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


def paragraphs(lines: list[str], sections: list[str]) -> list[str]:
    """The text in paragraphs (wrapped lines joined), leaving out other people's details and signatures."""
    found: list[str] = []
    current: list[str] = []
    for line, section in zip(lines, sections, strict=False):
        if not line or section in ("other", "signature"):
            if current:
                found.append(" ".join(current))
                current = []
            continue
        current.append(line)
    if current:
        found.append(" ".join(current))
    return found


def kind_of(sources: Iterable[str]) -> str:
    """The kind of notification that the first of `sources` to say so states (a labelled "Notification
    type", then the subject, then the body); in each source the clearer phrases are looked for first."""
    for source in sources:
        for pattern, kind in _KINDS:
            if pattern.search(source):
                return kind
    return "placement_start"


def phrase_values(text: str, subject: str, *, known: Container[str]) -> Iterator[tuple[str, Any]]:
    """(field path, value) for each field that the sentences state, leaving out the fields already `known`."""
    for pattern, path in _DATE_PHRASES:
        if path not in known:
            for match in pattern.finditer(text):
                value = parse_date(match.group(1))
                if value:
                    yield path, value
                    break
    if "child.nhs_number" not in known:
        match = _INLINE_NHS.search(text)
        if match:
            yield "child.nhs_number", re.sub(r"\D", "", match.group(1))
    if "child.upn" not in known:
        match = _INLINE_UPN.search(text)
        if match:
            yield "child.upn", match.group(1).upper()
    with_subject = f"{subject}\n{text}"
    if "legal_status" not in known:
        yield "legal_status", legal_status_in(with_subject, labelled=False)
    if "placement.emergency" not in known:
        if _INLINE_EMERGENCY_NO.search(with_subject):
            yield "placement.emergency", False
        elif _INLINE_EMERGENCY.search(with_subject):
            yield "placement.emergency", True
    if "ehc_plan.has_plan" not in known:
        if _INLINE_EHC_NO.search(text):
            yield "ehc_plan.has_plan", False
        elif _INLINE_EHC_YES.search(text):
            yield "ehc_plan.has_plan", True


def maintaining_authorities(text: str) -> list[str]:
    """The words after "maintained by" in each sentence about an EHC plan, to be read as a council."""
    return [match.group(1) for match in _INLINE_MAINTAINED.finditer(text)]
