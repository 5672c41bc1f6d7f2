"""The case itself: its details, the initial consideration, updates, linked children, closure and retention."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import changes_between, snapshot
from safeguard.core.edits import edit_conflict_check

from ..confidential import audit_event_record
from ..models import THRESHOLD_CRITERIA, LadoCase, LadoChild, LadoUpdate, Outcome
from ..retention import retention_for
from .common import OPEN_REFERRALS_ONLY, TRIAGE_DECISIONS, CaseInvalid, _transition, _transition_check
from .referrals import REFERRAL_TEXT_FIELDS, _apply_answers

EDITABLE = (
    [name for name, _ in REFERRAL_TEXT_FIELDS]
    + [
        "sector",
        "employment_basis",
        "category",
        "happened_on",
        "restraint_involved",
        "person_date_of_birth",
        "police_informed",
        "employer_informed",
        "ofsted_informed",
    ]
    + [name for name, _ in THRESHOLD_CRITERIA]
)


@transaction.atomic
def lado_case_update_details(*, actor, case: LadoCase, answers: dict, opened: str | None = None) -> LadoCase:
    """The LADO completes or corrects the facts (an e-mailed referral is pre-filled, never complete).
    Refused (EditConflict) when another LADO changed the case since the form was opened at `opened`."""
    case = LadoCase.objects.select_for_update().get(pk=case.pk)
    edit_conflict_check(anchor=case, opened=opened, noun="case")
    _refuse_erased(case, "__all__")
    today = timezone.localdate()
    errors = {}
    if answers.get("happened_on") and answers["happened_on"] > today:
        errors["happened_on"] = "The date it happened must be today or in the past"
    if answers.get("person_date_of_birth") and answers["person_date_of_birth"] >= today:
        errors["person_date_of_birth"] = "The person's date of birth must be in the past"
    if errors:
        raise CaseInvalid(errors)
    before = snapshot(case, EDITABLE)
    _apply_answers(case, {k: v for k, v in answers.items() if k in EDITABLE})
    if case.what_happened and not case.summary:
        case.summary = case.what_happened[:300]
    if case.status == LadoCase.Status.CLOSED:
        _set_retention(case)
    case.save()
    audit_event_record(
        actor=actor,
        action="lado_case.update",
        target=case,
        host_council=case.host_council,
        changes=changes_between(before, snapshot(case, EDITABLE)),
    )
    return case


@transaction.atomic
def lado_case_triage(
    *, actor, case: LadoCase, decision: str, reason: str = "", advice_given: str = "", at: datetime | None = None
) -> LadoCase:
    """Initial consideration: a consultation (threshold not met, advice given) or a referral (met)."""
    case = LadoCase.objects.select_for_update().get(pk=case.pk)
    at = at or timezone.now()
    errors = {}
    if decision not in TRIAGE_DECISIONS:
        errors["decision"] = "Select whether the harm threshold is met"
    else:
        _transition_check(case, decision, field="decision", message="This case has already been considered")
    if decision == LadoCase.Status.CONSULTATION and not advice_given.strip():
        errors["advice_given"] = "Enter the advice given, as the threshold is not met"
    if decision == LadoCase.Status.REFERRAL and not reason.strip():
        errors["reason"] = "Enter why the harm threshold is met"
    if at > timezone.now():
        errors["decision"] = "The initial consideration cannot be in the future"
    if errors:
        raise CaseInvalid(errors)
    before = case.status
    _transition(case, decision, field="decision", message="This case has already been considered")
    case.initial_consideration_at = at
    case.considered_by = actor
    case.triage_reason = reason.strip()
    case.advice_given = advice_given.strip()
    case.save()
    audit_event_record(
        actor=actor,
        action="lado_case.triage",
        target=case,
        host_council=case.host_council,
        changes={
            "status": [before, decision],
            "on_time": [None, at <= case.initial_consideration_due_at],
        },
    )
    return case


@transaction.atomic
def lado_update_add(*, actor, case: LadoCase, text: str, at: datetime | None = None) -> LadoUpdate:
    """A dated note on the case. Updates are only ever added."""
    _refuse_erased(case, "text")
    if not text.strip():
        raise CaseInvalid({"text": "Enter the update"})
    update = LadoUpdate.objects.create(
        case=case, text=text.strip(), recorded_by=actor, recorded_at=at or timezone.now()
    )
    audit_event_record(actor=actor, action="lado_update.add", target=update, host_council=case.host_council)
    return update


ERASED_REFUSAL = "This case was erased at its retention date: nothing can be added to it or changed"


def _refuse_erased(case: LadoCase, field: str) -> None:
    """An erased case is a tombstone for the figures: it takes no more details (issue 11)."""
    if case.status == LadoCase.Status.ERASED:
        raise CaseInvalid({field: ERASED_REFUSAL})


def _set_retention(case: LadoCase) -> None:
    # KCSIE part 4: "10 years from the date of the allegation": the date it was made, not of the events.
    allegation_on = timezone.localdate(case.received_at)
    retention = retention_for(allegation_on=allegation_on, date_of_birth=case.person_date_of_birth)
    case.retention_review_on, case.retention_basis = retention.review_on, retention.basis
    # KCSIE part 4: false and malicious allegations are removed from personnel records unless the person consents.
    case.remove_from_personnel_record = case.outcome in (Outcome.FALSE, Outcome.MALICIOUS) and not (
        case.personnel_record_consent
    )


@transaction.atomic
def lado_case_close(
    *,
    actor,
    case: LadoCase,
    outcome: str,
    dbs_referral_made: bool | None,
    closed_on: date | None = None,
    notes: str = "",
    person_date_of_birth: date | None = None,
    personnel_record_consent: bool = False,
) -> LadoCase:
    """Close a referral with one of the five outcomes (KCSIE part 4) and set its retention review date.

    Kept until the person's State Pension age or 10 years from the allegation, whichever is later.
    """
    case = LadoCase.objects.select_for_update().get(pk=case.pk)
    _transition_check(case, LadoCase.Status.CLOSED, field="outcome", message=OPEN_REFERRALS_ONLY)
    closed_on = closed_on or timezone.localdate()
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Select the outcome"
    if dbs_referral_made is None:
        errors["dbs_referral_made"] = "Select whether a referral to the DBS was made"
    if closed_on > timezone.localdate():
        errors["closed_on"] = "The date of closure must be today or in the past"
    elif closed_on < timezone.localdate(case.received_at):
        errors["closed_on"] = "The date of closure cannot be before the case was received"
    if person_date_of_birth and person_date_of_birth >= timezone.localdate():
        errors["person_date_of_birth"] = "The person's date of birth must be in the past"
    open_actions = case.actions.filter(done_on__isnull=True).count()
    if open_actions and "outcome" not in errors:
        errors["outcome"] = (
            f"{open_actions} {'action is' if open_actions == 1 else 'actions are'} not done yet: "
            "mark them done before closing the case"
        )
    if errors:
        raise CaseInvalid(errors)
    before = case.status
    _transition(case, LadoCase.Status.CLOSED, field="outcome", message=OPEN_REFERRALS_ONLY)
    case.outcome, case.dbs_referral_made, case.closed_on = outcome, dbs_referral_made, closed_on
    case.closure_notes = notes.strip()
    if person_date_of_birth:
        case.person_date_of_birth = person_date_of_birth
    case.personnel_record_consent = personnel_record_consent
    _set_retention(case)
    case.save()
    audit_event_record(
        actor=actor,
        action="lado_case.close",
        target=case,
        host_council=case.host_council,
        changes={
            "status": [before, case.status],
            "outcome": [None, outcome],
            "dbs_referral_made": [None, dbs_referral_made],
            "retention_review_on": [None, case.retention_review_on],
        },
    )
    return case


@transaction.atomic
def lado_child_link(*, actor, lado_child: LadoChild, register_child) -> LadoChild:
    """Link a child named in a referral to the register child placed in the borough (same host council)."""
    lado_child = LadoChild.objects.select_for_update().select_related("case").get(pk=lado_child.pk)
    if register_child is not None and register_child.host_council_id != lado_child.case.host_council_id:
        raise CaseInvalid({"child": "That child is not on your council's register"})
    before = lado_child.register_child_id
    lado_child.register_child = register_child
    lado_child.save(update_fields=["register_child"])
    audit_event_record(
        actor=actor,
        action="lado_child.link",
        target=lado_child,
        host_council=lado_child.case.host_council,
        changes={"register_child": [before, register_child.pk if register_child else None]},
    )
    return lado_child
