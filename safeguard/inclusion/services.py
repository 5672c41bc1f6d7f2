"""Every write of the children missing education register and the schools' returns. Keyword-only,
attributed, audited in the same transaction; e-mails through the outbox after commit.

The register's workflow is `CmeCase.TRANSITIONS`; `_transition` checks it and adds a history row.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Organisation, Team
from safeguard.core.audit import SystemActor, audit_event_record
from safeguard.core.errors import ServiceRefusal
from safeguard.core.outbox import outbox_email_enqueue
from safeguard.education.models import School
from safeguard.notifications.matching import SAME_CHILD_SCORE, child_match
from safeguard.reference.selectors import team_email
from safeguard.register.models import Child
from safeguard.register.selectors import current_placement_of

from .models import CLOCK_GROUNDS, CmeCase, CmeEnquiry, CmeStatusChange, DeletionGround, SchoolReturn

# Who acts when a member of the public or another agency refers without signing in.
PUBLIC_REFERRER = SystemActor("Someone not signed in (the children missing education referral form)")

# A deletion on these grounds is not a child missing education: no case opens (the council still has the
# return). Home education opens an EHE record instead.
# Nor are those where the child's education is known: still on another school's roll (c), named by the
# council's amended school attendance order (d), or arranged otherwise when the order was revoked (e).
NO_CASE_GROUNDS = frozenset(
    {
        DeletionGround.DIED,
        DeletionGround.CEASED_SCHOOL_AGE,
        DeletionGround.CUSTODY,
        DeletionGround.HOME_EDUCATION,
        DeletionGround.DUAL_REGISTRATION_ENDED,
        DeletionGround.ATTENDANCE_ORDER_AMENDED,
        DeletionGround.ATTENDANCE_ORDER_REVOKED,
    }
)
RETURN_FACTS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "upn",
    "address",
    "postcode",
    "parents",
    "parent_phone",
    "ground",
    "deleted_on",
    "absent_since",
    "new_school",
    "new_address",
    "admitted_on",
    "previous_school",
)
TEXT_LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "upn": 13,
    "postcode": 10,
    "parent_phone": 40,
    "new_school": 200,
    "previous_school": 200,
}


class ReturnInvalid(ServiceRefusal):
    """A school's return refused, field by field; nothing was saved."""


class CaseInvalid(ServiceRefusal):
    """A change to a CME case refused, field by field; nothing was saved."""


def case_link(case: CmeCase) -> str:
    return f"{settings.SAFEGUARD_BASE_URL}{reverse('inclusion:cme_case_detail', args=[case.pk])}"


# --- checks shared by the form, the CSV and the API ------------------------------------------------------


def return_problems(kind: str, values: dict, *, today: date) -> dict[str, str]:
    """What is wrong with a return's facts ({field: message}); one rule for every way in."""
    errors: dict[str, str] = {}
    if kind not in SchoolReturn.Kind.values:
        return {"kind": "Choose deletion or new pupil"}
    for name, label in (("first_name", "first name"), ("last_name", "last name")):
        if not (values.get(name) or "").strip():
            errors[name] = f"Enter the pupil's {label}"
    for name, limit in TEXT_LIMITS.items():
        if len(values.get(name) or "") > limit:
            errors[name] = f"{name.replace('_', ' ').capitalize()} must be {limit} characters or fewer"
    born = values.get("date_of_birth")
    if born is None:
        errors["date_of_birth"] = "Enter the pupil's date of birth"
    elif born >= today:
        errors["date_of_birth"] = "Date of birth must be in the past"
    elif today.year - born.year > 20:
        errors["date_of_birth"] = "Date of birth must be of a pupil of school age: check the year"
    if kind == SchoolReturn.Kind.DELETION:
        ground = values.get("ground") or ""
        if ground not in DeletionGround.values:
            errors["ground"] = "Choose the ground for deletion"
        deleted = values.get("deleted_on")
        if deleted is None:
            errors["deleted_on"] = "Enter the date of deletion"
        elif deleted > today and ground not in CLOCK_GROUNDS:
            errors["deleted_on"] = "Date of deletion must be today or in the past"
        absent = values.get("absent_since")
        if ground in CLOCK_GROUNDS and absent is None:
            errors["absent_since"] = "Enter the first day of the pupil's continuous absence"
        elif absent is not None and absent > today:
            errors["absent_since"] = "The first day of absence must be today or in the past"
        elif absent is not None and deleted is not None and absent > deleted:
            errors["absent_since"] = "The first day of absence must be on or before the date of deletion"
        if not (values.get("address") or "").strip():
            errors["address"] = "Enter the pupil's home address"
        if not (values.get("parents") or "").strip():
            errors["parents"] = "Enter the names of the pupil's parents or carers"
    else:
        admitted = values.get("admitted_on")
        if admitted is None:
            errors["admitted_on"] = "Enter the date of admission"
        elif admitted > today:
            errors["admitted_on"] = "Date of admission must be today or in the past"
    return errors


