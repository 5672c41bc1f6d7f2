"""Pre-filling the notification payload (PAYLOAD.md) from a message's text. The text is read in
passes: labelled lines first (in the section they appear in, so a "Name" under "Social worker details"
is the social worker's), then the sentences, then the kind of notification, the addresses and the
authorities. A field is filled only when a label or a plain phrase supports it, the first value found
wins, and the result is a partial payload in the PAYLOAD.md shape that the officer completes and confirms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .addresses import address_block, resolve_addresses
from .councils import Councils
from .labels import FORWARD, HEADING_WORDS, SIGNOFF, clean_line, column_pairs, labelled_pairs
from .phrases import end_reason_in, end_values, kind_of, maintaining_authorities, paragraphs, phrase_values
from .values import (
    EMAIL,
    NO,
    YES,
    find_postcode,
    format_postcode,
    is_placeholder,
    legal_status_in,
    parse_date,
    person_name,
    phone_numbers,
    split_child_name,
    split_surname_first,
    words,
)

# A labelled line is short; a very long line is cut so that no pattern has much to search.
_LINE_LIMIT = 5_000

# The payload's fields, in the order PAYLOAD.md lists them.
_ORDER = words(
    """
kind placing_authority
child.first_name child.last_name child.date_of_birth child.sex child.nhs_number child.upn child.local_id
legal_status
placement.start_date placement.emergency placement.end_date placement.end_reason placement.carer
placement.address.line1 placement.address.line2 placement.address.town placement.address.postcode
move.date move.address.line1 move.address.line2 move.address.town move.address.postcode
social_worker.name social_worker.email social_worker.phone social_worker.team
iro.name iro.email iro.phone
ehc_plan.has_plan ehc_plan.maintaining_authority
""",
    ordered=True,
)

_NHS_VALUE = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
_UPN_VALUE = re.compile(r"\b([A-Za-z]\d{12})\b")
_CHILD_KEYS = {"child_name", "first_name", "last_name"}
_CHILD_FACT_KEYS = {"dob", "sex", "nhs", "upn", "local_id"}
_CONTACT_KEYS = {"name", "email", "phone", "team"}
_DATE_KEYS = {
    "dob": "child.date_of_birth",
    "start_date": "placement.start_date",
    "end_date": "placement.end_date",
    "move_date": "move.date",
}


def prefill(
    text: str,
    *,
    subject: str,
    councils: Iterable[tuple[str, str]],
    host_council: str | None,
    senders: list[tuple[str, str]],
) -> dict:
    """A partial payload in the PAYLOAD.md shape from a message's text. `senders` are (display name,
    address) pairs, the likeliest to be the placing authority first; `councils` and `host_council` are
    as for parse_message."""
    return _Extractor(text, subject=subject, councils=Councils(councils, host=host_council), senders=senders).run()


class _Extractor:
    """One message's text read into `flat` (field path to value), then built into a nested payload."""

    def __init__(self, text: str, *, subject: str, councils: Councils, senders: list[tuple[str, str]]):
        self.lines = [clean_line(line[:_LINE_LIMIT]) for line in text.split("\n")]
        self.subject = subject
        self.councils = councils
        self.senders = senders
        self.flat: dict[str, Any] = {}
        self.addresses: list[tuple[str, list[str]]] = []  # (generic | new | old | postcode, the lines)
        self.kind_values: list[str] = []
        self.placing_values: list[str] = []
        self.ehc_la_values: list[str] = []
        self.sections: list[str] = []  # the section each line was read in
        self.section = "general"
        self.section_lines = 0

    # -- the passes ------------------------------------------------------------------------------

    def run(self) -> dict:
        self._read_labels()
        body = "\n".join(paragraphs(self.lines, self.sections))
        self._read_phrases(body)
        kind = kind_of([*self.kind_values, self.subject, body])
        if kind == "placement_end":
            for path, value in end_values(body, known=self.flat):
                self._set(path, value)
        else:  # a reason for leaving belongs to an end: elsewhere it is about something else
            self.flat.pop("placement.end_reason", None)
        self.flat.update(resolve_addresses(self.addresses, kind, self.lines, self.sections))
        self._resolve_authorities()
        self.flat["kind"] = kind
        return self._build()

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
            if SIGNOFF.match(line):
                self._enter("signature")
                pending = None
                self.sections.append(self.section)
                continue
            if FORWARD.match(line):
                self._enter("general")
                pending = None
                self.sections.append(self.section)
                continue
            columns = column_pairs(self.lines, i - 1)
            if columns:
                for key, _, value, _ in columns:
                    self._apply(key, value)
                self.section_lines += 1
                self.sections.extend([self.section] * 2)
                i += 1
                continue
            pairs = labelled_pairs(line)
            if pending is not None and not pairs:
                self._apply(pending, line)
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
                    block, used = address_block(self.lines, value, i)
                    if self._apply(key, value, block=block):
                        skip = used
                    content = True
                    continue
                self._apply(key, value)
                if value:
                    content = True
                elif colon and last and not key.startswith("section:") and not HEADING_WORDS.search(label):
                    pending = key
            if content:
                self.section_lines += 1
            self.sections.extend([self.section] * (1 + skip))
            i += skip

    def _enter(self, section: str) -> None:
        if section != self.section:
            self.section = section
            self.section_lines = 0

    def _apply(self, key: str, value: str, *, block: list[str] | None = None) -> bool:
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
        if is_placeholder(value) and key not in ("ehc", "emergency", "legal_status") and not key.startswith("legal:"):
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
            surname_first = split_surname_first(value)
            name = person_name(value)
            if surname_first or name:
                first, last = surname_first or split_child_name(name)
                if first:
                    self._set("child.first_name", first)
                if last:
                    self._set("child.last_name", last)
        elif key in ("first_name", "last_name"):
            name = person_name(value)
            if name:
                self._set(f"child.{key}", name)
        elif key == "end_reason":
            self._set("placement.end_reason", end_reason_in(value, labelled=True))
        elif key in _DATE_KEYS:
            self._set(_DATE_KEYS[key], parse_date(value))
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
            self._set("legal_status", legal_status_in(value, labelled=True))
        elif key.startswith("legal:"):
            if YES.match(value):
                self._set("legal_status", key.split(":", 1)[1])
        elif key in ("address", "new_address", "old_address"):
            lines = block if block is not None else ([value] if value else [])
            if lines and not is_placeholder(lines[0]):
                tag = {"address": "generic", "new_address": "new", "old_address": "old"}[key]
                self.addresses.append((tag, lines))
                return True
        elif key == "postcode":
            match = find_postcode(value.upper())
            if match:
                self.addresses.append(("postcode", [format_postcode(match)]))
        elif key == "carer":
            if not re.match(r"^\d", value) and not find_postcode(value) and len(value) <= 120:
                self._set("placement.carer", value.strip(" ,;"))
        elif key == "kind":
            self.kind_values.append(value)
        elif key == "emergency":
            if YES.match(value):
                self._set("placement.emergency", True)
            elif NO.match(value):
                self._set("placement.emergency", False)
        elif key in ("sw", "iro"):
            self._contact("social_worker" if key == "sw" else "iro", value, with_name=True)
        elif key in ("sw_email", "iro_email", "sw_phone", "iro_phone"):
            self._contact("social_worker" if key.startswith("sw") else "iro", value, with_name=False)
        elif key in ("email", "phone") and section in ("sw", "iro"):
            self._contact("social_worker" if section == "sw" else "iro", value, with_name=False)
        elif key in ("team", "sw_team") and (section == "sw" or key == "sw_team"):
            team = value.strip(" ,;")
            if 2 <= len(team) <= 120 and not EMAIL.search(team):
                self._set("social_worker.team", team)
        elif key == "ehc":
            if YES.match(value) or re.match(r"^\s*(?:has|have)\b", value, re.IGNORECASE):
                self._set("ehc_plan.has_plan", True)
                rest = YES.sub("", value, count=1)
                if rest.strip(" -–—,.():"):
                    self.ehc_la_values.append(rest)
            elif NO.match(value):
                self._set("ehc_plan.has_plan", False)
        elif key == "ehc_la":
            self.ehc_la_values.append(value)
        elif key == "placing_la":
            self.placing_values.append(value)
        return False

    def _contact(self, who: str, value: str, *, with_name: bool) -> None:
        if with_name:
            name = person_name(value)
            if name:
                self._set(f"{who}.name", name)
            if who == "social_worker":
                team = re.search(r"\(([^)]*\bteam\b[^)]*)\)", value, re.IGNORECASE)
                if team:
                    self._set("social_worker.team", team.group(1).strip())
        emails = EMAIL.findall(value)
        if emails:
            self._set(f"{who}.email", emails[0])
        phones = phone_numbers(value)
        if phones:
            self._set(f"{who}.phone", phones[0])

    def _loose_contact(self, line: str) -> None:
        """An unlabelled line in a social worker's or IRO's block: their e-mail, phone, or name."""
        who = "social_worker" if self.section == "sw" else "iro"
        if EMAIL.search(line) or phone_numbers(line):
            self._contact(who, line, with_name=False)
        elif self.section_lines == 0 and f"{who}.name" not in self.flat:
            name = person_name(line)
            if name and name == line.strip(" ,."):
                self._set(f"{who}.name", name)

    def _read_phrases(self, body: str) -> None:
        for path, value in phrase_values(body, self.subject, known=self.flat):
            self._set(path, value)
        if self.flat.get("ehc_plan.has_plan") is not False:
            self.ehc_la_values.extend(maintaining_authorities(body))

    # -- authorities ---------------------------------------------------------------------------

    def _resolve_authorities(self) -> None:
        if not self.councils:
            return
        placing = self.councils.placing_authority(self.placing_values, self.senders, "\n".join(self.lines))
        self._set("placing_authority", placing)
        if self.flat.get("ehc_plan.has_plan") is not False:
            maintaining = self.councils.maintaining_authority(self.ehc_la_values, placing=placing)
            if maintaining:
                self._set("ehc_plan.maintaining_authority", maintaining)
                self._set("ehc_plan.has_plan", True)

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


def leaf_paths(payload: dict, prefix: str = "") -> list[str]:
    """The dotted paths of a payload's values, e.g. "child.first_name", in the payload's order."""
    paths = []
    for key, value in payload.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            paths.extend(leaf_paths(value, path + "."))
        else:
            paths.append(path)
    return paths
