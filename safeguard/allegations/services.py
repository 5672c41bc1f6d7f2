"""Writes for LADO cases: referral, e-mail and phone intake, triage, meetings, actions, closure.

Every service validates, writes its audit event in the same transaction, and queues e-mails through
the outbox in that transaction, so a referral is never lost once it is saved, even when the mail
service is down.
"""

import secrets
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import audit_event_record, changes_between, snapshot
from safeguard.core.errors import ServiceRefusal, TransitionRefused
from safeguard.core.outbox import outbox_email_enqueue
from safeguard.core.working_days import WORKDAY_END_HOUR, add_working_days
from safeguard.notifications.email_intake.message import EmailIntakeError, parse_message

from .models import (
    THRESHOLD_CRITERIA,
    Category,
    EmploymentBasis,
    LadoAction,
    LadoCase,
    LadoChild,
    LadoMeeting,
    LadoUpdate,
    Outcome,
    Sector,
)
from .retention import retention_for

__all__ = ["CaseInvalid", "EmailIntakeError"]

MAX_CHILDREN = 3
# An e-mailed referral is a letter, not an archive: refuse anything larger.
# An e-mailed referral's own Date: header is believed when it is at most this old.
EMAIL_DATE_TRUSTED_DAYS = 30
MAX_EMAIL_BYTES = 10 * 1024 * 1024


class CaseInvalid(ServiceRefusal):
    """Field-by-field problems; nothing was saved."""


def initial_consideration_due(received_at: datetime) -> datetime:
    """The end (17:00) of the next working day after receipt: the LADO considers within one working day.

    Received on a Friday before a bank-holiday Monday: due on the Tuesday. English bank holidays.
    """
    day = add_working_days(timezone.localtime(received_at).date(), 1)
    return timezone.make_aware(datetime.combine(day, time(WORKDAY_END_HOUR)))


def _new_reference(received_at: datetime) -> str:
    """LADO-<year>-<six random digits>: short, and says nothing about the case or how many there are."""
    year = timezone.localtime(received_at).year
    for _ in range(20):
        reference = f"LADO-{year}-{secrets.randbelow(1_000_000):06d}"
        if not LadoCase.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find a free LADO reference")


def _lado_team_email(host_council) -> str:
    team = host_council.teams.filter(kind="lado").exclude(email="").first()
    if team:
        return team.email
    contact = host_council.contacts.filter(purpose="lado").exclude(email="").first()
    return contact.email if contact else ""


def _alert_lado(case: LadoCase) -> None:
    """The LADO team hears that a referral arrived; its details stay in Safeguard."""
    address = _lado_team_email(case.host_council)
    if address:
        outbox_email_enqueue(
            to=address,
            subject=f"New LADO referral {case.reference}",
            body=f"A new referral, {case.reference}, arrived. Open Safeguard to read it: the initial "
            f"consideration is due by {timezone.localtime(case.initial_consideration_due_at):%-I:%M%p on %A %-d %B %Y}.",
            purpose="lado.alert",
            host_council=case.host_council,
        )


# What the public form asks, in order: field name, label (for the referrer's copy).
REFERRAL_TEXT_FIELDS = [
    ("referrer_name", "Your name"),
    ("referrer_role", "Your role"),
    ("referrer_organisation", "Your organisation"),
    ("referrer_email", "Your e-mail address"),
    ("referrer_phone", "Your phone number"),
    ("person_name", "Name of the person"),
    ("person_role", "Their role"),
    ("person_employer", "Their employer or organisation"),
    ("person_registration_body", "Registration body"),
    ("what_happened", "What happened"),
    ("where_it_happened", "Where it happened"),
    ("who_knows", "Who else knows"),
]
REQUIRED = {
    "referrer_name": "Enter your name",
    "referrer_organisation": "Enter the name of your organisation",
    "referrer_email": "Enter your e-mail address, so that we can send you a copy and contact you",
    "sector": "Select the sector the person works in",
    "person_name": "Enter the name of the person the allegation is about, or describe them if you do not know it",
    "person_role": "Enter the person's role, for example teaching assistant",
    "person_employer": "Enter the person's employer or the organisation they work or volunteer for",
    "employment_basis": "Select how the person works there",
    "what_happened": "Describe what happened",
    "where_it_happened": "Enter where it happened",
    "happened_on": "Enter the date it happened, or your best estimate",
    "category": "Select the kind of allegation",
    "restraint_involved": "Select whether restraint was involved",
}


