"""What the apps beside education tell it, through hooks filled when Django starts.

Education and missing are siblings in the layers (neither imports the other), yet an unexplained absence
from school while a child is missing must reach the Virtual School at once. The top app (`safeguard.home`,
its `AppConfig.ready`) registers missing's selector here; education calls it without knowing it. Not
registered, no child is missing (and no such alert is sent).
"""

from collections.abc import Callable
from datetime import date

# (child ids) -> {child id: (the open episode's key, the day the child went missing)}
OpenMissingSource = Callable[[list[int]], dict[int, tuple[str, date]]]

_open_missing: list[OpenMissingSource] = []


def open_missing_source_register(source: OpenMissingSource) -> None:
    """Say how to find the children's open missing episodes. Registering again replaces it."""
    _open_missing[:] = [source]


def open_missing_episodes(child_ids: list[int]) -> dict[int, tuple[str, date]]:
    if not _open_missing or not child_ids:
        return {}
    return _open_missing[0](child_ids)
