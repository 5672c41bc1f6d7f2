"""Streaming reader of a placing council's SSDA903 (children looked after) return.

A placing council sends its whole return - either the CSV tables (``header.csv`` and
``episodes.csv``) or the DfE XML file (``EXPSSDA903 > CHILD > HEADER / EPISODE``). We keep only
the episodes whose placement postcode (``PL_POST``) lies in the host area, and turn each into a
notification payload in the shape of ``PAYLOAD.md`` (kind ``placement_start``).

Pure Python, standard library only (no Django), so it can run in a worker, a management command
or a script. Memory stays flat however long the return is:

* CSV: episodes are streamed three times at most - once to collect the (usually few) CHILD ids
  placed in the area, then header.csv is streamed keeping only those children, then episodes
  again to yield items. A non-seekable episodes stream is spooled to a temporary file first.
* XML: ``iterparse``, one CHILD element at a time, cleared once read.

Every non-blank episode row gives one ``Ssda903Item``: a payload, a cheap "skipped" item (outside
the area, or no postcode) so the caller can count and report them, or a list of GOV.UK-style
errors (bad dates) with ``payload=None``. Structural problems (missing columns, not XML, missing
files) raise ``ValueError`` with a message fit to show the person who uploaded the files.

SSDA903 carries no names, so the payloads have no first or last name: such notifications are
incomplete by design and are completed by the host or the placing council later.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO, TextIO

from safeguard.reference.postcodes import PostcodeArea, postcode_district, postcode_normalise

__all__ = [
    "Ssda903Item",
    "detect_and_read",
    "in_area",
    "postcode_district",
    "read_csv_return",
    "read_xml_return",
]


@dataclass(slots=True)
class Ssda903Item:
    source: str  # e.g. "episodes.csv line 17" or "fake_903.xml child 907440 episode 2"
    line: int | None  # 1-based line in the episodes file (CSV), None for XML
    payload: dict | None  # the notification payload, or None when skipped/rejected
    skipped: str = ""  # why the row was not taken
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field path, message)


# --- postcodes (the grammar is reference.postcodes') ------------------------------------------------

_Area = PostcodeArea


def in_area(postcode: str, districts: Iterable[str]) -> bool:
    """Whether the postcode lies in one of the districts ({"LU1", "LU2"}) or areas ({"LU"})."""
    return _Area(districts).contains(postcode)


def _area_required(districts: Iterable[str]) -> _Area:
    area = _Area(districts)
    if not area:
        raise ValueError("No postcode districts were given for the host area")
    return area


# --- dates and row mapping ----------------------------------------------------------------------

_UK_DATE_RE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _date_iso(value: str) -> str | None:
    """DD/MM/YYYY (or ISO YYYY-MM-DD, as in the DfE XML schema) -> "YYYY-MM-DD"; None if not a real date."""
    match = _UK_DATE_RE.fullmatch(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO_DATE_RE.fullmatch(value)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_SEX = {"1": "M", "2": "F"}

# Internal row keys (CSV column names; the XML's PL and CHILDID are mapped onto PLACE and CHILD).
_EPISODE_REQUIRED = ("CHILD", "DECOM", "LS", "PLACE", "DEC", "REC", "PL_POST")
_EPISODE_OPTIONAL = ("RNE", "CIN", "PLACE_PROVIDER", "REASON_PLACE_CHANGE", "HOME_POST", "URN")
_HEADER_REQUIRED = ("CHILD", "SEX", "DOB")
_HEADER_OPTIONAL = ("UPN",)

_ChildFacts = tuple[str, str, str]  # (UPN, SEX, DOB) as given


def _not_in_area(pl_post: str, area: _Area) -> str:
    """Why an episode is not taken, or "" when its placement postcode is in the area."""
    if not pl_post:
        return "no placement postcode"
    district = postcode_district(pl_post)
    if district is None:
        return f"placement postcode {pl_post} is not a valid postcode"
    if area.contains_district(district):
        return ""
    return f"placement postcode {postcode_normalise(pl_post, partial=True)} is outside the host area"


def _episode_item(
    source: str,
    line: int | None,
    episode: dict[str, str],
    facts: _ChildFacts | None,
    placing_authority: str,
) -> Ssda903Item:
    """The item for an in-area episode: a payload, or errors when a date or the child id is bad."""
    errors: list[tuple[str, str]] = []
    child_id = episode.get("CHILD", "")
    if not child_id:
        errors.append(("child.local_id", "Enter the child's identifier (CHILD)"))

    decom_raw = episode.get("DECOM", "")
    decom = _date_iso(decom_raw) if decom_raw else None
    if not decom_raw:
        errors.append(("placement.start_date", "Enter the date the episode started (DECOM)"))
    elif decom is None:
        errors.append(("placement.start_date", "DECOM must be a real date in the format DD/MM/YYYY"))

    dec_raw = episode.get("DEC", "")
    dec = _date_iso(dec_raw) if dec_raw else None
    if dec_raw and dec is None:
        errors.append(("placement.end_date", "DEC must be a real date in the format DD/MM/YYYY"))
    elif dec and decom and dec < decom:
        errors.append(("placement.end_date", "DEC must be the same as or after DECOM"))

    upn, sex, dob_raw = facts or ("", "", "")
    dob = _date_iso(dob_raw) if dob_raw else None
    if dob_raw and dob is None:
        errors.append(("child.date_of_birth", "DOB must be a real date in the format DD/MM/YYYY"))

    if errors:
        return Ssda903Item(source=source, line=line, payload=None, errors=errors)

    child: dict[str, str] = {"local_id": child_id}
    if upn:
        child["upn"] = upn
    if dob:
        child["date_of_birth"] = dob
    if sex in _SEX:
        child["sex"] = _SEX[sex]

    payload = {
        "kind": "placement_start",
        "placing_authority": placing_authority,
        "child": child,
        "legal_status": episode.get("LS") or None,
        "placement": {
            "type": episode.get("PLACE") or None,
            "start_date": decom,
            "emergency": False,
            "end_date": dec,
            # X1 ("episode ceased, child remains looked after") is kept as given.
            "end_reason": (episode.get("REC") or None) if dec else None,
            "address": {"postcode": postcode_normalise(episode.get("PL_POST", ""), partial=True)},
        },
        "ssda903": {
            "child": child_id,
            "urn": episode.get("URN") or None,
            "place_provider": episode.get("PLACE_PROVIDER") or None,
            "rne": episode.get("RNE") or None,
            "reason_place_change": episode.get("REASON_PLACE_CHANGE") or None,
            "home_post": episode.get("HOME_POST") or None,
        },
    }
    return Ssda903Item(source=source, line=line, payload=payload)


# --- CSV --------------------------------------------------------------------------------------


def _file_name(f, default: str) -> str:
    name = getattr(f, "name", None)
    return os.path.basename(name) if isinstance(name, str) and name else default


def _is_text(f) -> bool:
    if isinstance(f, io.TextIOBase):
        return True
    if isinstance(f, io.IOBase):  # BytesIO, buffered files, SpooledTemporaryFile
        return False
    return isinstance(f.read(0), str)  # anything else file-like (e.g. Django's UploadedFile)


def _lines(f) -> Iterable[str]:
    """Lines of text from a text or binary file; binary is read as UTF-8 (a BOM is dropped).

    Undecodable bytes become U+FFFD rather than stopping the import: the fields read here are
    codes, dates and postcodes, and a stray Windows-1252 character elsewhere should not matter.
    """
    if _is_text(f):
        return f
    return codecs.iterdecode(f, "utf-8-sig", errors="replace")


def _missing_columns_message(name: str, missing: list[str]) -> str:
    if len(missing) == 1:
        return f"{name} has no {missing[0]} column"
    return f"{name} has no {', '.join(missing[:-1])} or {missing[-1]} columns"


def _csv_open(
    f, name: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[Iterator[list[str]], tuple[int | None, ...]]:
    """A csv reader positioned after the column row, and the index of each wanted column."""
    reader = csv.reader(_lines(f))
    for columns in reader:
        if any(c.strip() for c in columns):
            break
    else:
        raise ValueError(f"{name} is empty")
    index: dict[str, int] = {}
    for i, column in enumerate(columns):
        index.setdefault(column.replace("\ufeff", "").strip().upper(), i)
    missing = [c for c in required if c not in index]
    if missing:
        raise ValueError(_missing_columns_message(name, missing))
    return reader, tuple(index.get(c) for c in required + optional)


def _cell(row: list[str], i: int | None) -> str:
    return row[i].strip() if i is not None and i < len(row) else ""


class _Rewindable:
    """The episodes stream, readable twice: seek back if we can, else spool it to a temp file."""

    def __init__(self, f):
        self.f = f
        self.spool = None
        try:
            self.start = f.tell() if f.seekable() else None
        except (AttributeError, OSError, ValueError):
            self.start = None
        if self.start is None:
            text = _is_text(f)
            self.spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+b")  # noqa: SIM115
            if text:
                while chunk := f.read(1024 * 1024):
                    self.spool.write(chunk.encode("utf-8"))
            else:
                shutil.copyfileobj(f, self.spool, 1024 * 1024)
            self.f = self.spool
            self.start = 0

    def rewind(self):
        self.f.seek(self.start)
        return self.f

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()


def read_csv_return(
    header: BinaryIO | TextIO,
    episodes: BinaryIO | TextIO,
    *,
    districts: Iterable[str],
    placing_authority: str,
    header_name: str | None = None,
    episodes_name: str | None = None,
) -> Iterator[Ssda903Item]:
    """Items for every episode row of an SSDA903 CSV return (header.csv + episodes.csv).

    ``header_name``/``episodes_name`` name the files in messages (default: the file's own name).
    """
    area = _area_required(districts)
    placing_authority = str(placing_authority)
    episodes_name = episodes_name or _file_name(episodes, "episodes.csv")
    header_name = header_name or _file_name(header, "header.csv")
    stream = _Rewindable(episodes)
    try:
        # Pass 1: which children are placed in the area (a small set).
        reader, indexes = _csv_open(stream.rewind(), episodes_name, _EPISODE_REQUIRED, _EPISODE_OPTIONAL)
        i_child, i_post = indexes[0], indexes[_EPISODE_REQUIRED.index("PL_POST")]
        children: set[str] = set()
        contains = area.contains
        for row in reader:
            if i_post < len(row) and contains(row[i_post]):
                children.add(_cell(row, i_child))

        # Pass 2: header facts for those children only.
        facts: dict[str, _ChildFacts] = {}
        reader, (h_child, h_sex, h_dob, h_upn) = _csv_open(header, header_name, _HEADER_REQUIRED, _HEADER_OPTIONAL)
        if children:
            for row in reader:
                child_id = _cell(row, h_child)
                if child_id in children and child_id not in facts:
                    facts[child_id] = (_cell(row, h_upn), _cell(row, h_sex), _cell(row, h_dob))

        # Pass 3: an item for every episode row.
        columns = _EPISODE_REQUIRED + _EPISODE_OPTIONAL
        reader, _ = _csv_open(stream.rewind(), episodes_name, _EPISODE_REQUIRED, _EPISODE_OPTIONAL)
        for row in reader:
            if not "".join(row).strip():
                continue  # blank line
            line = reader.line_num
            pl_post = _cell(row, i_post)
            why = _not_in_area(pl_post, area)
            if why:
                yield Ssda903Item(f"{episodes_name} line {line}", line, None, why)
                continue
            episode = {column: _cell(row, i) for column, i in zip(columns, indexes, strict=True)}
            yield _episode_item(
                f"{episodes_name} line {line}", line, episode, facts.get(_cell(row, i_child)), placing_authority
            )
    finally:
        stream.close()


# --- XML --------------------------------------------------------------------------------------


class _NoDoctype:
    """A read()-only view of the XML stream that refuses DOCTYPE and ENTITY declarations.

    An SSDA903 return never needs them, and refusing them rules out entity-expansion attacks
    without a third-party parser.
    """

    _MARKERS = ("<!DOCTYPE", "<!ENTITY")

    def __init__(self, f, name: str):
        self.f = f
        self.name = name
        self.tail = None

    def read(self, size: int = -1):
        chunk = self.f.read(size)
        if self.tail is None:
            self.tail = chunk[:0]
            if isinstance(chunk, bytes):
                self._markers = tuple(m.encode("ascii") for m in self._MARKERS)
            else:
                self._markers = self._MARKERS
        window = self.tail + chunk
        if any(m in window for m in self._markers):
            raise ValueError(f"{self.name} contains a DOCTYPE or ENTITY declaration, which is not accepted")
        self.tail = chunk[-16:]
        return chunk


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _leaves(element) -> dict[str, str]:
    """{tag: stripped text} of an element's childless children (first occurrence wins)."""
    values: dict[str, str] = {}
    for sub in element:
        if len(sub) == 0:
            values.setdefault(_local(sub.tag), (sub.text or "").strip())
    return values


def _xml_child_items(child_el, number: int, name: str, area: _Area, placing_authority: str) -> Iterator[Ssda903Item]:
    header_el = None
    episode_els = []
    for sub in child_el.iter():
        tag = _local(sub.tag)
        if tag == "HEADER" and header_el is None:
            header_el = sub
        elif tag == "EPISODE":
            episode_els.append(sub)
    header = _leaves(header_el if header_el is not None else child_el)
    child_id = header.get("CHILDID") or header.get("CHILD") or ""
    label = f"{name} child {child_id}" if child_id else f"{name} child number {number} (no CHILDID)"
    facts = (header.get("UPN", ""), header.get("SEX", ""), header.get("DOB", ""))
    for n, episode_el in enumerate(episode_els, start=1):
        episode = _leaves(episode_el)
        source = f"{label} episode {n}"
        why = _not_in_area(episode.get("PL_POST", ""), area)
        if why:
            yield Ssda903Item(source, None, None, why)
            continue
        episode["CHILD"] = child_id
        if not episode.get("PLACE"):
            episode["PLACE"] = episode.get("PL", "")
        yield _episode_item(source, None, episode, facts, placing_authority)


def read_xml_return(
    xml: BinaryIO,
    *,
    districts: Iterable[str],
    placing_authority: str,
    name: str | None = None,
) -> Iterator[Ssda903Item]:
    """Items for every EPISODE of an SSDA903 XML return (EXPSSDA903 > CHILD > HEADER, EPISODE)."""
    area = _area_required(districts)
    placing_authority = str(placing_authority)
    name = name or _file_name(xml, "the XML file")
    source = _NoDoctype(xml, name)
    stack: list = []
    children = 0
    try:
        for event, element in ET.iterparse(source, events=("start", "end")):  # noqa: S314 - DTDs refused by _NoDoctype
            if event == "start":
                stack.append(element)
                continue
            stack.pop()
            if _local(element.tag) != "CHILD":
                continue
            children += 1
            yield from _xml_child_items(element, children, name, area, placing_authority)
            element.clear()
            if stack:
                stack[-1].remove(element)
    except ET.ParseError as error:
        raise ValueError(f"{name} is not a well-formed XML file ({error})") from error
    if not children:
        raise ValueError(f"{name} has no CHILD elements: is it an SSDA903 return?")


# --- choosing the reader ------------------------------------------------------------------------


def _pick(names: list[str], exact: str, word: str, exclude: str = "") -> str | None:
    """The one file called ``exact``, else the one .csv whose name contains ``word``."""
    lowered = {n: os.path.basename(n).lower() for n in names}
    for n, low in lowered.items():
        if low == exact:
            return n
    candidates = [
        n for n, low in lowered.items() if low.endswith(".csv") and word in low and not (exclude and exclude in low)
    ]
    if len(candidates) > 1:
        raise ValueError(f"More than one file could be the {exact} table: {', '.join(sorted(candidates))}")
    return candidates[0] if candidates else None


def detect_and_read(
    files: dict[str, BinaryIO], *, districts: Iterable[str], placing_authority: str
) -> Iterator[Ssda903Item]:
    """Read an SSDA903 return given its files by name: one .xml file, or header.csv + episodes.csv.

    Other tables of the return (missing.csv, uasc.csv, reviews.csv…) are ignored. Raises
    ValueError naming what is missing or ambiguous.
    """
    names = list(files)
    xml_names = [n for n in names if n.lower().endswith(".xml")]
    episodes_name = _pick(names, "episodes.csv", "episode", exclude="sw_episode")
    header_name = _pick(names, "header.csv", "header")
    if xml_names and episodes_name:
        raise ValueError("Upload either the XML return or header.csv and episodes.csv, not both")
    if len(xml_names) > 1:
        raise ValueError(f"Upload one XML return at a time, not {len(xml_names)}: {', '.join(sorted(xml_names))}")
    if xml_names:
        xml_name = xml_names[0]
        return read_xml_return(
            files[xml_name],
            districts=districts,
            placing_authority=placing_authority,
            name=os.path.basename(xml_name),
        )
    if not episodes_name and not header_name:
        raise ValueError("No SSDA903 return found: upload the XML return, or header.csv and episodes.csv")
    if not episodes_name:
        raise ValueError("The episodes table is missing: upload episodes.csv alongside header.csv")
    if not header_name:
        raise ValueError("The header table is missing: upload header.csv alongside episodes.csv")
    return read_csv_return(
        files[header_name],
        files[episodes_name],
        districts=districts,
        placing_authority=placing_authority,
        header_name=os.path.basename(header_name),
        episodes_name=os.path.basename(episodes_name),
    )
