"""Reading an e-mailed LADO referral: what its labelled lines say, for the LADO to check.

Referrers mostly paste the LADO referral form into the message or type its headings themselves:
"Referrer details", "Name:", "Details of the person the allegation is about", "Job title:",
"Employer:", "Child's name:", "Details of the allegation:". A label is normalised (lower case, straight
apostrophes, no "(s)"/"(ren)", no trailing colon) and matched whole; a plain "Name" or "Email" means
the referrer's, the person's or a child's according to the heading above it. A long answer ("Details of
the allegation") runs to the next label or heading. Nothing is guessed from sentences: a message without
the headings keeps its whole text under "What happened", and the LADO fills in the rest beside it.

Each value that cannot be used as it stands (a date that is not a date, an e-mail address that is not
one, an employment the form does not know) is left out of the pre-fill and named in `problems` with
what the e-mail said, so nothing in it is lost: the message itself sits beside the form.

No database here: `read_referral(text)` takes the message's text and returns a `ReferralPrefill`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from safeguard.notifications.email_intake.labels import FORWARD, SIGNOFF
from safeguard.notifications.email_intake.values import is_placeholder, parse_date

from .models import Category, EmploymentBasis, Sector

# Headings: a line with no value that says whose details follow.
_SECTIONS: list[tuple[str, str]] = [
    (
        r"(?:section \d+:? )?(?:(?:the )?referrer(?:'s)? (?:details|information)|details of (?:the )?(?:referrer|person making"
        r" (?:the|this) referral)|(?:your|referring) details|about you|person making (?:the|this) referral|referred by"
        r"|referrer)",
        "referrer",
    ),
    (
        r"(?:section \d+:? )?(?:details of (?:the )?(?:person|adult|professional|member of staff|staff member|employee)"
        r"(?: (?:the allegation is|who the allegation is|whom the allegation is|the concern is) (?:about|against|made against))?"
        r"|(?:the )?person the allegation is (?:about|against)|(?:the )?subject of (?:the )?allegation|about the person"
        r"|(?:the )?alleged perpetrator(?:'s)? details|person of concern|adult of concern|person's details)",
        "person",
    ),
    (
        r"(?:section \d+:? )?(?:employer(?:'s)? details|details of (?:the )?(?:employer|employing organisation))",
        "employer",
    ),
    (
        r"(?:section \d+:? )?(?:child(?:'s)? details|details of (?:the )?child(?: or young person)?|about the child"
        r"|child involved|child or young person|young person's details|children|child)",
        "child",
    ),
    (
        r"(?:section \d+:? )?(?:details of (?:the )?(?:allegation|concern|incident)s?|(?:the )?allegation(?: details)?"
        r"|nature of (?:the )?(?:allegation|concern)|what happened)",
        "allegation",
    ),
]

# Labels that mean one field whatever the heading above.
_FIELDS: list[tuple[str, str]] = [
    (
        r"(?:referrer(?:'s)? name|name of (?:the )?referrer|your name|name of person making (?:the|this) referral)",
        "referrer_name",
    ),
    (r"(?:referrer(?:'s)? (?:role|job title|position)|your (?:role|job title|position))", "referrer_role"),
    (
        r"(?:referrer(?:'s)? (?:organisation|agency|setting|school)|your (?:organisation|agency|setting|school)"
        r"|referring (?:organisation|agency))",
        "referrer_organisation",
    ),
    (r"(?:referrer(?:'s)? (?:e-?mail(?: address)?)|your e-?mail(?: address)?)", "referrer_email"),
    (
        r"(?:referrer(?:'s)? (?:phone|telephone|tel|contact number)(?: number| no\.?)?|your (?:phone|telephone)(?: number)?)",
        "referrer_phone",
    ),
    (
        r"(?:name of (?:the )?(?:person|adult|professional|member of staff|staff member|employee|alleged perpetrator|subject)"
        r"(?: (?:the allegation is|the concern is) (?:about|against))?|(?:person|subject|alleged perpetrator)(?:'s)? name"
        r"|person (?:the allegation is|the concern is) (?:about|against))",
        "person_name",
    ),
    (
        r"(?:(?:their|the person's|subject's|person's) (?:role|job title|position|post)|job title of (?:the )?person)",
        "person_role",
    ),
    (
        r"(?:employer|name of (?:the )?employer|employer(?:'s)? name|employing (?:organisation|agency|body)|place of work"
        r"|(?:the person's|their) (?:employer|organisation|workplace)|where (?:the person|they) works?"
        r"|organisation (?:the person|they) works? for)",
        "person_employer",
    ),
    (
        r"(?:employment (?:status|basis|type)|type of employment|how (?:do|does) (?:they|the person) work there)",
        "employment_basis",
    ),
    (r"(?:(?:the person's|their|subject's) (?:date of birth|dob|d\.o\.b\.?))", "person_date_of_birth"),
    (r"(?:registration body|regulatory body|professional (?:body|registration))", "person_registration_body"),
    (r"(?:sector|(?:the person's|their) sector)", "sector"),
    (
        r"(?:child(?:'s)? (?:full )?name|name of (?:the )?child|child(?:'s)? names?|names? of (?:the )?child"
        r"|child or young person(?:'s)? name|young person(?:'s)? name)",
        "child_name",
    ),
    (
        r"(?:child(?:'s)? (?:date of birth|dob|d\.o\.b\.?)|young person(?:'s)? (?:date of birth|dob))",
        "child_date_of_birth",
    ),
    (
        r"(?:details of (?:the )?(?:allegation|concern|incident)s?|description of (?:the )?(?:allegation|concern|incident)s?"
        r"|(?:the )?allegation|what happened|nature of (?:the )?(?:allegation|concern)|summary of (?:the )?(?:allegation|concern)s?)",
        "what_happened",
    ),
    (
        r"(?:where (?:did it|did this|did the incident|it) happen(?:ed)?|where it happened|location(?: of (?:the )?(?:incident|allegation))?"
        r"|place of (?:the )?incident)",
        "where_it_happened",
    ),
    (
        r"(?:date of (?:the )?(?:alleged )?(?:incident|allegation|concern)|when did (?:it|this|the incident) happen"
        r"|date it happened|incident date|date of (?:the )?alleged incident)",
        "happened_on",
    ),
    (
        r"(?:who (?:else )?(?:knows|is aware)(?: about it)?|who (?:else )?has been (?:told|informed)|others informed"
        r"|who else knows about (?:it|this)|agencies informed)",
        "who_knows",
    ),
    (r"(?:category|type of (?:abuse|allegation|harm|concern)|kind of allegation)", "category"),
]

# Labels whose meaning depends on the heading above them.
_GENERIC: list[tuple[str, str]] = [
    (r"(?:full )?names?", "name"),
    (r"(?:role|job title|position|post(?: held)?|occupation)", "role"),
    (r"(?:organisation|agency|school|setting|company)", "organisation"),
    (r"(?:e-?mail(?: address)?|secure e-?mail)", "email"),
    (r"(?:phone|telephone|tel|mobile|contact number)(?: number| no\.?)?", "phone"),
    (r"(?:date of birth|dob|d\.o\.b\.?|born)", "date_of_birth"),
]
_GENERIC_MEANS = {
    "referrer": {
        "name": "referrer_name",
        "role": "referrer_role",
        "organisation": "referrer_organisation",
        "email": "referrer_email",
        "phone": "referrer_phone",
    },
    "person": {
        "name": "person_name",
        "role": "person_role",
        "organisation": "person_employer",
        "date_of_birth": "person_date_of_birth",
    },
    "employer": {"name": "person_employer", "organisation": "person_employer"},
    "child": {"name": "child_name", "date_of_birth": "child_date_of_birth"},
}
# Answers that may run over several lines, to the next label.
_LONG = {"what_happened", "who_knows", "where_it_happened"}
_DATES = {"person_date_of_birth": "The person's date of birth", "happened_on": "The date it happened"}


def _compile(table):
    return [(re.compile(rf"^{pattern}$"), key) for pattern, key in table]


_SECTION_RX, _FIELD_RX, _GENERIC_RX = _compile(_SECTIONS), _compile(_FIELDS), _compile(_GENERIC)
_LABELLED = re.compile(r"^\s*(?:[*•\-]\s*)?([^:|\t]{2,80}?)\s*(?::|\s\|\s|\t+|\s[-–]\s)\s*(.*)$")


def _normal(label: str) -> str:
    text = label.lower().replace("’", "'").replace("‘", "'").strip(" *:-–#\t")
    text = re.sub(r"\((?:s|ren|es)\)", "", text)
    text = re.sub(r"\s*\([^)]*\)\s*", " ", text)
    text = re.sub(r"^(?:\d+[.)]|[a-z][.)]|q\d+[.:]?)\s+", "", text)
    text = text.replace("childrens", "children's").replace("children's", "child's").replace("children", "child")
    return " ".join(text.split()).rstrip("?")


def _match(table, label: str) -> str | None:
    for rx, key in table:
        if rx.match(label):
            return key
    return None


@dataclass
class ReferralPrefill:
    """What the message says, by field (text as the referrer wrote it, dates as dates), the children it
    names, the fields it gave a label for, and each value that could not be used with why."""

    answers: dict = field(default_factory=dict)
    children: list[dict] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "answers": {k: v.isoformat() if isinstance(v, date) else v for k, v in self.answers.items()},
            "children": [
                {"name": c["name"], "date_of_birth": c["date_of_birth"].isoformat() if c.get("date_of_birth") else None}
                for c in self.children
            ],
            "found": self.found,
            "problems": self.problems,
        }


def _choice(value: str, choices, words: dict[str, list[str]]) -> str | None:
    text = value.lower()
    for code, label in choices:
        if text == code or text == label.lower():
            return code
    for code, keys in words.items():
        if any(re.search(rf"\b{k}\b", text) for k in keys):
            return code
    return None


_EMPLOYMENT_WORDS = {
    EmploymentBasis.AGENCY: ["agency", "supply"],
    EmploymentBasis.VOLUNTEER: ["volunteer", "voluntary", "unpaid"],
    EmploymentBasis.SELF_EMPLOYED: ["self-employed", "self employed", "freelance", "sole trader"],
    EmploymentBasis.FOSTER_CARER: ["foster carer", "foster"],
    EmploymentBasis.EMPLOYED: ["employed", "employee", "permanent", "fixed term", "full time", "part time", "staff"],
}
_CATEGORY_WORDS = {
    Category.PHYSICAL: ["physical"],
    Category.SEXUAL: ["sexual"],
    Category.EMOTIONAL: ["emotional"],
    Category.NEGLECT: ["neglect"],
    Category.CONDUCT: ["conduct", "suitability", "transferable risk"],
}
_SECTOR_WORDS = {
    Sector.EDUCATION: ["education", "school", "academy", "college"],
    Sector.EARLY_YEARS: ["early years", "nursery", "childminder", "pre-school", "preschool"],
    Sector.HEALTH: ["health", "nhs", "hospital", "gp"],
    Sector.SOCIAL_CARE: ["social care", "children's home", "residential"],
    Sector.FOSTER_CARE: ["foster care", "fostering"],
    Sector.POLICE: ["police"],
    Sector.FAITH: ["faith", "church", "mosque", "temple", "synagogue", "gurdwara"],
    Sector.SPORT: ["sport", "leisure", "culture", "club"],
    Sector.TRANSPORT: ["transport", "taxi", "bus", "driver"],
    Sector.VOLUNTARY: ["voluntary", "charity", "community"],
}


def _set(prefill: ReferralPrefill, key: str, value: str) -> None:
    """One labelled value, checked and typed; a value that cannot be used is a named problem."""
    value = " ".join(value.split()) if key not in _LONG else value.strip()
    if not value or is_placeholder(value):
        return
    if key == "child_name":
        for name in re.split(r"\s*;\s*|\s*,\s*(?=[A-Z])|\s+and\s+(?=[A-Z])", value):
            if name.strip():
                prefill.children.append({"name": name.strip()[:200], "date_of_birth": None})
        return
    if key == "child_date_of_birth":
        target = next((c for c in prefill.children if c["date_of_birth"] is None), None)
        if target is None:
            prefill.children.append({"name": "", "date_of_birth": None})
            target = prefill.children[-1]
        found = parse_date(value)
        if found:
            target["date_of_birth"] = date.fromisoformat(found)
        else:
            number = prefill.children.index(target) + 1
            prefill.problems[f"child_{number}_date_of_birth"] = (
                f"Child {number}'s date of birth is not a date we can read: the e-mail says “{value[:60]}”"
            )
        return
    if key in prefill.answers and key not in _LONG:
        return  # the first answer wins; the message beside shows the rest
    if key in _DATES:
        found = parse_date(value)
        if found:
            prefill.answers[key] = date.fromisoformat(found)
        else:
            prefill.problems[key] = f"{_DATES[key]} is not a date we can read: the e-mail says “{value[:60]}”"
        return
    if key == "referrer_email":
        match = re.search(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", value)
        try:
            validate_email(match.group() if match else value)
        except ValidationError:
            prefill.problems[key] = (
                f"The referrer's e-mail address is not in a form we can use: the e-mail says “{value[:60]}”"
            )
            return
        value = match.group() if match else value
    choices = {
        "employment_basis": (EmploymentBasis.choices, _EMPLOYMENT_WORDS, "how the person works there"),
        "category": (Category.choices, _CATEGORY_WORDS, "the kind of allegation"),
        "sector": (Sector.choices, _SECTOR_WORDS, "the sector"),
    }
    if key in choices:
        options, words, what = choices[key]
        code = _choice(value, options, words)
        if code is None:
            prefill.problems[key] = f"Select {what}: the e-mail says “{value[:60]}”"
            return
        value = code
    if key in _LONG and key in prefill.answers:
        value = f"{prefill.answers[key]}\n\n{value}"
    prefill.answers[key] = value
    if key not in prefill.found:
        prefill.found.append(key)


def read_referral(text: str, *, sender: str = "", sender_name: str = "") -> ReferralPrefill:
    """What an e-mailed referral's labelled lines say. The sender is the referrer unless the text names one."""
    prefill = ReferralPrefill()
    section = ""
    pending: str | None = None  # a label on a line of its own, waiting for its value below
    long_key: str | None = None  # a long answer being collected
    long_lines: list[str] = []

    def finish_long():
        nonlocal long_key, long_lines
        if long_key and any(line.strip() for line in long_lines):
            _set(prefill, long_key, "\n".join(long_lines).strip())
        long_key, long_lines = None, []

    for raw_line in (text or "").splitlines():
        line = raw_line.strip()
        if FORWARD.match(line) or SIGNOFF.match(line):
            finish_long()
            if FORWARD.match(line):
                break
            pending = None
            continue
        labelled = _LABELLED.match(line)
        label = _normal(labelled.group(1)) if labelled else _normal(line)
        value = labelled.group(2).strip() if labelled else ""
        key = _match(_FIELD_RX, label)
        generic = None if key else _match(_GENERIC_RX, label)
        heading = None if (key or generic) else (_match(_SECTION_RX, label) if len(line) <= 90 else None)
        if heading == "child" and value:
            key, heading = "child_name", None  # "Children: Ava Placed; Ben Placed"
        if heading and (not value or heading == "allegation"):
            finish_long()
            section, pending = heading, None
            if heading == "allegation" and not value:
                long_key = "what_happened"
            elif heading == "allegation" and value:
                long_key, long_lines = "what_happened", [value]
            continue
        if generic:
            key = _GENERIC_MEANS.get(section, {}).get(generic)
            if key is None:
                if long_key:
                    long_lines.append(raw_line)
                continue
        if key:
            finish_long()
            if key in _LONG:
                long_key, long_lines = key, [value] if value else []
                pending = None
            elif value:
                _set(prefill, key, value)
                pending = None
            else:
                pending = key
            continue
        if long_key:
            long_lines.append(raw_line)
        elif pending and line:
            _set(prefill, pending, line)
            pending = None
    finish_long()
    if not prefill.answers.get("referrer_name") and sender_name:
        prefill.answers["referrer_name"] = sender_name[:200]
    if not prefill.answers.get("referrer_email") and "@" in sender and "referrer_email" not in prefill.problems:
        prefill.answers["referrer_email"] = sender[:254]
    prefill.children = prefill.children[:3]
    return prefill