def _check_referral(answers: dict, children: list[dict], *, today: date) -> dict[str, str]:
    errors = {}
    for name, message in REQUIRED.items():
        value = answers.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = message
    choices = {
        "sector": Sector.values,
        "category": Category.values,
        "employment_basis": EmploymentBasis.values,
    }
    for name, allowed in choices.items():
        if answers.get(name) and answers[name] not in allowed:
            errors[name] = REQUIRED[name]
    happened_on = answers.get("happened_on")
    if happened_on and happened_on > today:
        errors["happened_on"] = "The date it happened must be today or in the past"
    if not any(child.get("name", "").strip() for child in children):
        errors["child_1_name"] = "Enter the name of at least one child, or describe them (for example, Year 4 pupils)"
    for i, child in enumerate(children, start=1):
        dob = child.get("date_of_birth")
        if dob and dob > today:
            errors[f"child_{i}_date_of_birth"] = f"Child {i}'s date of birth must be in the past"
        if dob and not child.get("name", "").strip() and f"child_{i}_name" not in errors:
            errors[f"child_{i}_name"] = f"Enter child {i}'s name, or remove their date of birth"
    return errors


def _apply_answers(case: LadoCase, answers: dict) -> None:
    for name, _label in REFERRAL_TEXT_FIELDS:
        if name in answers:
            setattr(case, name, (answers.get(name) or "").strip())
    for name in ("sector", "employment_basis", "category"):
        if name in answers:
            setattr(case, name, answers.get(name) or "")
    for name in ("happened_on", "restraint_involved", "person_date_of_birth"):
        if name in answers:
            setattr(case, name, answers.get(name))
    for name, _label in THRESHOLD_CRITERIA:
        if name in answers:
            setattr(case, name, bool(answers.get(name)))
    for name in ("police_informed", "employer_informed", "ofsted_informed"):
        if name in answers:
            setattr(case, name, bool(answers.get(name)))


def _copy_for_referrer(case: LadoCase, children: list[dict]) -> str:
    """What the referrer typed, and nothing else, for their own records."""
    lines = [
        f"Thank you. Your referral to the LADO at {case.host_council.name} was received.",
        f"Reference: {case.reference}",
        f"Received: {timezone.localtime(case.received_at):%-d %B %Y at %H:%M}",
        "",
        "The LADO will consider it within one working day and may contact you. You cannot see the case "
        "afterwards: keep this copy. If a child is in immediate danger, call 999.",
        "",
        "What you told us",
        "----------------",
    ]
    for name, label in REFERRAL_TEXT_FIELDS:
        lines.append(f"{label}: {getattr(case, name) or '-'}")
    lines.append(f"Sector: {case.get_sector_display()}")
    lines.append(f"How they work there: {case.get_employment_basis_display()}")
    lines.append(f"Date it happened: {case.happened_on:%-d %B %Y}" if case.happened_on else "Date it happened: -")
    lines.append(f"Kind of allegation: {case.get_category_display()}")
    lines.append(f"Restraint involved: {'Yes' if case.restraint_involved else 'No'}")
    lines.append("Harm threshold: " + ("; ".join(case.thresholds) or "not sure"))
    lines.append("Already told: " + (", ".join(case.already_told) or "nobody yet"))
    for i, child in enumerate(children, start=1):
        dob = child.get("date_of_birth")
        lines.append(f"Child {i}: {child['name']}" + (f", born {dob:%-d %B %Y}" if dob else ""))
    return "\n".join(lines)


