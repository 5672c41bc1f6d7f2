"""Reading what the notification's sentences say, where no label does: "placed on 20 November 2026",
"accommodated under section 20", "does not have an EHC plan", "maintained by Kent County Council", and
what kind of notification it is (a placement start, an end, or a change of address). Only paragraphs
in the child's and placement's part of the message are read: other people's details and signatures
are left out.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from datetime import date
from typing import Any

from .values import DATE, SURNAME_PARTICLES, legal_status_in, parse_date, person_name, split_child_name, words

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
# "Mia Kowalczyk (DOB 22/01/2014)": the capitalised words just before a bracketed date of birth.
_NAME_BEFORE_DOB = re.compile(
    r"((?:[^\W\d_][\w'’-]*\s+){1,3}[^\W\d_][\w'’-]*)\s*\(\s*(?:dob|d\.o\.b\.?|born|date of birth)\s*[:\-–]?\s*"
    rf"(?:on\s+)?({DATE})",
    re.IGNORECASE,
)
# A looked-after child is under 18 (care leavers to 25): an older date of birth is a parent's or a carer's.
_CHILD_AGE_LIMIT_YEARS = 25


def _too_old(born: str) -> bool:
    return int(born[:4]) < date.today().year - _CHILD_AGE_LIMIT_YEARS


_NOT_A_NAME_WORD = words("re fw fwd dear hi hello for about child young person name regarding and the")
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
                if value and path == "child.date_of_birth" and _too_old(value):
                    continue  # in a sentence, an adult's date of birth (a parent's) is not the child's
                if value:
                    yield path, value
                    break
    if "child.first_name" not in known and "child.last_name" not in known:
        for match in _NAME_BEFORE_DOB.finditer(text):
            names = match.group(1).split()
            while names and (not names[0][0].isupper() or names[0].lower() in _NOT_A_NAME_WORD):
                names.pop(0)
            born = parse_date(match.group(2))
            if not born or _too_old(born):
                continue
            name = person_name(" ".join(names)) if len(names) >= 2 else None
            if name and all(word[0].isupper() or word.lower() in SURNAME_PARTICLES for word in names):
                first, last = split_child_name(name)
                yield "child.first_name", first
                yield "child.last_name", last
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


# Why a placement ended, as SSDA903 "reason episode ceased" (REC) codes: the words councils use, the
# clearer ones first. Where the words leave the code open ("turned 18" without where the young person
# went, "went to live with her aunt") nothing is filled in. A move to another placement, or a remand to
# youth detention, ends the episode and starts a new one the same day: X1.
_REASONS = (
    (
        "E4B",
        r"(?:returned|returning|gone|went|go(?:ne)?) (?:back )?home\b[^.\n]{0,80}?\b(?:unplanned|not planned"
        r"|not (?:as )?part of (?:the |his |her |their )?care plan|against (?:the |our )?(?:care )?plan|without (?:our|the local authority's) agreement)"
        r"|\b(?:unplanned|not planned) return home\b|\bremoved (?:him|her|them) (?:from (?:the )?placement|home)\b",
    ),
    (
        "E4A",
        r"\b(?:returned|returning|gone|went) (?:back )?home\b|\bmoved back home\b|\breturn(?:ed)? to (?:the care of )?(?:his |her |their )?"
        r"(?:birth )?(?:parents?|mother|father|mum|dad|family)\b|\brehabilitat\w* (?:home|to (?:his |her |their )?(?:parents?|family))",
    ),
    ("E12", r"\badopt\w*\b[^.\n]{0,80}?\bconsent (?:was )?dispensed\b|\bdispens\w* with (?:parental )?consent\b"),
    ("E11", r"\b(?:has been |was )?adopted\b|\badoption order\b"),
    ("E41", r"\b(?:child arrangements?|residence) order\b"),
    ("E9", r"\bsentenced\b|\bcustodial sentence\b|\bdetention and training order\b|\bDTO\b"),
    ("E14", r"\bremand (?:has )?ended\b|\bno longer (?:on|subject to) remand\b|\breleased on bail\b|\bgranted bail\b"),
    ("X1", r"\bremanded (?:in|into|to) (?:custody|youth detention|a (?:young offender|secure)|secure)"),
    (
        "X1",
        r"\bmoved (?:to|into) (?:an?other|a new|a different|new|alternative) (?:foster |residential )?(?:placement|carers?|home)\b"
        r"|\b(?:placement (?:move|change)|change of placement)\b|\bmoved placements?\b",
    ),
    (
        "E17",
        r"\b(?:turned|turning|reached|aged) 18\b[^.\n]{0,120}?\b(?:staying put|remain(?:s|ed|ing)? (?:living )?with (?:his |her |their )?(?:current |foster )*carers?)"
        r"|\bstaying put\b",
    ),
    (
        "E5",
        r"\b(?:turned|turning|reached|aged) 18\b[^.\n]{0,120}?\b(?:supported (?:lodgings|accommodation|housing)|semi-independent|hostel|foyer|staying close)",
    ),
    (
        "E6",
        r"\b(?:turned|turning|reached|aged) 18\b[^.\n]{0,120}?\b(?:own (?:flat|tenancy)|bedsit|living with friends)",
    ),
    ("E7", r"\b(?:turned|turning|reached|aged) 18\b[^.\n]{0,120}?\badult (?:social care|services)"),
    ("E16", r"\bmoved abroad\b|\bleft the (?:uk|united kingdom|country)\b"),
    ("E2", r"\b(?:died|passed away)\b"),
)
_REASON_RX = [(code, re.compile(pattern, re.IGNORECASE)) for code, pattern in _REASONS]
_SUBSUMED = {"E4A": "E4B", "E11": "E12"}  # a code, and the clearer code that says the same and more
_END_EVENT = re.compile(
    r"\b(?:returned|went|moved|gone|adopted|remanded|sentenced|turned 18|left|ended|ceased)\b[^.\n]{0,80}?\bon\s+(?:the\s+)?"
    rf"({DATE})",
    re.IGNORECASE,
)


def end_reason_in(text: str, *, labelled: bool) -> str | None:
    """The SSDA903 reason-episode-ceased code that a labelled value ("Reason for leaving: returned home to
    parents") states, the first found; or that free text states, only when every reason found agrees."""
    codes = []
    for code, pattern in _REASON_RX:
        if pattern.search(text):
            if labelled:
                return code
            codes.append(code)
    # The clearer reading includes the plainer one: "returned home, not as part of his care plan" is E4B.
    codes = [code for code in codes if _SUBSUMED.get(code) not in codes]
    return codes[0] if codes and len(set(codes)) == 1 else None


def end_values(text: str, *, known: Container[str]) -> Iterator[tuple[str, Any]]:
    """The end date and reason of a placement end that the sentences state ("returned home to his
    parents on 27/11/2026"), leaving out the fields already `known`."""
    if "placement.end_date" not in known:
        for match in _END_EVENT.finditer(text):
            value = parse_date(match.group(1))
            if value:
                yield "placement.end_date", value
                break
    if "placement.end_reason" not in known:
        code = end_reason_in(text, labelled=False)
        if code:
            yield "placement.end_reason", code


def maintaining_authorities(text: str) -> list[str]:
    """The words after "maintained by" in each sentence about an EHC plan, to be read as a council."""
    return [match.group(1) for match in _INLINE_MAINTAINED.finditer(text)]
