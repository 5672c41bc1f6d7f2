"""What the apps above missing add to the grab pack, registered when Django starts.

The grab pack is missing's document (made, security-marked and its opening audited in `grab_pack.py`),
but the police also need what only a domain above missing knows: the child's open exploitation
concerns. Missing may not import exploitation (the layers, ADR 0015), so the top app
(`safeguard.home`, `AppConfig.ready`) registers each domain's section here, as it fills the register's
hooks. A section not registered is simply absent.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GrabPackSection:
    """A section of the grab pack: a heading, rows of (label, text), and what to print when empty."""

    heading: str
    rows: list[tuple[str, str]]
    empty: str = ""


# (who is making the pack, the child) -> the section, read as that person may read it.
GrabPackSource = Callable[[object, object], GrabPackSection]

_sections: dict[str, GrabPackSource] = {}


def grab_pack_section_register(name: str, source: GrabPackSource) -> None:
    """Add a section to the grab pack, after the missing facts; registering again replaces it."""
    _sections[name] = source


def grab_pack_sections(user, child) -> list[GrabPackSection]:
    return [source(user, child) for source in _sections.values()]
