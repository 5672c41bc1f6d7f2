"""UK postcodes: the one grammar for structured postcodes (an address's, an SSDA903 return's, a host's
districts): shape, normal form, district (the outward code) and whether one lies in a host's area.

Deliberately loose (letters and digits by position only): SSDA903 test data uses invented postcodes
such as "EG19 7TT", and a real return must not be refused for an unusual but well-formed one. "GIR 0AA"
(non-geographic) and BFPO numbers do not match, so they are never in an area. The free-text finder that
picks postcodes out of e-mails (notifications.email_intake) has its own, looser pattern.
"""

import re
from collections.abc import Iterable

OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"  # the district: "LU1", "EC1A"
INWARD = r"[0-9][A-Z]{2}"  # "2BQ"
_FULL_RE = re.compile(rf"({OUTWARD})({INWARD})")
_OUTWARD_RE = re.compile(OUTWARD)
_SECTOR_RE = re.compile(r"[0-9](?:[A-Z]{2})?")  # "2" (a sector) or a whole inward code
_AREA_RE = re.compile(r"[A-Z]{1,2}")  # "LU"
_AREA_OF_DISTRICT_RE = re.compile(r"[A-Z]+")


def postcode_parts(value: str) -> tuple[str, str] | None:
    """(outward, rest) of a full or partial postcode, upper case; None when it is not a postcode.

    Accepts "LU1 2BQ", "lu12bq", " LU1  2BQ ", and partial forms with a space ("LU1 2") or the outward
    code alone ("LU1"), which some extracts use for privacy.
    """
    if not value:
        return None
    parts = str(value).upper().split()
    if len(parts) == 1:
        match = _FULL_RE.fullmatch(parts[0])
        if match:
            return match.group(1), match.group(2)
        if _OUTWARD_RE.fullmatch(parts[0]):
            return parts[0], ""
        return None
    if len(parts) == 2 and _OUTWARD_RE.fullmatch(parts[0]) and _SECTOR_RE.fullmatch(parts[1]):
        return parts[0], parts[1]
    return None


def postcode_normalise(value: str, *, partial: bool = False) -> str | None:
    """'lu12bq' → 'LU1 2BQ'; None when it is not a whole postcode. With `partial`, a partial postcode
    keeps its parts ('LU1 2', 'LU1')."""
    parts = postcode_parts(value)
    if not parts:
        return None
    outward, rest = parts
    if len(rest) == 3:
        return f"{outward} {rest}"
    if not partial:
        return None
    return f"{outward} {rest}" if rest else outward


def postcode_district(value: str) -> str | None:
    """The outward code (postcode district) of a whole or partial postcode: 'lu1 2bq' → 'LU1'."""
    parts = postcode_parts(value)
    return parts[0] if parts else None


def is_district(value: str) -> bool:
    """'LU1' is a postcode district."""
    return _OUTWARD_RE.fullmatch(value) is not None


def is_area(value: str) -> bool:
    """'LU' is a postcode area (every district whose letters are these)."""
    return _AREA_RE.fullmatch(value) is not None


class PostcodeArea:
    """A host's area as a set of postcode districts ("LU1") and whole areas ("LU")."""

    __slots__ = ("areas", "districts")

    def __init__(self, districts: Iterable[str] | str):
        if isinstance(districts, str):
            districts = districts.split()
        self.districts: set[str] = set()
        self.areas: set[str] = set()
        for entry in districts:
            value = "".join(str(entry).split()).upper()
            if not value:
                continue
            if is_area(value):
                self.areas.add(value)
            elif is_district(value):
                self.districts.add(value)
            else:
                raise ValueError(f"{entry!r} is not a postcode district (like LU1) or area (like LU)")

    def __bool__(self) -> bool:
        return bool(self.districts or self.areas)

    def contains_district(self, district: str) -> bool:
        if district in self.districts:
            return True
        if self.areas:
            area = _AREA_OF_DISTRICT_RE.match(district)
            return area is not None and area.group(0) in self.areas
        return False

    def contains(self, postcode: str) -> bool:
        district = postcode_district(postcode)
        return district is not None and self.contains_district(district)


def district_in(district: str, districts: str | list[str]) -> bool:
    """Whether a district is among a host's districts; an entry of letters alone ('LU') covers the area."""
    entries = districts.split() if isinstance(districts, str) else districts
    area = _AREA_OF_DISTRICT_RE.match(district).group(0)
    return any(entry.upper() == district or entry.upper() == area for entry in entries)
