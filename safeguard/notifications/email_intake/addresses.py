"""Reading the address where a child is placed or has moved to: from a labelled block of lines
("Address: 12 Example Road" and the lines below it, up to the postcode), or from an unlabelled line
with a postcode when the words around it say it is where the child lives or was placed. An address is
split into line1, line2, town and postcode, with a trailing county name dropped.
"""

from __future__ import annotations

import re

from .labels import FORWARD, SIGNOFF, labelled_pairs
from .values import find_postcode, format_postcode, words

_COUNTIES = words(
    "bedfordshire|beds|hertfordshire|herts|buckinghamshire|bucks|cambridgeshire|cambs|northamptonshire|northants|oxfordshire|oxon|berkshire|berks|essex|kent|surrey|middlesex|greater london|united kingdom|uk|england",
    "|",
)


_PLACED_NEAR = re.compile(
    r"\b(?:address|placed|placement|living|lives|resid\w*|carers?|moved|move|home)\b", re.IGNORECASE
)
_LEAD_KEYWORD = re.compile(r"\b(?:placed|living|lives|resid\w*|moved|move|moving)\b", re.IGNORECASE)
_LEAD_AT = re.compile(r"\b(?:at|to)\s+", re.IGNORECASE)
_LEAD_ADDRESS = re.compile(r"\baddress(?: is| was)?\s*[:\-–]?\s*", re.IGNORECASE)
# A sentence about where the child used to live: its address is the old one, not where they are now.
_FORMER = re.compile(r"\b(?:previous(?:ly)?|former(?:ly)?|old|used to|moved from|was living)\b", re.IGNORECASE)
# A line that leads into an address on the lines below it: "... to their new home at", "New address:".
_LEADS_IN = re.compile(r"(?:\b(?:at|to|is)|:)\s*$", re.IGNORECASE)
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


def split_address(lines: list[str]) -> dict | None:
    """line1, line2, town and postcode from the lines of an address ("12 Example Road, Stopsley", "Luton LU2 7AB")."""
    parts: list[str] = []
    for line in lines:
        parts.extend(p.strip() for p in re.split(r"\s*[,;\t]\s*", line) if p.strip(" .,"))
    postcode = None
    for k, part in enumerate(parts):
        match = find_postcode(part)
        if match:
            postcode = format_postcode(match)
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


def address_block(lines: list[str], value: str, start: int) -> tuple[list[str], int]:
    """The lines of an address that starts with a labelled value: the value and the lines below it,
    to the postcode, a blank line or the next label. Returns (lines, lines used below)."""
    block = [value] if value else []
    if value and find_postcode(value):
        return block, 0
    used = 0
    j = start
    while j < len(lines) and len(block) < 6:
        line = lines[j]
        if not line:
            if block or used:
                break
            used += 1
            j += 1
            continue
        if SIGNOFF.match(line) or FORWARD.match(line) or len(line) > 90:
            break
        pairs = labelled_pairs(line)
        if pairs:
            key, _, part, _ = pairs[0]
            if key in ("postcode", "address_part") and part:
                block.append(part)
                used = j - start + 1
                j += 1
                if key == "address_part" and not find_postcode(part):
                    continue
            break
        block.append(line)
        used = j - start + 1
        j += 1
        if find_postcode(line):
            break
    if not block:
        return [], 0
    return block, used


def _is_address_line(line: str) -> bool:
    return bool(line) and len(line) <= 60 and not line.endswith((".", "?", "!", ":")) and not find_postcode(line)


def address_from_text(lines: list[str], sections: list[str], *, former: bool = False) -> dict | None:
    """An unlabelled address: the line with a postcode and the address lines above it (up to a line that
    leads into it, "... to their new home at"), when the words near it say it is where the child lives or
    was placed. A sentence about a previous address is left out (or, with `former`, is the one wanted).
    Taken only if there is exactly one such postcode."""
    found = []
    for i, (line, section) in enumerate(zip(lines, sections, strict=False)):
        if section not in ("general", "placement", "carer") or not find_postcode(line):
            continue
        own = _strip_lead_in(line).strip(" .")
        match = find_postcode(own)
        if not match:
            continue
        before_postcode = own[: match.start()].strip(" ,")
        block = [own]
        first = i
        whole = "," in before_postcode or re.match(r"^\d", before_postcode)  # "12 Example Road, Luton LU2 7AB"
        j = i - 1
        while not whole and j >= 0 and len(block) < 5:
            previous = lines[j]
            if not previous or labelled_pairs(previous):
                break
            previous_own = _strip_lead_in(previous).strip(" ,")
            if previous_own != previous.strip(" ,") or _LEADS_IN.search(previous):
                # the line that leads in: "placed with carers at 8 Any Close," or "... new home at"
                if previous_own != previous.strip(" ,") and _is_address_line(previous_own):
                    block.insert(0, previous_own)
                    first = j
                break
            if not _is_address_line(previous_own):
                break
            block.insert(0, previous_own)
            first = j
            j -= 1
        context = " ".join(lines[max(0, first - 2) : i + 1])
        if not _PLACED_NEAR.search(context):
            continue
        if bool(_FORMER.search(" ".join(lines[max(0, first - 1) : i + 1]))) != former:
            continue
        found.append((format_postcode(match), block))
    if len({postcode for postcode, _ in found}) != 1:
        return None
    return split_address(found[0][1])


def resolve_addresses(
    found: list[tuple[str, list[str]]], kind: str, lines: list[str], sections: list[str]
) -> dict[str, str]:
    """The placement and move address fields ("placement.address.line1": ...) from the addresses found under
    labels, each tagged new, old, generic or postcode: a generic address is where the child moved to in a
    change of address, else where the child is placed. Without one, a lone postcode or an unlabelled
    address in the text (`lines`, read in `sections`) is taken."""
    new = [block for tag, block in found if tag == "new"]
    old = [block for tag, block in found if tag == "old"]
    generic = [block for tag, block in found if tag == "generic"]
    postcodes = [block[0] for tag, block in found if tag == "postcode"]
    fields: dict[str, str] = {}

    def put(prefix: str, address: dict | None) -> None:
        if not address or any(path.startswith(prefix + ".") for path in fields):
            return
        for part in ("line1", "line2", "town", "postcode"):
            if address.get(part):
                fields[f"{prefix}.{part}"] = address[part]

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
    for prefix, block in targets:
        address = split_address(block)
        if address and postcodes and "postcode" not in address:
            address["postcode"] = postcodes.pop(0)
        put(prefix, address)
    wanted = "move.address" if kind == "change_of_address" else "placement.address"
    if not any(path.startswith(wanted) for path in fields):
        if postcodes:
            put(wanted, {"postcode": postcodes[0]})
        else:
            put(wanted, address_from_text(lines, sections))
    if kind == "change_of_address" and not any(path.startswith("placement.address") for path in fields):
        put("placement.address", address_from_text(lines, sections, former=True))
    return fields
