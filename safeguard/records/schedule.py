"""The kinds of record Safeguard keeps, and the retention period each is shipped with.

Each host council sets its own schedule (`RetentionRule`); a class it has not changed follows the
default here. A default says where it comes from: the primary text, a council's published schedule,
or "[assumed]" where the period is a local decision Safeguard suggests (docs/adr/0041).
"""

from dataclasses import dataclass

from django.db import models


class RecordClass(models.TextChoices):
    PHOTOGRAPH = "photograph", "Photographs of a child"
    PHOTOGRAPH_REPLACED = "photograph_replaced", "Photographs replaced by a newer one"
    MISSING_PROFILE = "missing_profile", "Missing profiles (Philomena Protocol)"
    RISK_PLAN = "risk_plan", "Risk plans"
    MISSING_EPISODE = "missing_episode", "Missing episodes"
    RETURN_HOME_INTERVIEW = "return_home_interview", "Return home interviews"
    EXPLOITATION_CONCERN = "exploitation_concern", "Exploitation concerns"
    NOTIFICATION = "notification", "Notifications, with their original e-mails and attachments"
    REGISTER_ENTRY = "register_entry", "Register entries (the child and their placements)"
    LADO_SUBSTANTIATED = "lado_substantiated", "LADO cases: substantiated"
    LADO_UNSUBSTANTIATED = "lado_unsubstantiated", "LADO cases: unsubstantiated"
    LADO_FALSE = "lado_false", "LADO cases: false"
    LADO_UNFOUNDED = "lado_unfounded", "LADO cases: unfounded"
    LADO_MALICIOUS = "lado_malicious", "LADO cases: malicious"
    LADO_CONSULTATION = "lado_consultation", "LADO consultations"
    AUDIT_TRAIL = "audit_trail", "The audit trail"


class RunsFrom(models.TextChoices):
    DATE_OF_BIRTH = "date_of_birth", "the date of birth"
    PLACEMENT_END = "placement_end", "the end of the placement"
    CLOSURE = "closure", "closure"
    LAST_CONTACT = "last_contact", "the last contact"
    CREATION = "creation", "creation"


class Disposal(models.TextChoices):
    REVIEW = "review", "The owner team reviews each record and confirms its disposal"
    AUTOMATIC = "automatic", "Disposed of automatically after a grace period, unless the owner team acts"


# The team that reviews a class's records (accounts.Team.Kind values; a string, as this app sits below
# none of the domains that own them).
SQA, LADO, ADMIN = "sqa", "lado", "host_admin"

_HOST_REGISTER = (
    "[assumed] A host council's register is a local decision (the responsible authority keeps the case record "
    "to the 75th birthday: reg 50, Care Planning, Placement and Case Review (England) Regulations 2010). "
    "Suggested: to the person's 25th birthday."
)
_KCSIE = (
    "Keeping Children Safe in Education, part 4, and Working Together to Safeguard Children: until the person's "
    "normal pension age or 10 years from the allegation, whichever is longer."
)
_PUBLISHED_UNFOUNDED = (
    "A council's published retention schedule: allegations found unfounded, false or malicious, 10 years from "
    "closure. (KCSIE: not kept on the person's personnel record unless they consent.)"
)


@dataclass(frozen=True)
class Default:
    record_class: str
    months: int
    runs_from: str
    source: str
    owner: str = SQA
    or_pension_age: bool = False  # or the person's State Pension age, if that is later


DEFAULTS: dict[str, Default] = {
    d.record_class: d
    for d in [
        Default(
            RecordClass.PHOTOGRAPH,
            12,
            RunsFrom.PLACEMENT_END,
            "[assumed] A photograph serves to find a missing child while placed here (Philomena Protocol); "
            "kept a year after the placement in the borough ends. UK GDPR art. 5(1)(e): no longer than needed.",
        ),
        Default(
            RecordClass.PHOTOGRAPH_REPLACED,
            3,
            RunsFrom.CLOSURE,
            "[assumed] A photograph replaced by a newer one of the same kind no longer helps to find the child; "
            "kept 3 months from the day it was replaced (its closure). UK GDPR art. 5(1)(c) and (e).",
        ),
        Default(RecordClass.MISSING_PROFILE, 25 * 12, RunsFrom.DATE_OF_BIRTH, _HOST_REGISTER),
        Default(RecordClass.RISK_PLAN, 25 * 12, RunsFrom.DATE_OF_BIRTH, _HOST_REGISTER),
        Default(RecordClass.MISSING_EPISODE, 25 * 12, RunsFrom.DATE_OF_BIRTH, _HOST_REGISTER),
        Default(RecordClass.RETURN_HOME_INTERVIEW, 25 * 12, RunsFrom.DATE_OF_BIRTH, _HOST_REGISTER),
        Default(RecordClass.EXPLOITATION_CONCERN, 25 * 12, RunsFrom.DATE_OF_BIRTH, _HOST_REGISTER),
        Default(
            RecordClass.NOTIFICATION,
            6 * 12,
            RunsFrom.CREATION,
            "[assumed] Six years from receipt (the Limitation Act 1980 period); what a notification told us "
            "lives on in the register entry, kept by its own rule.",
        ),
        Default(RecordClass.REGISTER_ENTRY, 25 * 12, RunsFrom.DATE_OF_BIRTH, _HOST_REGISTER),
        Default(RecordClass.LADO_SUBSTANTIATED, 10 * 12, RunsFrom.CREATION, _KCSIE, LADO, or_pension_age=True),
        Default(RecordClass.LADO_UNSUBSTANTIATED, 10 * 12, RunsFrom.CREATION, _KCSIE, LADO, or_pension_age=True),
        Default(RecordClass.LADO_FALSE, 10 * 12, RunsFrom.CLOSURE, _PUBLISHED_UNFOUNDED, LADO),
        Default(RecordClass.LADO_UNFOUNDED, 10 * 12, RunsFrom.CLOSURE, _PUBLISHED_UNFOUNDED, LADO),
        Default(RecordClass.LADO_MALICIOUS, 10 * 12, RunsFrom.CLOSURE, _PUBLISHED_UNFOUNDED, LADO),
        Default(
            RecordClass.LADO_CONSULTATION,
            6 * 12,
            RunsFrom.CREATION,
            "A council's published retention schedule: LADO consultations, 6 years.",
            LADO,
        ),
        Default(
            RecordClass.AUDIT_TRAIL,
            100 * 12,
            RunsFrom.CREATION,
            "[assumed] At least as long as the longest period a council sets (one council keeps substantiated "
            "allegations 100 years from the date of birth), so the trail outlives every record it describes.",
            ADMIN,
        ),
    ]
}
assert set(DEFAULTS) == set(RecordClass.values)  # noqa: S101 - every class ships with a default


OWNER_WORDS = {SQA: "Safeguarding and Quality Assurance", LADO: "LADO", ADMIN: "The council's administrator"}


def period_words(months: int) -> str:
    """The period in words: 25 years, 18 months, 1 year and 6 months."""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " and ".join(parts)
