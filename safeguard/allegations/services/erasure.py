"""Erasing a LADO case at its retention date, to a tombstone for the annual figures.

Keeping Children Safe in Education (part 4): records of an allegation are kept until the person's
normal pension age or for 10 years from the allegation, whichever is longer (`retention.py`); after
that the council's records policy erases them (UK GDPR art. 5(1)(e), storage limitation).
"""

from django.db import transaction
from django.utils import timezone

from safeguard.core.jinja2 import format_date

from ..confidential import audit_event_record
from ..models import LadoCase, LadoEmail
from .common import CaseInvalid, _transition, _transition_check

# Personal details and what was said: blanked. What stays is the tombstone: the reference, the dates
# (received, considered, happened, closed, retention), how it came, the sector, the category, the
# thresholds met, who had been told, the outcome and whether the DBS was told, for the annual figures.
ERASED_TEXT = (
    "summary",
    "referrer_name",
    "referrer_role",
    "referrer_organisation",
    "referrer_email",
    "referrer_phone",
    "person_name",
    "person_role",
    "person_employer",
    "person_registration_body",
    "what_happened",
    "where_it_happened",
    "who_knows",
    "advice_given",
    "triage_reason",
    "closure_notes",
    "email_sender",
    "email_subject",
)
ERASED_RECORDS = ("children", "meetings", "actions", "updates")

NOT_YET = "This case cannot be erased before its retention date, {date}"
CONFIRM = "Confirm that you understand the case will be erased and cannot be restored"


@transaction.atomic
def lado_case_erase(*, actor, case: LadoCase, confirmed: bool) -> LadoCase:
    """Erase a closed case whose retention date has come: personal details, the e-mailed original and
    its list of attachments, the children named, meetings, actions and updates. Cannot be undone.

    Refused before the retention date (on `confirmed`, the confirmation page's one field), unless the
    LADO confirms, or when the case is not closed (`LadoCase.TRANSITIONS`: only closed → erased).
    The audit event (confidential) names what was erased, never its values.
    """
    case = LadoCase.objects.select_for_update().get(pk=case.pk)
    message = "Only a closed case can be erased, at its retention date"
    _transition_check(case, LadoCase.Status.ERASED, field="confirmed", message=message)
    today = timezone.localdate()
    if case.retention_review_on is None or case.retention_review_on > today:
        when = format_date(case.retention_review_on) if case.retention_review_on else "which is not set"
        raise CaseInvalid({"confirmed": NOT_YET.format(date=when)})
    if not confirmed:
        raise CaseInvalid({"confirmed": CONFIRM})
    return _erase(actor=actor, case=case, message=message)


@transaction.atomic
def lado_case_dispose(*, actor, case_id: int) -> bool:
    """Erase a closed case that records management's review has found due under the council's
    retention schedule (docs/adr/0041): the same erasure as `lado_case_erase`, the date being the
    schedule's (by outcome) and the decision the LADO's on the review list, or the timed rule's where
    the council chose automatic disposal. False when the case is already erased."""
    case = LadoCase.objects.select_for_update().filter(pk=case_id).first()
    if case is None or case.status == LadoCase.Status.ERASED:
        return False
    message = "Only a closed case can be erased, at its retention date"
    _transition_check(case, LadoCase.Status.ERASED, field="confirmed", message=message)
    _erase(actor=actor, case=case, message=message)
    return True


def _erase(*, actor, case: LadoCase, message: str) -> LadoCase:
    erased = {name: f"{len(getattr(case, name))} characters" for name in ERASED_TEXT if getattr(case, name)}
    for name in ERASED_TEXT:
        setattr(case, name, "")
    if case.person_date_of_birth:
        erased["person_date_of_birth"] = "a date"
    case.person_date_of_birth = None
    if case.email_attachments:
        erased["email_attachments"] = f"{len(case.email_attachments)} listed"
    case.email_attachments = []
    if case.original_message:
        erased["original_message"] = "the stored e-mail"
        storage, name = case.original_message.storage, case.original_message.name
        # The file goes once the erasure has committed, so a rolled-back erasure keeps it.
        transaction.on_commit(lambda: storage.delete(name))
        case.original_message = ""
    # The e-mail the case was accepted from: its pre-filled draft holds what the message said.
    from_email = LadoEmail.objects.filter(case=case).first()
    if from_email is not None:
        from_email.delete()
        erased["from_email"] = "the e-mail checked, and its draft"
    for relation in ERASED_RECORDS:
        count, _ = getattr(case, relation).all().delete()
        if count:
            erased[relation] = f"{count} deleted"
    _transition(case, LadoCase.Status.ERASED, field="confirmed", message=message)
    case.erased_at = timezone.now()
    case.save()
    audit_event_record(
        actor=actor,
        action="lado_case.erase",
        target=case,
        host_council=case.host_council,
        changes={"status": [LadoCase.Status.CLOSED, LadoCase.Status.ERASED], "erased": [None, erased]},
    )
    return case
