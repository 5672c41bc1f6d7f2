"""Every write of the elective home education register and the register of children not in school.

EHE: DfE "Elective home education: departmental guidance for local authorities" (April 2019); the school
attendance order route of the Education Act 1996 s437 (a notice giving the parents at least 15 days,
then the order). CNIS: ss436B–436G as inserted by the Children's Wellbeing and Schools Act 2026, not yet
in force: kept only where a host has switched it on (selectors.cnis_enabled).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import audit_event_record
from safeguard.core.errors import ServiceRefusal
from safeguard.education.models import School

from . import selectors
from .clocks import SAO_NOTICE_MIN_DAYS, notice_expires_on
from .models import CmeCase, CnisRecord, EheContact, EheRecord, SchoolReturn


class EheInvalid(ServiceRefusal):
    """A change to an EHE record refused, field by field; nothing was saved."""


def _transition(record: EheRecord, to: str) -> None:
    EheRecord.TRANSITIONS.check(record.status, to, noun="record")
    record.status = to


def _audit(actor, action: str, record, changes: dict) -> None:
    audit_event_record(actor=actor, action=action, target=record, host_council=record.host_council, changes=changes)


def _record_create(*, actor, host_council: HostCouncil, **facts) -> EheRecord:
    record = EheRecord.objects.create(host_council=host_council, **facts)
    _audit(actor, "ehe_record.add", record, {"learnt_from": [None, record.learnt_from]})
    return record


@transaction.atomic
def ehe_record_add(
    *,
    actor,
    host_council: HostCouncil,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    parents: str,
    learnt_from: str,
    learnt_on: date | None,
    address: str = "",
    postcode: str = "",
    parent_phone: str = "",
    previous_school: School | None = None,
) -> EheRecord:
    today = timezone.localdate()
    errors = {}
    if not first_name.strip():
        errors["first_name"] = "Enter the child's first name"
    if not last_name.strip():
        errors["last_name"] = "Enter the child's last name"
    if date_of_birth is None:
        errors["date_of_birth"] = "Enter the child's date of birth"
    elif date_of_birth >= today:
        errors["date_of_birth"] = "Date of birth must be in the past"
    if not parents.strip():
        errors["parents"] = "Enter the names of the child's parents or carers"
    if learnt_from not in EheRecord.LearntFrom.values:
        errors["learnt_from"] = "Choose how the council learnt the child is home educated"
    if learnt_on is None:
        errors["learnt_on"] = "Enter the date the council learnt of it"
    elif learnt_on > today:
        errors["learnt_on"] = "The date the council learnt of it must be today or in the past"
    if errors:
        raise EheInvalid(errors)
    return _record_create(
        actor=actor,
        host_council=host_council,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        parents=parents.strip(),
        learnt_from=learnt_from,
        learnt_on=learnt_on,
        address=address.strip(),
        postcode=postcode.strip(),
        parent_phone=parent_phone.strip(),
        previous_school=previous_school,
    )


def ehe_record_from_return(*, actor, school_return: SchoolReturn) -> EheRecord:
    """A school deleted a pupil whose parent said in writing they will educate them otherwise."""
    return _record_create(
        actor=actor,
        host_council=school_return.host_council,
        first_name=school_return.first_name,
        last_name=school_return.last_name,
        date_of_birth=school_return.date_of_birth,
        address=school_return.address,
        postcode=school_return.postcode,
        parents=school_return.parents,
        parent_phone=school_return.parent_phone,
        learnt_from=EheRecord.LearntFrom.SCHOOL_DELETION,
        learnt_on=timezone.localdate(),
        previous_school=school_return.school,
    )


def ehe_record_from_case(*, actor, case: CmeCase) -> EheRecord:
    """A child missing education found to be home educated."""
    return _record_create(
        actor=actor,
        host_council=case.host_council,
        first_name=case.first_name,
        last_name=case.last_name,
        date_of_birth=case.date_of_birth or timezone.localdate(),
        address=case.address,
        postcode=case.postcode,
        parents=case.parents or "Not known",
        parent_phone=case.parent_phone,
        learnt_from=EheRecord.LearntFrom.CME_ENQUIRY,
        learnt_on=timezone.localdate(),
        previous_school=case.school,
        cme_case=case,
    )


@transaction.atomic
def ehe_contact_record(
    *, actor, record: EheRecord, contacted_on: date | None, how: str, suitability: str, notes: str = ""
) -> EheContact:
    """A contact with the family: the first, then at least yearly. A contact finding concerns moves an open
    record to "concerns about suitability"."""
    record = EheRecord.objects.select_for_update().get(pk=record.pk)
    errors = {}
    if record.status == EheRecord.Status.CLOSED:
        raise EheInvalid({"__all__": "This record is closed"})
    if contacted_on is None:
        errors["contacted_on"] = "Enter the date of the contact"
    elif contacted_on > timezone.localdate():
        errors["contacted_on"] = "The date of the contact must be today or in the past"
    if not how.strip():
        errors["how"] = "Enter how the contact was made, like a home visit or a written report"
    if suitability not in EheContact.Suitability.values:
        errors["suitability"] = "Choose what the contact found"
    if suitability == EheContact.Suitability.CONCERN and not notes.strip():
        errors["notes"] = "Describe the concerns about the suitability of the education"
    if errors:
        raise EheInvalid(errors)
    contact = EheContact.objects.create(
        record=record,
        contacted_on=contacted_on,
        how=how.strip(),
        suitability=suitability,
        notes=notes.strip(),
        recorded_by=actor,
    )
    if suitability == EheContact.Suitability.CONCERN and record.status == EheRecord.Status.OPEN:
        _transition(record, EheRecord.Status.CONCERN)
        record.concern = notes.strip()
        record.save(update_fields=["status", "concern"])
    _audit(
        actor,
        "ehe_record.contact_record",
        record,
        {"contacted_on": [None, contacted_on], "suitability": [None, suitability]},
    )
    return contact


@transaction.atomic
def ehe_notice_serve(*, actor, record: EheRecord, served_on: date | None, period_days: int | None) -> EheRecord:
    """The s437(1) notice: the parents must satisfy the council, within the period it gives (at least 15
    days, beginning with the day it is served), that the child is receiving suitable education."""
    record = EheRecord.objects.select_for_update().get(pk=record.pk)
    errors = {}
    if served_on is None:
        errors["served_on"] = "Enter the date the notice was served"
    elif served_on > timezone.localdate():
        errors["served_on"] = "The date the notice was served must be today or in the past"
    if period_days is None:
        errors["period_days"] = "Enter how many days the notice gives the parents"
    elif period_days < SAO_NOTICE_MIN_DAYS:
        errors["period_days"] = f"The notice must give at least {SAO_NOTICE_MIN_DAYS} days (Education Act 1996 s437(1))"
    if errors:
        raise EheInvalid(errors)
    _transition(record, EheRecord.Status.NOTICE_SERVED)
    record.notice_served_on, record.notice_period_days = served_on, period_days
    record.save(update_fields=["status", "notice_served_on", "notice_period_days"])
    _audit(
        actor, "ehe_record.notice_serve", record, {"notice_served_on": [None, served_on], "days": [None, period_days]}
    )
    return record


@transaction.atomic
def ehe_order_serve(*, actor, record: EheRecord, served_on: date | None) -> EheRecord:
    """The school attendance order, once the notice's period has run out without the council satisfied."""
    record = EheRecord.objects.select_for_update().get(pk=record.pk)
    if served_on is None:
        raise EheInvalid({"served_on": "Enter the date the order was served"})
    if served_on > timezone.localdate():
        raise EheInvalid({"served_on": "The date the order was served must be today or in the past"})
    if record.notice_served_on is None:
        raise EheInvalid({"__all__": "Serve the s437(1) notice first"})
    expires = notice_expires_on(record.notice_served_on, record.notice_period_days)
    if served_on <= expires:
        raise EheInvalid(
            {
                "served_on": f"The parents have until {expires:%-d %B %Y} to answer the notice: serve the order after that"
            }
        )
    _transition(record, EheRecord.Status.ORDER_SERVED)
    record.order_served_on = served_on
    record.save(update_fields=["status", "order_served_on"])
    _audit(actor, "ehe_record.order_serve", record, {"order_served_on": [None, served_on]})
    return record