def _children_clean(children: list[dict]) -> list[dict]:
    return [
        {"name": c.get("name", "").strip(), "date_of_birth": c.get("date_of_birth")}
        for c in children[:MAX_CHILDREN]
        if c.get("name", "").strip()
    ]


@transaction.atomic
def lado_referral_submit(
    *,
    host_council,
    answers: dict,
    children: list[dict],
    received_at: datetime | None = None,
    suspected_automated: bool = False,
) -> LadoCase:
    """A referral through the public form (no account). Seed 000: referrals in writing to the LADO.

    Saved first; then, in the same transaction, the referrer's copy and the LADO's alert go to the
    outbox. The referrer gets a reference but cannot open the case. A referral whose hidden
    anti-spam field was filled is kept and flagged for the LADO, but nothing is e-mailed (a bot
    must not make the council send mail to addresses of its choosing).
    """
    received_at = received_at or timezone.now()
    errors = _check_referral(answers, children, today=timezone.localdate(received_at))
    if errors:
        raise CaseInvalid(errors)
    case = LadoCase(
        host_council=host_council,
        channel=LadoCase.Channel.WEB,
        received_at=received_at,
        initial_consideration_due_at=initial_consideration_due(received_at),
        reference=_new_reference(received_at),
        suspected_automated=suspected_automated,
    )
    _apply_answers(case, answers)
    case.summary = case.what_happened[:300]
    case.save()
    kept = _children_clean(children)
    LadoChild.objects.bulk_create(
        [LadoChild(case=case, name=c["name"], date_of_birth=c["date_of_birth"]) for c in kept]
    )
    audit_event_record(
        actor=None,
        action="lado_case.refer",
        target=case,
        host_council=host_council,
        changes={
            "channel": [None, case.channel],
            "status": [None, case.status],
            "suspected_automated": [None, suspected_automated],
        },
    )
    if suspected_automated:
        return case
    outbox_email_enqueue(
        to=case.referrer_email,
        subject=f"Your LADO referral {case.reference}",
        body=_copy_for_referrer(case, kept),
        purpose="lado.referrer_copy",
        host_council=host_council,
    )
    _alert_lado(case)
    return case


@transaction.atomic
def lado_email_record(*, actor, raw: bytes) -> LadoCase:
    """An e-mailed referral, recorded by the LADO team with the original message kept as it came.

    The sender, subject, date and text pre-fill the case; the LADO completes the rest. Raises
    EmailIntakeError (with a message for the LADO) when the file is not a readable e-mail message.
    """
    parsed = parse_message(raw, max_bytes=MAX_EMAIL_BYTES, read_documents=False)  # kept, not pre-filled from
    now = timezone.now()
    # The message's Date: header starts the clock only when it is plausible: not in the future and
    # not more than EMAIL_DATE_TRUSTED_DAYS old (a wrong or forged date must not make a case overdue).
    sent = parsed.received_at
    received_at = sent if sent and now - timedelta(days=EMAIL_DATE_TRUSTED_DAYS) <= sent <= now else now

    def clean(value: str) -> str:
        return (value or "").replace("\x00", "")

    text = clean(parsed.text).strip()
    sender, sender_name, subject = clean(parsed.sender), clean(parsed.sender_name), clean(parsed.subject)
    case = LadoCase(
        host_council=actor.host_council,
        channel=LadoCase.Channel.EMAIL,
        received_at=received_at,
        initial_consideration_due_at=initial_consideration_due(received_at),
        reference=_new_reference(received_at),
        referrer_name=sender_name[:200],
        referrer_email=sender[:254] if "@" in sender else "",
        email_sender=f"{sender_name} <{sender}>"[:300] if sender_name else sender[:300],
        email_subject=subject[:500],
        email_attachments=[
            {"filename": clean(a.filename), "content_type": clean(a.content_type), "size": a.size}
            for a in parsed.attachments
        ],
        what_happened=text[:20000],
        summary=(subject or text)[:300],
    )
    case.save()
    # The file after the row: a refused row leaves no personal data on disk.
    case.original_message.save(f"{case.reference}.eml", ContentFile(raw), save=True)
    audit_event_record(
        actor=actor,
        action="lado_case.email_record",
        target=case,
        host_council=case.host_council,
        changes={"channel": [None, case.channel], "attachments": [None, len(parsed.attachments)]},
    )
    return case


