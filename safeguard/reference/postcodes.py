"""UK postcodes: shape, normal form and district (the outward code)."""

import re

# The shape of a UK postcode (outward code, space, inward code); BFPO and GIR 0AA are not placements.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def postcode_normalise(value: str) -> str | None:
    """'lu12bq' → 'LU1 2BQ'; None when it is not the shape of a postcode."""
    compact = re.sub(r"\s+", "", str(value or "")).upper()
    match = _POSTCODE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def postcode_district(value: str) -> str | None:
    """'LU1 2BQ' → 'LU1'."""
    normal = postcode_normalise(value)
    return normal.split(" ")[0] if normal else None


def district_in(district: str, districts: str | list[str]) -> bool:
    """Whether a district is among a host's districts; an entry of letters alone ('LU') covers the area."""
    entries = districts.split() if isinstance(districts, str) else districts
    area = re.match(r"^[A-Z]+", district).group(0)
    return any(entry.upper() == district or entry.upper() == area for entry in entries)