# --- school returns ----------------------------------------------------------------------------------


@dataclass
class ReturnRow:
    """One return's facts, as a CSV line or a form gives them."""

    kind: str
    values: dict = field(default_factory=dict)
    line: int = 0


def return_clean(kind: str, values: dict) -> dict:
    """A return's facts as every way in keeps them: text stripped, the other kind's facts emptied."""
    return _clean(kind, values)


def _clean(kind: str, values: dict) -> dict:
    facts = {name: values.get(name) for name in RETURN_FACTS}
    for name, value in facts.items():
        if isinstance(value, str):
            facts[name] = value.strip()
        elif value is None and name not in ("date_of_birth", "deleted_on", "absent_since", "admitted_on"):
            facts[name] = ""
    if kind == SchoolReturn.Kind.ADMISSION:
        facts.update(ground="", deleted_on=None, absent_since=None, new_school="", new_address="")
    else:
        facts.update(admitted_on=None, previous_school="")
    return facts


def _return_save(*, actor, host_council: HostCouncil, school: School, kind: str, source: str, facts: dict):
    school_return = SchoolReturn.objects.create(
        host_council=host_council,
        school=school,
        kind=kind,
        source=source,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        **facts,
    )
    audit_event_record(
        actor=actor,
        action="school_return.submit",
        target=school_return,
        host_council=host_council,
        changes={"kind": [None, kind], "school": [None, school.urn], "source": [None, source]},
    )
    if kind == SchoolReturn.Kind.DELETION:
        _deletion_follow(actor=actor, school_return=school_return)
    else:
        _admission_follow(actor=actor, school_return=school_return)
    return school_return


@transaction.atomic
def school_return_submit(
    *, actor, host_council: HostCouncil, school: School, kind: str, source: str = SchoolReturn.Source.FORM, **values
) -> SchoolReturn:
    """A school's return (reg 13 of the 2024 Regulations): a deletion opens a CME case unless its ground
    says the child is not missing education (NO_CASE_GROUNDS); home education opens an EHE record. A new
    pupil closes an open CME case of the same child (on roll in the area)."""
    facts = _clean(kind, values)
    errors = return_problems(kind, facts, today=timezone.localdate())
    if errors:
        raise ReturnInvalid(errors)
    return _return_save(actor=actor, host_council=host_council, school=school, kind=kind, source=source, facts=facts)