@transaction.atomic
def lado_consultation_record(
    *,
    actor,
    caller_name: str,
    caller_organisation: str,
    caller_phone: str = "",
    sector: str,
    category: str = "",
    person_role: str = "",
    summary: str,
    advice_given: str,
    received_at: datetime | None = None,
) -> LadoCase:
    """A phone consultation (seed 000: 01582 548069): advice given, threshold not met, so closed as such."""
    now = timezone.now()
    received_at = received_at or now
    errors = {}
    if not caller_name.strip():
        errors["caller_name"] = "Enter the caller's name"
    if not caller_organisation.strip():
        errors["caller_organisation"] = "Enter the caller's organisation"
    if sector not in Sector.values:
        errors["sector"] = "Select the sector the person works in"
    if category and category not in Category.values:
        errors["category"] = "Select the kind of concern"
    if not summary.strip():
        errors["summary"] = "Summarise what the caller told you"
    if not advice_given.strip():
        errors["advice_given"] = "Enter the advice you gave"
    if received_at > now:
        errors["received_at"] = "The date of the call must be today or in the past"
    if errors:
        raise CaseInvalid(errors)
    case = LadoCase.objects.create(
        host_council=actor.host_council,
        channel=LadoCase.Channel.PHONE,
        received_at=received_at,
        initial_consideration_due_at=initial_consideration_due(received_at),
        initial_consideration_at=received_at,
        considered_by=actor,
        reference=_new_reference(received_at),
        status=LadoCase.Status.CONSULTATION,
        referrer_name=caller_name.strip(),
        referrer_organisation=caller_organisation.strip(),
        referrer_phone=caller_phone.strip(),
        sector=sector,
        category=category,
        person_role=person_role.strip(),
        what_happened=summary.strip(),
        summary=summary.strip()[:300],
        advice_given=advice_given.strip(),
    )
    audit_event_record(
        actor=actor,
        action="lado_case.consultation_record",
        target=case,
        host_council=case.host_council,
        changes={"channel": [None, case.channel], "status": [None, case.status]},
    )
    return case


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
def lado_case_update_details(*, actor, case: LadoCase, answers: dict) -> LadoCase:
    """The LADO completes or corrects the facts (an e-mailed referral is pre-filled, never complete)."""
    case = LadoCase.objects.select_for_update().get(pk=case.pk)
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


TRIAGE_DECISIONS = (LadoCase.Status.CONSULTATION, LadoCase.Status.REFERRAL)
OPEN_REFERRALS_ONLY = "Meetings, actions and closure are for open referrals: consider the case first"


def _transition_check(case: LadoCase, to: str, *, field: str, message: str) -> None:
    """Refuse (TransitionRefused, its message on `field`) unless `LadoCase.TRANSITIONS` lets the case move to `to`."""
    try:
        LadoCase.TRANSITIONS.check(case.status, to, noun="case", message=message)
    except TransitionRefused as refused:
        refused.errors = {field: refused.errors["__all__"]}
        raise


def _transition(case: LadoCase, to: str, *, field: str, message: str) -> None:
    """The one place a case's status changes: checked against `LadoCase.TRANSITIONS`, saved by the caller."""
    _transition_check(case, to, field=field, message=message)
    case.status = to


def _require_open_referral(case: LadoCase, field: str) -> None:
    """Meetings and actions belong to a referral still open: one that may yet be closed."""
    if not LadoCase.TRANSITIONS.may(case.status, LadoCase.Status.CLOSED):
        raise CaseInvalid({field: OPEN_REFERRALS_ONLY})


