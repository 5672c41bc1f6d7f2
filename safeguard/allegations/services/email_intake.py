"""E-mailed referrals: a message to the LADO's mailbox (read from its maildir by `read_lado_mailbox`,
or uploaded by the LADO team as an .eml file) becomes a draft referral, pre-filled from the referral
form's headings in its text, for the LADO to check beside the message and accept as a case or reject
as not a referral (docs/adr/0023). The message is kept whole, attachments and all, whatever it holds.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.notifications.email_intake.message import EmailIntakeError, parse_message

from ..confidential import audit_event_record
from ..email_referral import read_referral
from ..models import LadoCase, LadoChild, LadoEmail
from .common import CaseInvalid, _new_reference, initial_consideration_due
from .referrals import MAX_CHILDREN, _apply_answers

# An e-mailed referral's own Date: header is believed when it is at most this old.
EMAIL_DATE_TRUSTED_DAYS = 30
# An e-mailed referral is a letter, not an archive: larger messages are kept but not read.
MAX_EMAIL_BYTES = 10 * 1024 * 1024

# What the LADO must have before a message becomes a case: someone to go back to, who the allegation
# is about and where they work, what happened and the child or children (named or described).
ACCEPT_REQUIRED = {
    "referrer_name": "Enter the referrer's name",
    "person_name": "Enter the name of the person the allegation is about, or describe them",
    "person_employer": "Enter the person's employer or the organisation they work or volunteer for",
    "what_happened": "Describe what happened",
}
NO_CHILD = "Enter the name of at least one child, or describe them (for example, Year 4 pupils)"
NO_CONTACT = "Enter the referrer's e-mail address or phone number, so that you can contact them"
AUTOMATIC = ("An automatic reply", "A delivery report or read receipt")


def _clean(value: str) -> str:
    return (value or "").replace("\x00", "")


@transaction.atomic
def lado_email_receive(*, actor, raw: bytes, host_council) -> LadoEmail:
    """Keep an e-mail sent to the LADO and pre-fill a draft referral from it, for the LADO to check.

    Nothing is refused: a message that cannot be read is kept with why, for the LADO to open and
    decide on (nothing sent to the LADO is lost). The message's Date: header starts the clock only
    when it is plausible (not in the future, at most EMAIL_DATE_TRUSTED_DAYS old).
    """
    now = timezone.now()
    email = LadoEmail(host_council=host_council, received_at=now)
    try:
        parsed = parse_message(raw, max_bytes=MAX_EMAIL_BYTES, read_documents=False)
    except EmailIntakeError as problem:
        email.not_referral_hint = f"The message could not be read: {problem}"[:300]
        email.email_subject = "(a message that could not be read)"
        found: list[str] = []
    else:
        sent = parsed.received_at
        if sent and now - timedelta(days=EMAIL_DATE_TRUSTED_DAYS) <= sent <= now:
            email.received_at = sent
        sender, sender_name = _clean(parsed.sender), _clean(parsed.sender_name)
        email.email_sender = (f"{sender_name} <{sender}>" if sender_name else sender)[:300]
        email.email_subject = _clean(parsed.subject)[:500]
        email.email_attachments = [
            {"filename": _clean(a.filename), "content_type": _clean(a.content_type), "size": a.size}
            for a in parsed.attachments
        ]
        text = _clean(parsed.text)
        prefill = read_referral(text, sender=sender, sender_name=sender_name)
        if not prefill.found and text.strip():
            # No heading of the referral form: the whole text is what happened, for the LADO to sort.
            prefill.answers["what_happened"] = text.strip()[:10000]
        email.prefill = prefill.to_json()
        found = prefill.found
        if parsed.correspondence.startswith(AUTOMATIC) and not prefill.found:
            email.not_referral_hint = parsed.correspondence[:300]
    email.save()
    # The file after the row: a refused row leaves no personal data on disk.
    email.original_message.save(f"lado-email-{email.pk}.eml", ContentFile(raw), save=True)
    audit_event_record(
        actor=actor,
        action="lado_email.receive",
        target=email,
        host_council=host_council,
        changes={
            "attachments": [None, len(email.email_attachments)],
            "fields_found": [None, found],
            "readable": [None, not email.not_referral_hint.startswith("The message could not be read")],
        },
    )
    return email


@dataclass
class EmailDraft:
    """A draft's answers and children as the check page's form wants them (dates as dates)."""

    answers: dict
    children: list[dict]
    problems: dict[str, str]


def lado_email_draft(email: LadoEmail) -> EmailDraft:
    """The pre-fill stored with the e-mail, typed again (dates from ISO strings)."""
    prefill = email.prefill or {}
    answers = dict(prefill.get("answers", {}))
    for name in ("happened_on", "person_date_of_birth"):
        if answers.get(name):
            answers[name] = date.fromisoformat(answers[name])
    children = [
        {
            "name": child.get("name", ""),
            "date_of_birth": date.fromisoformat(child["date_of_birth"]) if child.get("date_of_birth") else None,
        }
        for child in prefill.get("children", [])
    ]
    return EmailDraft(answers=answers, children=children, problems=dict(prefill.get("problems", {})))


def lado_email_problems(answers: dict, children: list[dict], *, today: date | None = None) -> dict[str, str]:
    """What stops the answers becoming a case, by field: the check page shows them from the start."""
    today = today or timezone.localdate()
    errors = {}
    for name, message in ACCEPT_REQUIRED.items():
        if not str(answers.get(name) or "").strip():
            errors[name] = message
    if not (str(answers.get("referrer_email") or "").strip() or str(answers.get("referrer_phone") or "").strip()):
        errors["referrer_email"] = NO_CONTACT
    if answers.get("happened_on") and answers["happened_on"] > today:
        errors["happened_on"] = "The date it happened must be today or in the past"
    if answers.get("person_date_of_birth") and answers["person_date_of_birth"] >= today:
        errors["person_date_of_birth"] = "The person's date of birth must be in the past"
    for i, child in enumerate(children[:MAX_CHILDREN], start=1):
        dob = child.get("date_of_birth")
        if dob and dob > today:
            errors[f"child_{i}_date_of_birth"] = f"Child {i}'s date of birth must be in the past"
        if dob and not str(child.get("name") or "").strip():
            errors[f"child_{i}_name"] = f"Enter child {i}'s name, or remove their date of birth"
    if not any(str(child.get("name") or "").strip() for child in children):
        errors.setdefault("child_1_name", NO_CHILD)
    return errors


def _decide(email: LadoEmail, to: str, *, field: str) -> LadoEmail:
    email = LadoEmail.objects.select_for_update().get(pk=email.pk)
    LadoEmail.TRANSITIONS.check(
        email.status, to, noun="e-mail", message="This e-mail has already been accepted or rejected", field=field
    )
    return email


@transaction.atomic
def lado_email_accept(*, actor, email: LadoEmail, answers: dict, children: list[dict]) -> LadoCase:
    """The LADO has checked the draft beside the message: it becomes a case, received when the e-mail
    was (the one-working-day clock runs from then), with the original message and its attachments.

    Refused, field by field, while a required answer is missing (ACCEPT_REQUIRED) or a date is wrong;
    refused once the e-mail has been accepted or rejected (`LadoEmail.TRANSITIONS`).
    """
    email = _decide(email, LadoEmail.Status.ACCEPTED, field="__all__")
    errors = lado_email_problems(answers, children)
    if errors:
        raise CaseInvalid(errors)
    case = LadoCase(
        host_council=email.host_council,
        channel=LadoCase.Channel.EMAIL,
        received_at=email.received_at,
        initial_consideration_due_at=initial_consideration_due(email.received_at),
        reference=_new_reference(email.received_at),
        email_sender=email.email_sender,
        email_subject=email.email_subject,
        email_attachments=email.email_attachments,
    )
    _apply_answers(case, answers)
    case.summary = (email.email_subject or case.what_happened)[:300]
    # The same stored file: one copy of the message, erased with the case (services.erasure).
    case.original_message.name = email.original_message.name
    case.save()
    named = [c for c in children[:MAX_CHILDREN] if str(c.get("name") or "").strip()]
    LadoChild.objects.bulk_create(
        LadoChild(case=case, name=c["name"].strip()[:200], date_of_birth=c.get("date_of_birth")) for c in named
    )
    drafted = lado_email_draft(email)
    corrected = sorted(
        name
        for name, value in answers.items()
        if (value or None) != (drafted.answers.get(name) or None) and not isinstance(value, bool)
    )
    email.status, email.case = LadoEmail.Status.ACCEPTED, case
    email.decided_by, email.decided_at = actor, timezone.now()
    email.save(update_fields=["status", "case", "decided_by", "decided_at"])
    audit_event_record(
        actor=actor,
        action="lado_email.accept",
        target=email,
        host_council=email.host_council,
        changes={
            "status": [LadoEmail.Status.TO_CHECK, LadoEmail.Status.ACCEPTED],
            "case": [None, case.reference],
            "fields_corrected": [None, corrected],
            "children": [None, len(named)],
        },
    )
    return case


@transaction.atomic
def lado_email_reject(*, actor, email: LadoEmail, reason: str) -> LadoEmail:
    """Not a referral (an out-of-office reply, a question, a message for someone else): kept with why,
    so that it can be found again; no case is made."""
    email = _decide(email, LadoEmail.Status.REJECTED, field="reason")
    reason = (reason or "").strip()
    if not reason:
        raise CaseInvalid({"reason": "Enter why this e-mail is not a referral"})
    email.status, email.rejection_reason = LadoEmail.Status.REJECTED, reason[:2000]
    email.decided_by, email.decided_at = actor, timezone.now()
    email.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    audit_event_record(
        actor=actor,
        action="lado_email.reject",
        target=email,
        host_council=email.host_council,
        changes={"status": [LadoEmail.Status.TO_CHECK, LadoEmail.Status.REJECTED]},
    )
    return email