@transaction.atomic
def school_returns_import(
    *, actor, host_council: HostCouncil, school: School, rows: list[ReturnRow], source: str = SchoolReturn.Source.CSV
) -> list[SchoolReturn]:
    """A CSV of returns: every line checked first; any bad line refuses the whole file, each problem named
    by its line (`ReturnInvalid` with keys "line 3"), so a school never wonders which rows went in."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    cleaned = []
    for row in rows:
        facts = _clean(row.kind, row.values)
        problems = return_problems(row.kind, facts, today=today) | row.values.get("_problems", {})
        if problems:
            errors[f"line {row.line}"] = "; ".join(problems.values())
        cleaned.append((row.kind, facts))
    if not rows:
        errors["file"] = "The file has no returns: add a line for each pupil under the heading line"
    if errors:
        raise ReturnInvalid(errors)
    return [
        _return_save(actor=actor, host_council=host_council, school=school, kind=kind, source=source, facts=facts)
        for kind, facts in cleaned
    ]


def _deletion_follow(*, actor, school_return: SchoolReturn) -> None:
    ground = school_return.ground
    if ground == DeletionGround.HOME_EDUCATION:
        from .ehe_services import ehe_record_from_return

        ehe_record_from_return(actor=actor, school_return=school_return)
        return
    if ground in NO_CASE_GROUNDS:
        return
    if ground == DeletionGround.OTHER_SCHOOL and school_return.new_school:
        return  # the school knows where the child went: the pupil is on a roll
    case = _case_open(
        actor=actor,
        host_council=school_return.host_council,
        way_in=CmeCase.WayIn.DELETION,
        facts={
            "first_name": school_return.first_name,
            "last_name": school_return.last_name,
            "date_of_birth": school_return.date_of_birth,
            "upn": school_return.upn,
            "address": school_return.new_address or school_return.address,
            "postcode": school_return.postcode,
            "parents": school_return.parents,
            "parent_phone": school_return.parent_phone,
            "school": school_return.school,
            "ground": ground,
            "absent_since": school_return.absent_since,
            "what_is_known": "\n".join(
                part
                for part in (
                    f"Deleted from {school_return.school.name} on {school_return.deleted_on:%-d %B %Y}: "
                    f"{school_return.get_ground_display()}.",
                    f"New school named: {school_return.new_school}" if school_return.new_school else "",
                    f"New address given: {school_return.new_address}" if school_return.new_address else "",
                )
                if part
            ),
        },
    )
    SchoolReturn.objects.filter(pk=school_return.pk).update(case=case)
    school_return.case = case


def _admission_follow(*, actor, school_return: SchoolReturn) -> None:
    """A new pupil who is on the register as missing education is found: on roll in the area."""
    open_cases = CmeCase.objects.filter(host_council=school_return.host_council).exclude(status=CmeCase.Status.CLOSED)
    same = open_cases.filter(
        first_name__iexact=school_return.first_name,
        last_name__iexact=school_return.last_name,
        date_of_birth=school_return.date_of_birth,
    )
    if school_return.upn:
        same = same | open_cases.filter(upn=school_return.upn)
    for case in same.distinct():
        _close(
            actor=actor,
            case=case,
            outcome=CmeCase.Outcome.ON_ROLL,
            note=f"Admitted to {school_return.school.name} on {school_return.admitted_on:%-d %B %Y} (school's return)",
        )
        SchoolReturn.objects.filter(pk=school_return.pk).update(case=case)
        school_return.case = case


# --- the case ----------------------------------------------------------------------------------------


def _transition(*, actor, case: CmeCase, to: str, note: str = "") -> None:
    CmeCase.TRANSITIONS.check(case.status, to, noun="case")
    CmeStatusChange.objects.create(
        case=case,
        from_status=case.status,
        to_status=to,
        note=note,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    case.status = to


def _case_open(*, actor, host_council: HostCouncil, way_in: str, facts: dict) -> CmeCase:
    case = CmeCase.objects.create(
        host_council=host_council, way_in=way_in, opened_on=timezone.localdate(), status=CmeCase.Status.NEW, **facts
    )
    CmeStatusChange.objects.create(
        case=case,
        to_status=CmeCase.Status.NEW,
        note=CmeCase.WayIn(way_in).label,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_event_record(
        actor=actor,
        action="cme_case.open",
        target=case,
        host_council=host_council,
        changes={"way_in": [None, way_in], "ground": [None, case.ground]},
    )
    looked_after_check(actor=actor, case=case)
    return case


def _placed_child_for(case: CmeCase) -> Child | None:
    """The register of placed children's entry for this child, by the register's own matching: an
    identifier, or the same date of birth and a name at least SAME_CHILD_SCORE alike. Only a child placed
    here now counts (a looked-after child)."""
    if not (case.upn or (case.date_of_birth and case.first_name and case.last_name)):
        return None
    outcome = child_match(
        host_council=case.host_council,
        placing_authority=None,
        first_name=case.first_name,
        last_name=case.last_name,
        date_of_birth=case.date_of_birth,
        upn=case.upn or None,
    )
    child = outcome.child
    if child is None:
        sure = [
            c for c in outcome.candidates if c.score >= SAME_CHILD_SCORE and c.child.date_of_birth == case.date_of_birth
        ]
        child = sure[0].child if len(sure) == 1 else None
    if child is None or current_placement_of(child) is None:
        return None
    return child


def looked_after_check(*, actor, case: CmeCase) -> bool:
    """A looked-after child (placed here, on the register) missing education: the host's Virtual School and
    the placing social worker are told at once, through the outbox, once per case."""
    if case.looked_after_alerted_at is not None:
        return False
    child = _placed_child_for(case)
    if child is None:
        return False
    case.placed_child = child
    case.looked_after_alerted_at = timezone.now()
    case.save(update_fields=["placed_child", "looked_after_alerted_at"])
    subject = f"A looked-after child is missing education: {case.reference}"
    body = (
        f"{child.initials_and_reference}, placed in {case.host_council.name} by {child.placing_authority.name}, is on "
        f"{case.host_council.name}'s register of children missing education ({case.get_way_in_display().lower()}"
        f"{', ' + case.school.name if case.school else ''}).\n\n"
        f"The education welfare / CME officers are making reasonable enquiries. The case: {case_link(case)}\n"
    )
    told = []
    for to in (team_email(case.host_council, Team.Kind.VIRTUAL_SCHOOL), child.social_worker_email):
        if to and to not in told:
            outbox_email_enqueue(
                to=to, subject=subject, body=body, purpose="cme_looked_after_alert", host_council=case.host_council
            )
            told.append(to)
    audit_event_record(
        actor=actor,
        action="cme_case.looked_after_alert",
        target=case,
        host_council=case.host_council,
        changes={"placed_child": [None, child.pk], "told": [None, told]},
    )
    return True


REFERRAL_FACTS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "address",
    "postcode",
    "parents",
    "parent_phone",
    "what_is_known",
    "referrer_name",
    "referrer_organisation",
    "referrer_contact",
)


@transaction.atomic
def cme_referral_submit(*, actor, host_council: HostCouncil, way_in: str, **values) -> CmeCase:
    """A referral from another agency or the public (anyone may refer, signed in or not)."""
    facts = {
        name: (values.get(name) or "").strip() if name != "date_of_birth" else values.get(name)
        for name in REFERRAL_FACTS
    }
    errors = {}
    if way_in not in (CmeCase.WayIn.AGENCY, CmeCase.WayIn.PUBLIC, CmeCase.WayIn.OFFICER):
        errors["way_in"] = "Choose who is referring"
    if not facts["first_name"] and not facts["last_name"]:
        errors["first_name"] = "Enter the child's name, or as much of it as you know"
    if facts["date_of_birth"] and facts["date_of_birth"] >= timezone.localdate():
        errors["date_of_birth"] = "Date of birth must be in the past"
    if not facts["what_is_known"]:
        errors["what_is_known"] = "Tell us why you think the child is missing education"
    if not facts["address"] and not facts["postcode"]:
        errors["address"] = "Enter where the child lives or was last seen, or as much as you know"
    if way_in == CmeCase.WayIn.AGENCY and not facts["referrer_organisation"]:
        errors["referrer_organisation"] = "Enter the organisation you work for"
    if errors:
        raise CaseInvalid(errors)
    return _case_open(actor=actor, host_council=host_council, way_in=way_in, facts=facts)


@transaction.atomic
def cme_enquiry_record(*, actor, case: CmeCase, kind: str, made_on: date, made_by: str, result: str) -> CmeEnquiry:
    """One reasonable enquiry made. The first moves a new case to "enquiries under way"."""
    case = CmeCase.objects.select_for_update().get(pk=case.pk)
    errors = {}
    if case.status == CmeCase.Status.CLOSED:
        raise CaseInvalid({"__all__": "This case is closed: open a new case if the child is missing education again"})
    if kind not in CmeEnquiry.Kind.values:
        errors["kind"] = "Choose who the enquiry was made of"
    if made_on is None:
        errors["made_on"] = "Enter the date of the enquiry"
    elif made_on > timezone.localdate():
        errors["made_on"] = "The date of the enquiry must be today or in the past"
    if not made_by.strip():
        errors["made_by"] = "Enter who made the enquiry"
    if not result.strip():
        errors["result"] = "Enter what the enquiry found, even if nothing"
    if errors:
        raise CaseInvalid(errors)
    enquiry = CmeEnquiry.objects.create(
        case=case, kind=kind, made_on=made_on, made_by=made_by.strip(), result=result.strip(), recorded_by=actor
    )
    if case.status == CmeCase.Status.NEW:
        _transition(actor=actor, case=case, to=CmeCase.Status.ENQUIRING)
        case.save(update_fields=["status"])
    audit_event_record(
        actor=actor,
        action="cme_case.enquiry_record",
        target=case,
        host_council=case.host_council,
        changes={"enquiry": [None, kind], "made_on": [None, made_on]},
    )
    return enquiry


@transaction.atomic
def cme_risk_set(*, actor, case: CmeCase, risk: str, reason: str) -> CmeCase:
    if risk not in CmeCase.Risk.values:
        raise CaseInvalid({"risk": "Choose a risk grade"})
    if not reason.strip():
        raise CaseInvalid({"reason": "Say why you chose this risk grade"})
    if case.status == CmeCase.Status.CLOSED:
        raise CaseInvalid({"__all__": "This case is closed"})
    before = case.risk
    case.risk, case.risk_reason = risk, reason.strip()
    case.save(update_fields=["risk", "risk_reason"])
    audit_event_record(
        actor=actor,
        action="cme_case.risk_set",
        target=case,
        host_council=case.host_council,
        changes={"risk": [before, risk]},
    )
    return case


@transaction.atomic
def cme_case_escalate(*, actor, case: CmeCase, note: str) -> CmeCase:
    """Not found after reasonable enquiries: escalated to the police and children's social care (the host's
    Referral and Assessment team), told through the outbox."""
    case = CmeCase.objects.select_for_update().get(pk=case.pk)
    if not note.strip():
        raise CaseInvalid({"note": "Say what is known and why the child is a concern"})
    _transition(actor=actor, case=case, to=CmeCase.Status.ESCALATED, note=note.strip())
    case.escalated_at = timezone.now()
    case.save(update_fields=["status", "escalated_at"])
    host = case.host_council
    police = host.police_force
    addresses = [
        team_email(host, Team.Kind.REFERRAL_ASSESSMENT),
        (police.notification_email or police.email) if police else "",
    ]
    body = (
        f"{case.full_name} (born {case.date_of_birth:%-d %B %Y}) " if case.date_of_birth else f"{case.full_name} "
    ) + (
        f"has not been found after reasonable enquiries by {host.name}'s children missing education service.\n\n"
        f"Last known address: {case.address or 'not known'} {case.postcode}\n\n{note.strip()}\n\n"
        f"The case: {case_link(case)}\n"
    )
    for to in dict.fromkeys(a for a in addresses if a):
        outbox_email_enqueue(
            to=to,
            subject=f"Child missing education not found: {case.reference}",
            body=body,
            purpose="cme_escalation",
            host_council=host,
        )
    audit_event_record(
        actor=actor,
        action="cme_case.escalate",
        target=case,
        host_council=host,
        changes={"status": [CmeCase.Status.ENQUIRING, CmeCase.Status.ESCALATED]},
    )
    return case


def _close(*, actor, case: CmeCase, outcome: str, note: str, destination_council=None, destination_email="") -> None:
    before = case.status
    _transition(actor=actor, case=case, to=CmeCase.Status.CLOSED, note=note)
    case.outcome, case.closure_note, case.closed_on = outcome, note, timezone.localdate()
    case.destination_council, case.destination_email = destination_council, destination_email
    case.save(
        update_fields=["status", "outcome", "closure_note", "closed_on", "destination_council", "destination_email"]
    )
    audit_event_record(
        actor=actor,
        action="cme_case.close",
        target=case,
        host_council=case.host_council,
        changes={"status": [before, CmeCase.Status.CLOSED], "outcome": [None, outcome]},
    )


@transaction.atomic
def cme_case_close(
    *,
    actor,
    case: CmeCase,
    outcome: str,
    note: str = "",
    destination_council: Organisation | None = None,
    destination_email: str = "",
) -> CmeCase:
    """Close with an outcome. Moved to another council's area: that council is told through the outbox (its
    CME contact). Home educated: an EHE record opens. Not found: only once escalated to the police and
    children's social care."""
    case = CmeCase.objects.select_for_update().get(pk=case.pk)
    errors = {}
    if outcome not in CmeCase.Outcome.values:
        errors["outcome"] = "Choose the outcome"
    if outcome == CmeCase.Outcome.MOVED_COUNCIL:
        if destination_council is None:
            errors["destination_council"] = "Choose the council the child has moved to"
        elif destination_council.kind != Organisation.Kind.COUNCIL:
            errors["destination_council"] = "Choose a council from the list"
        elif destination_council.pk == case.host_council.organisation_id:
            errors["destination_council"] = "Choose another council: this is your own"
        if not destination_email.strip():
            errors["destination_email"] = "Enter the other council's children missing education email address"
    if outcome == CmeCase.Outcome.NOT_FOUND and case.status != CmeCase.Status.ESCALATED:
        errors["outcome"] = "Escalate to the police and children's social care before closing as not found"
    if outcome in (CmeCase.Outcome.OTHER, CmeCase.Outcome.NOT_CME) and not note.strip():
        errors["note"] = "Say why the case is closed"
    if errors:
        raise CaseInvalid(errors)
    if outcome != CmeCase.Outcome.MOVED_COUNCIL:
        destination_council, destination_email = None, ""
    _close(
        actor=actor,
        case=case,
        outcome=outcome,
        note=note.strip(),
        destination_council=destination_council,
        destination_email=destination_email.strip(),
    )
    if outcome == CmeCase.Outcome.MOVED_COUNCIL:
        host = case.host_council
        outbox_email_enqueue(
            to=case.destination_email,
            subject=f"A child missing education has moved to {destination_council.name}: {case.reference}",
            body=(
                f"{host.display_name_or_name}'s children missing education service believes this child now lives "
                f'in {destination_council.name}\'s area (statutory guidance "Children missing education", '
                f"August 2024: the council the child moves to is told).\n\n"
                f"Child: {case.full_name}"
                + (f", born {case.date_of_birth:%-d %B %Y}" if case.date_of_birth else "")
                + f"\nParents or carers: {case.parents or 'not known'}\n"
                f"Last address in {host.name}: {case.address or 'not known'} {case.postcode}\n"
                f"Last school: {case.school.name if case.school else 'not known'}\n"
                f"What we know: {case.closure_note or case.what_is_known}\n\n"
                f"Reply to this e-mail, or call {host.name}'s children missing education service, for more.\n"
            ),
            purpose="cme_moved_council",
            host_council=host,
        )
    if outcome == CmeCase.Outcome.HOME_EDUCATED:
        from .ehe_services import ehe_record_from_case

        ehe_record_from_case(actor=actor, case=case)
    return case