@transaction.atomic
def lado_meeting_record(
    *, actor, case: LadoCase, kind: str, held_on: date | None, attendees: str, decisions: str
) -> LadoMeeting:
    """An evaluation or strategy meeting: date, who attended, what was decided."""
    case = LadoCase.objects.select_for_update().get(pk=case.pk)
    _require_open_referral(case, "kind")
    errors = {}
    if kind not in LadoMeeting.Kind.values:
        errors["kind"] = "Select the kind of meeting"
    if held_on is None:
        errors["held_on"] = "Enter the date of the meeting"
    elif held_on > timezone.localdate():
        errors["held_on"] = "The date of the meeting must be today or in the past: record it once it is held"
    elif held_on < timezone.localdate(case.received_at):
        errors["held_on"] = "The meeting cannot be before the case was received"
    if not attendees.strip():
        errors["attendees"] = "Enter who attended"
    if not decisions.strip():
        errors["decisions"] = "Enter what was decided"
    if errors:
        raise CaseInvalid(errors)
    meeting = LadoMeeting.objects.create(
        case=case,
        kind=kind,
        held_on=held_on,
        attendees=attendees.strip(),
        decisions=decisions.strip(),
        recorded_by=actor,
    )
    audit_event_record(
        actor=actor,
        action="lado_meeting.record",
        target=meeting,
        host_council=case.host_council,
        changes={"kind": [None, kind], "held_on": [None, held_on]},
    )
    return meeting


@transaction.atomic
def lado_action_add(
    *, actor, case: LadoCase, kind: str, owner: str, due_on: date | None, description: str = ""
) -> LadoAction:
    """An action with an owner and a due date: police, employer, regulator, DBS, suspension."""
    case = LadoCase.objects.select_for_update().get(pk=case.pk)
    _require_open_referral(case, "kind")
    errors = {}
    if kind not in LadoAction.Kind.values:
        errors["kind"] = "Select the kind of action"
    if not owner.strip():
        errors["owner"] = "Enter who owns the action"
    if due_on is None:
        errors["due_on"] = "Enter the due date"
    elif due_on < timezone.localdate(case.received_at):
        errors["due_on"] = "The due date cannot be before the case was received"
    if kind == LadoAction.Kind.OTHER and not description.strip():
        errors["description"] = "Describe the action"
    if errors:
        raise CaseInvalid(errors)
    action = LadoAction.objects.create(
        case=case, kind=kind, owner=owner.strip(), due_on=due_on, description=description.strip(), recorded_by=actor
    )
    audit_event_record(
        actor=actor,
        action="lado_action.add",
        target=action,
        host_council=case.host_council,
        changes={"kind": [None, kind], "due_on": [None, due_on]},
    )
    return action


@transaction.atomic
def lado_action_complete(*, actor, action: LadoAction, done_on: date | None = None) -> LadoAction:
    action = LadoAction.objects.select_for_update().select_related("case__host_council").get(pk=action.pk)
    done_on = done_on or timezone.localdate()
    if action.done_on is not None:
        raise CaseInvalid({"done_on": "This action is already done"})
    if done_on > timezone.localdate():
        raise CaseInvalid({"done_on": "The date must be today or in the past"})
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    audit_event_record(
        actor=actor,
        action="lado_action.complete",
        target=action,
        host_council=action.case.host_council,
        changes={"done_on": [None, done_on]},
    )
    return action


@transaction.atomic
def lado_update_add(*, actor, case: LadoCase, text: str, at: datetime | None = None) -> LadoUpdate:
    """A dated note on the case. Updates are only ever added."""
    if not text.strip():
        raise CaseInvalid({"text": "Enter the update"})
    update = LadoUpdate.objects.create(
        case=case, text=text.strip(), recorded_by=actor, recorded_at=at or timezone.now()
    )
    audit_event_record(actor=actor, action="lado_update.add", target=update, host_council=case.host_council)
    return update


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


__all__ += [
    "EmailIntakeError",
    "initial_consideration_due",
    "lado_action_add",
    "lado_action_complete",
    "lado_case_close",
    "lado_case_triage",
    "lado_case_update_details",
    "lado_child_link",
    "lado_consultation_record",
    "lado_email_record",
    "lado_meeting_record",
    "lado_referral_submit",
    "lado_update_add",
]
