"""LADO cases under the council's retention schedule (docs/adr/0041): one class of record per KCSIE
outcome, each with the council's own period (100 years from the person's date of birth, 10 years
from closure, or KCSIE's later of State Pension age and 10 years from the allegation). Records
management lists a closed case for the LADO's review when its date comes; disposal is the case's
erasure to a tombstone (`services.erasure`), so the annual figures stay whole."""

from django.utils import timezone

from safeguard.records.registry import Candidate, RecordSource
from safeguard.records.schedule import RecordClass

from .models import LadoCase, LadoChild, Outcome
from .services.erasure import lado_case_dispose

CASE_TYPE = LadoCase._meta.label_lower
CLASS_OF_OUTCOME = {
    Outcome.SUBSTANTIATED: RecordClass.LADO_SUBSTANTIATED,
    Outcome.UNSUBSTANTIATED: RecordClass.LADO_UNSUBSTANTIATED,
    Outcome.FALSE: RecordClass.LADO_FALSE,
    Outcome.UNFOUNDED: RecordClass.LADO_UNFOUNDED,
    Outcome.MALICIOUS: RecordClass.LADO_MALICIOUS,
}


def _candidates_of(outcome: str):
    def candidates(host_council):
        cases = (
            LadoCase.objects.filter(host_council=host_council, status=LadoCase.Status.CLOSED, outcome=outcome)
            .values("pk", "reference", "received_at", "closed_on", "person_date_of_birth")
            .order_by("pk")
        )
        for case in cases.iterator(chunk_size=2000):
            yield Candidate(
                object_type=CASE_TYPE,
                object_id=str(case["pk"]),
                reference=case["reference"],
                child_reference="",
                # KCSIE: "10 years from the date of the allegation": the date it was made.
                dates={
                    "creation": timezone.localdate(case["received_at"]),
                    "closure": case["closed_on"],
                    "last_contact": case["closed_on"],
                    "date_of_birth": case["person_date_of_birth"],
                },
                date_of_birth=case["person_date_of_birth"],
                outcome_category=outcome,
            )

    return candidates


def _dispose(object_id: str, *, actor) -> bool:
    return lado_case_dispose(actor=actor, case_id=int(object_id))


def children_named_in_cases(child_ids) -> set[int]:
    """Register children a LADO case (open or closed, not yet erased) names: their entry is kept while it is."""
    return set(LadoChild.objects.filter(register_child_id__in=child_ids).values_list("register_child_id", flat=True))


LADO_SOURCES = [
    RecordSource(record_class=record_class, candidates=_candidates_of(outcome), dispose=_dispose)
    for outcome, record_class in CLASS_OF_OUTCOME.items()
]
