"""What the domains tell records management about their records, registered when Django starts.

`records` sits below the domains (docs/adr/0041): it holds the schedule, the holds, the review list and
the tombstones, and knows no domain's models. A domain registers here, from its `AppConfig.ready`,
what only it knows - so far, whether a child's register reference names one of the host's children.
"""

from collections.abc import Callable

_CHILD_LOOKUPS: list[Callable] = []


def child_lookup_register(lookup: Callable) -> None:
    """`lookup(host_council, reference)` -> True when `reference` ("SG123") is one of the host's children."""
    if lookup not in _CHILD_LOOKUPS:
        _CHILD_LOOKUPS.append(lookup)


def child_reference_known(host_council, reference: str) -> bool:
    return any(lookup(host_council, reference) for lookup in _CHILD_LOOKUPS)
