"""Workflows as data: which states a record may move to from each state.

A model that has a workflow declares it next to its status field:

    class Status(models.TextChoices): ...
    TRANSITIONS = Workflow({Status.OPEN: {Status.CLOSED}, Status.CLOSED: set()})

and its app's service moves it with one function:

    def _transition(case, to):
        LadoCase.TRANSITIONS.check(case.status, to, noun="case")
        case.status = to

so the table is the only place the rules are written, a test can read every allowed and refused
step from it, and a refused step is always a `TransitionRefused`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import TransitionRefused


def _label(state) -> str:
    return str(getattr(state, "label", state)).lower()


@dataclass(frozen=True)
class Workflow:
    """{state: states it may move to}. A state missing from the table may move nowhere."""

    allowed: Mapping[str, Iterable[str]]
    _table: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_table", {str(k): frozenset(str(v) for v in vs) for k, vs in self.allowed.items()})

    def may(self, state, to) -> bool:
        return str(to) in self._table.get(str(state), frozenset())

    def targets(self, state) -> frozenset[str]:
        return self._table.get(str(state), frozenset())

    def states(self) -> frozenset[str]:
        return frozenset(self._table) | frozenset(t for ts in self._table.values() for t in ts)

    def check(self, state, to, *, noun: str = "record", message: str = "", field: str = "__all__") -> None:
        """Refuse (TransitionRefused) unless `state` may move to `to`; the message goes on `field` of the
        form (the whole form by default)."""
        if not self.may(state, to):
            raise TransitionRefused(
                message or f"This {noun} is {_label(state)}: it cannot become {_label(to)}",
                state=str(state),
                to=str(to),
                field=field,
            )