@transaction.atomic
def ehe_concern_resolve(*, actor, record: EheRecord) -> EheRecord:
    """The council is satisfied the education is suitable: back to home educated."""
    record = EheRecord.objects.select_for_update().get(pk=record.pk)
    before = record.status
    _transition(record, EheRecord.Status.OPEN)
    record.save(update_fields=["status"])
    _audit(actor, "ehe_record.concern_resolve", record, {"status": [before, record.status]})
    return record


@transaction.atomic
def ehe_record_close(*, actor, record: EheRecord, closure: str, closed_on: date | None) -> EheRecord:
    record = EheRecord.objects.select_for_update().get(pk=record.pk)
    errors = {}
    if closure not in EheRecord.Closure.values:
        errors["closure"] = "Choose why the record is closed"
    if closed_on is None:
        errors["closed_on"] = "Enter the date"
    elif closed_on > timezone.localdate():
        errors["closed_on"] = "The date must be today or in the past"
    if errors:
        raise EheInvalid(errors)
    before = record.status
    _transition(record, EheRecord.Status.CLOSED)
    record.closure, record.closed_on = closure, closed_on
    record.save(update_fields=["status", "closure", "closed_on"])
    _audit(actor, "ehe_record.close", record, {"status": [before, record.status], "closure": [None, closure]})
    return record


# --- children not in school --------------------------------------------------------------------------


@transaction.atomic
def cnis_record_add(*, actor, host_council: HostCouncil, facts: dict) -> CnisRecord:
    """A child on the register of children not in school, with the facts the field list names."""
    if not selectors.cnis_enabled(host_council):
        raise EheInvalid({"__all__": "This council does not keep the register of children not in school"})
    fields = selectors.cnis_fields()
    errors = {
        name: selectors.cnis_missing_message(label)
        for name, label, required in fields
        if required and not (facts.get(name) or "").strip()
    }
    if errors:
        raise EheInvalid(errors)
    kept = {name: (facts.get(name) or "").strip() for name, _, _ in fields}
    record = CnisRecord.objects.create(host_council=host_council, facts=kept, recorded_by=actor)
    audit_event_record(actor=actor, action="cnis_record.add", target=record, host_council=host_council)
    return record
