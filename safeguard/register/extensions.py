"""What the apps above the register add to it, registered when Django starts.

The register sits below missing, notifications and exploitation, yet two of its rules and its list need
facts those apps own: the police see a child only while the child is missing (missing episodes), the
register's "children with overdue work" filter counts work items (notifications), and the list shows
each domain's flags beside a child's name. The top app (`safeguard.home`, its `AppConfig.ready`) fills
these hooks from the domains' selectors; the register calls them without knowing them.

Nothing registered is closed by default: a condition that is not registered is false (so the police
see no child), and a list without flag sources shows only the register's own flags.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Expression, Value

# Conditions on a child (a boolean expression over Child rows, usually Exists(… child=OuterRef("pk"))).
MISSING_NOW = "missing_now"  # an episode is open: the child is missing or away now
OVERDUE_WORK = "overdue_work"  # a host team's work item about the child is past its escalation time

ChildCondition = Callable[[], Expression]

_conditions: dict[str, ChildCondition] = {}


def child_condition_register(name: str, condition: ChildCondition) -> None:
    """Say how to tell, in the database, whether a child meets `name`. Registering again replaces it."""
    _conditions[name] = condition


def child_condition(name: str) -> Expression:
    """The registered condition `name`, built now (conditions may depend on the time), or false."""
    condition = _conditions.get(name)
    return condition() if condition else Value(False, output_field=BooleanField())


@dataclass(frozen=True)
class Flag:
    """A tag beside a child's name on the register list."""

    text: str  # "Missing now"
    colour: str  # the GOV.UK tag's colour: "red", "orange", "yellow", "purple", "grey"


# (who is asking, a page of children's ids) -> {child id: flags}, one or a few queries for the page.
FlagSource = Callable[[object, list[int]], dict[int, list[Flag]]]

_flag_sources: dict[str, FlagSource] = {}


def child_flag_source_register(name: str, source: FlagSource) -> None:
    """Add a source of flags for the register list; flags show in the order sources were registered."""
    _flag_sources[name] = source


def child_flags_for(user, child_ids: Iterable[int]) -> dict[int, list[Flag]]:
    """Every registered source's flags for these children, as `user` may know of them."""
    ids = list(child_ids)
    flags: dict[int, list[Flag]] = {pk: [] for pk in ids}
    if not ids:
        return flags
    for source in _flag_sources.values():
        for pk, found in source(user, ids).items():
            flags.setdefault(pk, []).extend(found)
    return flags


# (child) -> None, after a placement of the child starts, moves, ends or is split off: a domain above
# keeps its own record of the child in step (education opens the Virtual School's record). Called in the
# register's transaction, so what a listener writes commits or rolls back with the placement.
PlacementListener = Callable[[object], None]

_placement_listeners: dict[str, PlacementListener] = {}


def placement_listener_register(name: str, listener: PlacementListener) -> None:
    """Call `listener(child)` whenever the register changes a child's placements."""
    _placement_listeners[name] = listener


def placements_changed(child) -> None:
    """Tell every registered listener that `child`'s placements changed."""
    for listener in _placement_listeners.values():
        listener(child)
