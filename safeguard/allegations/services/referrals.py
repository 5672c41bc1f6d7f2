"""How a case arrives in writing or by phone: the public referral form (no account) and a phone consultation."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import SystemActor

from ..confidential import audit_event_record, outbox_email_enqueue
from ..models import THRESHOLD_CRITERIA, Category, EmploymentBasis, LadoCase, LadoChild, Sector
from .common import CaseInvalid, _alert_lado, _new_reference, initial_consideration_due

MAX_CHILDREN = 3
# Who acts when a referral comes through the public form: a person without an account.
PUBLIC_REFERRER = SystemActor("A referrer (the public LADO referral form)")


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
        actor=PUBLIC_REFERRER,
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
