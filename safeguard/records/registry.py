"""What the domains tell records management about their records, registered when Django starts.

`records` sits below the domains (docs/adr/0041): it holds the schedule, the holds, the review list and
the tombstones, and knows no domain's models. A domain registers here, from its `AppConfig.ready`,
what only it knows: whether a child's register reference names one of the host's children, and for
each class of record it keeps, how to list the host's records of it and how to dispose of one.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

_CHILD_LOOKUPS: list[Callable] = []


def child_lookup_register(lookup: Callable) -> None:
    """`lookup(host_council, reference)` -> True when `reference` ("SG123") is one of the host's children."""
    if lookup not in _CHILD_LOOKUPS:
        _CHILD_LOOKUPS.append(lookup)


def child_reference_known(host_council, reference: str) -> bool:
    return any(lookup(host_council, reference) for lookup in _CHILD_LOOKUPS)


# What each domain still keeps of a child: a register entry is disposed of last (docs/adr/0041) -------

_CHILD_RECORD_HOLDERS: list[Callable] = []


def child_records_register(holder: Callable) -> None:
    """`holder(child_ids)` -> the ids among `child_ids` of children of whom the domain still keeps a
    record (an episode, a concern, a notification, a LADO case naming them)."""
    if holder not in _CHILD_RECORD_HOLDERS:
        _CHILD_RECORD_HOLDERS.append(holder)


def children_with_records(child_ids: Iterable[int]) -> set[int]:
    """The children among `child_ids` of whom some domain still keeps a record."""
    child_ids = list(child_ids)
    held: set[int] = set()
    for holder in _CHILD_RECORD_HOLDERS:
        if not child_ids:
            break
        found = set(holder(child_ids))
        held |= found
        child_ids = [pk for pk in child_ids if pk not in found]
    return held


# Record sources: how each domain lists its records of a class and disposes of one ------------------


@dataclass(frozen=True)
class Candidate:
    """One record of a class, as records management sees it: never a name, only references and dates."""

    object_type: str  # "missing.childphotograph"
    object_id: str
    reference: str  # what the review list and the tombstone call it: "Face photograph of SG12"
    child_reference: str  # the child it is about ("SG12"), for holds on a child; "" when none
    # The dates a rule may run from (RunsFrom values): those not known or not yet come are None.
    dates: dict[str, date | None]
    date_of_birth: date | None = None  # the person's, for "or State Pension age if later"
    outcome_category: str = ""  # what the figures count it by, kept on the tombstone


@dataclass(frozen=True)
class RecordSource:
    record_class: str
    # candidates(host_council) -> the host's records of the class (records works out which are due)
    candidates: Callable[..., Iterable[Candidate]]
    # dispose(object_id, actor=) -> removes the record's personal data and files, in the caller's
    # transaction (the domain audits its own erasure where it does); False when the record is already gone.
    dispose: Callable[..., bool]


_SOURCES: dict[str, RecordSource] = {}


def record_source_register(source: RecordSource) -> None:
    _SOURCES[source.record_class] = source


def record_sources() -> list[RecordSource]:
    return list(_SOURCES.values())


def record_source(record_class: str) -> RecordSource | None:
    return _SOURCES.get(record_class)
