"""Parts of a host council's configuration that another app owns.

`reference` is ground and imports no domain app, yet a host's configuration file also holds rules
that belong to a domain (the routing rules belong to notifications). The domain app registers its
section here when Django starts (its `AppConfig.ready`): the key in the file, how to check it, how to
seed it for a new host, its standard value, and its own configuration page. Reference calls them without knowing them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safeguard.accounts.models import HostCouncil


@dataclass(frozen=True)
class HostSection:
    key: str  # the key in the configuration file, e.g. "routing"
    title: str  # its heading on the configuration overview
    url_name: str  # its configuration page
    # (the section's value, the whole configuration) -> {key: problem}, e.g. {"routing[0].team": "…"}
    check: Callable[[Any, dict], dict[str, str]]
    # seed(actor=, host_council=, value=) -> what was done, for a command's output ("2 routing rules")
    seed: Callable[..., str]
    # One line about the host's current settings, for the overview ("2 rules")
    summary: Callable[[HostCouncil], str]
    # The section's value for a host added without a file
    standard: Any = None


_SECTIONS: dict[str, HostSection] = {}


def host_section_register(section: HostSection) -> None:
    _SECTIONS[section.key] = section


def host_sections() -> list[HostSection]:
    return list(_SECTIONS.values())