@transaction.atomic
def cme_case_reopen(*, actor, case: CmeCase, note: str) -> CmeCase:
    """An escalated case taken back to enquiries (new information)."""
    case = CmeCase.objects.select_for_update().get(pk=case.pk)
    if case.status != CmeCase.Status.ESCALATED:
        raise CaseInvalid({"__all__": "Only an escalated case goes back to enquiries"})
    if not note.strip():
        raise CaseInvalid({"note": "Say what new information there is"})
    _transition(actor=actor, case=case, to=CmeCase.Status.ENQUIRING, note=note.strip())
    case.save(update_fields=["status"])
    audit_event_record(
        actor=actor,
        action="cme_case.reopen",
        target=case,
        host_council=case.host_council,
        changes={"status": [CmeCase.Status.ESCALATED, CmeCase.Status.ENQUIRING]},
    )
    return case


# --- schools' staff accounts -------------------------------------------------------------------------------


@transaction.atomic
def school_organisation_set_up(*, actor, host_council: HostCouncil, school: School) -> Organisation:
    """The organisation a school's staff accounts belong to (kind school, by the school's URN, located in
    the host's area), made once; the administrator then invites staff into it (accounts' people pages).
    A school set up already by another council is refused."""
    organisation = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, urn=school.urn).first()
    if organisation is not None:
        if organisation.located_in_id != host_council.pk:
            raise ServiceRefusal({"__all__": f"{school.name} is set up by another council: ask its administrator"})
        return organisation
    if Organisation.objects.filter(urn=school.urn).exists():
        raise ServiceRefusal({"__all__": f"Another organisation has the URN {school.urn}: correct it first"})
    organisation = Organisation.objects.create(
        kind=Organisation.Kind.SCHOOL, name=school.name[:200], urn=school.urn, located_in=host_council
    )
    audit_event_record(
        actor=actor,
        action="school_organisation.set_up",
        target=organisation,
        host_council=host_council,
        changes={"urn": [None, school.urn], "name": [None, organisation.name]},
    )
    return organisation
