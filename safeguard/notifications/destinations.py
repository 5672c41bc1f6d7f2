"""Where a child went when a placement ended, in plain words, and the SSDA903 "reason episode ceased"
(REC) code each answer is returned as (DfE children looked after return; the code list is
reference/data/ssda903/<year>/reason_episode_ceased.csv).

A social worker answers the question "Where did the child go?"; the register keeps the code. Moving to
another placement is X1 (the episode ceases and a new one begins the same day), whether the new
placement is in this area or outside it: the plain answer keeps which, for the host.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Destination:
    key: str
    words: str
    code: str
    hint: str = ""


DESTINATIONS: tuple[Destination, ...] = (
    Destination(
        "home_planned",
        "Home to their parents or family, as planned",
        "E4A",
        "The return home was part of the child's care plan",
    ),
    Destination(
        "home_unplanned",
        "Home to their parents or family, not as planned",
        "E4B",
        "For example, the parents removed the child, or the child went home themselves",
    ),
    Destination(
        "family_without_pr",
        "To family or friends who do not have parental responsibility",
        "E13",
        "For example, to live with an aunt or grandparent without an order",
    ),
    Destination(
        "placement_in_area",
        "To another placement in this area",
        "X1",
        "Tell us about the new placement with a placement start notification",
    ),
    Destination(
        "placement_out_of_area",
        "To another placement outside this area",
        "X1",
        "The child is still looked after, now in another council's area",
    ),
    Destination("adopted", "Adopted", "E11", "The adoption order was not opposed"),
    Destination(
        "adopted_consent_dispensed",
        "Adopted, the court dispensed with consent",
        "E12",
        "The court made the adoption order without the parents' consent",
    ),
    Destination(
        "special_guardianship_foster_family",
        "Special guardianship order to their foster carers, who are family or friends",
        "E45",
        "The child stays with the connected carers they were placed with",
    ),
    Destination(
        "special_guardianship_foster_other",
        "Special guardianship order to their foster carers, who are not family or friends",
        "E46",
        "The child stays with the foster carers they were placed with",
    ),
    Destination(
        "special_guardianship_family",
        "Special guardianship order to family or friends who were not their foster carers",
        "E47",
        "The child moves to relatives or friends under the order",
    ),
    Destination(
        "special_guardianship_other",
        "Special guardianship order to other carers",
        "E48",
        "Carers who are neither family, friends nor the child's foster carers",
    ),
    Destination(
        "child_arrangements",
        "Child arrangements order (or residence order) granted",
        "E41",
        "The child lives with the people the order names",
    ),
    Destination(
        "turned_18_staying_put",
        "Turned 18 and stayed with their carers (staying put)",
        "E17",
        "The young person stays with their former foster carers after their 18th birthday",
    ),
    Destination(
        "independent_supported",
        "Moved to independent living with support",
        "E5",
        "For example a hostel, foyer, staying close or care leavers' project",
    ),
    Destination(
        "independent_unsupported",
        "Moved to independent living without support",
        "E6",
        "For example a bedsit, their own flat, or living with friends",
    ),
    Destination(
        "adult_care",
        "Moved to residential care paid for by adult social care",
        "E7",
        "Usually at 18, into a care home or supported living funded by adult services",
    ),
    Destination("custody", "Sentenced to custody", "E9", "A custodial sentence, not a remand"),
    Destination(
        "remand_ended",
        "Their remand to the council's accommodation ended",
        "E14",
        "For example, bail was granted or the case ended",
    ),
    Destination(
        "assessed_adult",
        "An age assessment found they are 18 or over",
        "E15",
        "The young person is no longer treated as a child",
    ),
    Destination(
        "another_council",
        "Another council took over their care",
        "E3",
        "The other council now looks after the child",
    ),
    Destination("abroad", "Moved abroad", "E16", "The child left England and is no longer looked after"),
    Destination("died", "Died", "E2", "The child died while looked after"),
    Destination(
        "other",
        "Left care for another reason",
        "E8",
        "Only when none of the answers above fits",
    ),
)
BY_KEY = {d.key: d for d in DESTINATIONS}


def end_reason_for(key: str) -> str | None:
    """The REC code for a plain answer, or None for an answer not in the list."""
    destination = BY_KEY.get(key)
    return destination.code if destination else None


def destination_for(code: str) -> Destination | None:
    """The first plain answer for a REC code (for a notification that came with a code)."""
    return next((d for d in DESTINATIONS if d.code == code), None)


def end_confirmation(key: str | None, code: str | None) -> str:
    """What happened, in the words of the answer ("Adopted"), for confirmations."""
    destination = BY_KEY.get(key or "") or destination_for(code or "")
    return destination.words if destination else ""
