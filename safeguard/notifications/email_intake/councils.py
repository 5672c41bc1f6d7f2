"""Recognising councils by name, for the placing authority and the authority maintaining an EHC
plan. A council is known by its full name ("Hertfordshire County Council", "London Borough of Barnet",
"Luton BC") anywhere in the text, by its bare name ("Hertfordshire") in a labelled value or a sender's
display name, or by its mail domain (hertfordshire.gov.uk). A text that names several councils names
none of them for this purpose, and the host council (the one receiving the notification) is never
taken as the placing authority. The patterns for a list of councils are built once and cached.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .values import words

# Labels of a mail domain that say nothing about which council sent it.
_GENERIC_DOMAIN_LABELS = words(
    "gov uk org net com co ac nhs gcsx gsi gsx cjsm pnn secure mail email example test local sch egress"
)
# A display name with one of these words may name a council by its bare name ("Kent Children's Services").
_COUNCILISH = re.compile(
    r"\b(?:council|borough|county|city|children'?s services|placements?|social care|services)\b", re.I
)
_COUNCIL_WORD = re.compile(r"\b(?:council|borough|city|cc|mbc|bc|dc|lbc)\b", re.IGNORECASE)

# "The placing authority", "us": the council maintaining the EHC plan is the one placing the child.
_SELF_REFERENCE = re.compile(
    r"^(?:the )?(?:placing (?:local )?authority|placing la|us|ourselves|this (?:local )?authority|same|we do)\b",
    re.IGNORECASE,
)

# (code, full-name pattern, bare-name pattern, squashed names)
_CouncilEntry = tuple[str, re.Pattern, re.Pattern, frozenset[str]]


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


class Councils:
    """The councils a message may name, and the host council that receives it."""

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

    def placing_authority(self, values: Iterable[str], senders: Iterable[tuple[str, str]], text: str) -> str | None:
        """The placing authority: the one council named in a labelled value (by its bare name or in full),
        else the first sender whose display name or mail domain names one, else the one council named in
        full anywhere in the text."""
        for value in values:
            code = self.one_in(value, bare=True, placing=True)
            if code:
                return code
        for name, address in senders:
            code = self.from_display_name(name) or self.from_address(address)
            if code:
                return code
        return self.one_in(text, bare=False, placing=True)

    def maintaining_authority(self, values: Iterable[str], *, placing: str | None) -> str | None:
        """The authority maintaining an EHC plan: the first of `values` ("maintained by Kent County Council",
        "the placing authority") that names exactly one council."""
        for value in values:
            value = re.sub(r"^[\s\-–—,.():]*(?:maintained by|by)\s+", "", value, flags=re.IGNORECASE)
            code = placing if _SELF_REFERENCE.match(value.strip(" -–—,.():")) else self.one_in(value, bare=True)
            if code:
                return code
        return None
