"""Reading single values out of a notification's text: dates, e-mail addresses, phone numbers,
postcodes, yes/no answers, placeholders ("TBC", "not known"), people's names and the child's legal
status. These are small pure functions and patterns shared by the label, address and field readers;
each returns None (or nothing) when the text does not plainly state a value, so nothing is guessed.
(`words` is here too: the package's way of writing a long list of names compactly.)
"""

from __future__ import annotations

import re
from datetime import date


def words(text, sep=None, *, ordered=False):
    """The words of a string: a compact way to write a long list of names."""
    words = [word.strip() for word in text.split(sep) if word.strip()]
    return words if ordered else set(words)


_MONTHS = {m: n for n, m in enumerate(words("jan feb mar apr may jun jul aug sep oct nov dec", ordered=True), start=1)}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
DATE = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}\.?,?\s+\d{{4}})"
)
_DATE_RX = re.compile(rf"(?<![\d/.-])({DATE})(?![\d/-])", re.IGNORECASE)

EMAIL = re.compile(r"(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d+])(?:\+44[ ]?(?:\(0\)[ ]?)?|\(?0)\d[\d \-()]{7,14}\d(?!\d)")
_POSTCODE = re.compile(r"\b([A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})\b")
_SSDA903_LS = re.compile(r"^\s*(C1|C2|D1|E1|J1|J2|J3|L1|L2|L3|V2|V3|V4)\b")

# Legal status phrases, the longer ones first at any position; each group is named by the code it
# gives. The loose forms ("ICO", a bare "accommodated") are read only in a labelled value.
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

YES = re.compile(r"^\s*(?:yes|y|true|x|✓|✔)\b", re.IGNORECASE)
NO = re.compile(r"^\s*(?:no|n|false|none|nil|n/a|na|not applicable)\b", re.IGNORECASE)

_NOT_A_VALUE = words(
    "tbc|tba|unknown|not known|n/k|nk|n/a|na|none|not applicable|not yet allocated|unallocated|to be confirmed|to be allocated|awaiting allocation|vacant|pending|confidential|withheld|not disclosed|see attached|see below|see above|yes|no",
    "|",
)
_ORG_WORDS = words(
    "council county borough team service services department directorate school academy ltd limited agency fostering children's childrens social care placement placements officer worker manager authority regards thanks email tel"
)
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.-])*$")
# Irish and Scottish Gaelic surnames are often written with the particle as a word of its own ("Ó Briain",
# "Ní Bhriain", "Mac Giolla Phádraig"): the particle starts the surname, not the given names.
SURNAME_PARTICLES = words("van von de der den da di du del della le la bin ibn al el ó ní nic mac mc uí ua")


def parse_date(text: str) -> str | None:
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


def phone_numbers(text: str) -> list[str]:
    found = []
    for match in _PHONE.finditer(text):
        value = " ".join(match.group().split()).strip(" -")
        digits = re.sub(r"\D", "", value)
        national = "0" + digits[2:] if value.startswith("+44") else digits
        if len(national) in (10, 11) and national[0] == "0" and national[1] in "1235789":
            found.append(value)
    return found


def find_postcode(text: str) -> re.Match | None:
    return _POSTCODE.search(text or "")


def format_postcode(match: re.Match) -> str:
    return f"{match.group(1)} {match.group(2)}"


def is_placeholder(value: str) -> bool:
    return value.strip(" .-").lower() in _NOT_A_VALUE


def person_name(text: str) -> str | None:
    """A person's name from a value that may also hold an e-mail, a phone number or a note."""
    value = EMAIL.sub(" ", text or "")
    for phone in phone_numbers(value):
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
    if not 1 <= len(words) <= 5 or is_placeholder(value):
        return None
    if not all(_NAME_WORD.match(word) for word in words):
        return None
    if any(word.lower().strip(".") in _ORG_WORDS for word in words):
        return None
    return " ".join(words)


def split_child_name(name: str) -> tuple[str | None, str | None]:
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
        if words[i].lower() in SURNAME_PARTICLES:
            return " ".join(words[:i]), " ".join(words[i:])
    return " ".join(words[:-1]), words[-1]


def split_surname_first(value: str) -> tuple[str, str] | None:
    """("Ava", "SMITH") from "SMITH, Ava": a single surname, a comma, then the given names."""
    match = re.fullmatch(r"\s*([^,]+),\s*([^,]+?)\s*", re.sub(r"\([^)]*\)", " ", value))
    if not match:
        return None
    last, first = person_name(match.group(1)), person_name(match.group(2))
    if not (last and first and last == match.group(1).strip()):
        return None
    if len(last.split()) > 1 and not last.isupper():
        return None
    if first.lower() in {"male", "female", "boy", "girl"}:
        return None
    return first, last


def legal_status_in(text: str, *, labelled: bool) -> str | None:
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
        code = match.lastgroup
        if labelled:
            return code
        codes.append(code)
    return codes[0] if codes and len(set(codes)) == 1 else None
