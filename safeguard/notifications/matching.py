"""Is this the same child as one already on the register?

Identifiers first (NHS number, UPN, the placing council's own child ID); otherwise the date of birth
and the name, compared fuzzily (rapidfuzz). A close but not certain likeness goes to an officer, and
so does an identifier match whose name and date of birth both disagree.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from rapidfuzz import fuzz

from safeguard.register.models import Child

# Same date of birth and a name at least this alike (0–100): the same child.
SAME_CHILD_SCORE = 92
# At least this alike, but not enough to be sure: an officer decides.
REVIEW_SCORE = 75


@dataclass
class Candidate:
    child: Child
    score: int
    reasons: list[str]


@dataclass
class MatchOutcome:
    child: Child | None = None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def certain(self) -> bool:
        return self.child is not None

    @property
    def uncertain(self) -> bool:
        return self.child is None and bool(self.candidates)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("-", " ").split())


def name_likeness(first_a: str, last_a: str, first_b: str, last_b: str) -> int:
    return round(fuzz.token_sort_ratio(_plain(f"{first_a} {last_a}"), _plain(f"{first_b} {last_b}")))


def _swapped(day: date) -> date | None:
    """The date with day and month swapped (a common typing slip), when that is a real date."""
    try:
        return day.replace(day=day.month, month=day.day) if day.day <= 12 and day.day != day.month else None
    except ValueError:
        return None


def _conflicts(child: Child, nhs_number: str | None, upn: str | None) -> bool:
    return bool(
        (nhs_number and child.nhs_number and child.nhs_number != nhs_number) or (upn and child.upn and child.upn != upn)
    )


def _disagrees_on_name_and_birth(child: Child, first_name, last_name, date_of_birth) -> bool:
    """An identifier says "the same child" but the name and the date of birth both say otherwise.

    A mistyped child ID (or a reused one) would otherwise overwrite another child's register entry:
    an officer decides instead. A change of name alone, or a corrected date of birth alone, still joins.
    """
    if not (first_name and last_name and date_of_birth):
        return False
    other_name = name_likeness(first_name, last_name, child.first_name, child.last_name) < SAME_CHILD_SCORE
    return other_name and child.date_of_birth != date_of_birth


def child_match(
    *,
    host_council,
    placing_authority,
    first_name: str | None,
    last_name: str | None,
    date_of_birth: date | None,
    nhs_number: str | None = None,
    upn: str | None = None,
    local_id: str | None = None,
) -> MatchOutcome:
    """Find the register entry for a notified child in one host council's register."""
    children = Child.objects.filter(host_council=host_council)
    identified = Q(pk__in=[])
    if nhs_number:
        identified |= Q(nhs_number=nhs_number)
    if upn:
        identified |= Q(upn=upn)
    if local_id and placing_authority is not None:
        identified |= Q(placing_authority=placing_authority, local_id=local_id)
    by_identifier = list(children.filter(identified)[:5])
    if len(by_identifier) == 1 and not _conflicts(by_identifier[0], nhs_number, upn):
        child = by_identifier[0]
        if _disagrees_on_name_and_birth(child, first_name, last_name, date_of_birth):
            score = name_likeness(first_name, last_name, child.first_name, child.last_name)
            return MatchOutcome(
                candidates=[Candidate(child, score, ["an identifier matches, but the name and date of birth do not"])]
            )
        return MatchOutcome(child=child)
    if by_identifier:  # identifiers point at more than one child, or contradict each other
        return MatchOutcome(
            candidates=[Candidate(c, 100, ["an identifier matches, another does not"]) for c in by_identifier]
        )
    if not (first_name and last_name and date_of_birth):
        return MatchOutcome()

    dates = [date_of_birth] + [d for d in [_swapped(date_of_birth)] if d]
    candidates = []
    for child in children.filter(date_of_birth__in=dates)[:200]:
        if _conflicts(child, nhs_number, upn):
            continue
        score = name_likeness(first_name, last_name, child.first_name, child.last_name)
        reasons = [f"name {score}% alike"]
        same_day = child.date_of_birth == date_of_birth
        reasons.append("same date of birth" if same_day else "date of birth with day and month swapped")
        if child.placing_authority_id != getattr(placing_authority, "pk", None):
            reasons.append("placed by a different council")
        candidates.append(Candidate(child, score, reasons))
    candidates.sort(key=lambda c: c.score, reverse=True)
    best = candidates[0] if candidates else None
    if (
        best
        and best.score >= SAME_CHILD_SCORE
        and best.child.date_of_birth == date_of_birth
        and best.child.placing_authority_id == getattr(placing_authority, "pk", None)
        and (len(candidates) == 1 or candidates[1].score < SAME_CHILD_SCORE)
    ):
        return MatchOutcome(child=best.child)
    return MatchOutcome(candidates=[c for c in candidates if c.score >= REVIEW_SCORE][:5])
