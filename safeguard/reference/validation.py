"""Checks on a host council's configuration: phone numbers, opening times, postcode districts.

Each returns a problem in GOV.UK words, or the clean value. The configuration pages and the
configuration file (`add_host_council --from-file`, `load_reference_data`) use the same checks.
"""

import re
from datetime import time

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from safeguard.accounts.models import Team

from .models import Contact
from .postcodes import is_area, is_district

# A UK number: 0 then 9 or 10 more digits (01582 547653), or +44 without the 0; or a short number
# people are told to dial (101, 999, 111, 116 000, 116 123).
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()-]+$")
_SHORT_NUMBER = re.compile(r"^(1\d{2}|999|116\d{3})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
# An outward code (LU1, SW1A, W1A, LU10) or a postcode area alone (LU), which covers the whole area.


def phone_clean(value: str) -> str | None:
    """The number as typed (spaces tidied), or None when it is not a UK phone number."""
    text = " ".join(str(value or "").split())
    if not text or not _PHONE_CHARACTERS.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        return text if digits.startswith("44") and len(digits) in (11, 12) and digits[2] != "0" else None
    if digits.startswith("0"):
        return text if len(digits) in (10, 11) and digits[1] != "0" else None
    return text if _SHORT_NUMBER.match(digits) else None


def time_clean(value: str) -> time | None:
    """'8:00', '08:00' or '08.00' as a time; None when it is not a 24-hour time."""
    match = _TIME.match(str(value or "").strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def districts_clean(value: str | list[str]) -> tuple[list[str], list[str]]:
    """('LU1, lu2 LU2' → ['LU1', 'LU2'], []); the second list holds what is not a postcode district."""
    entries = value if isinstance(value, list) else re.split(r"[\s,;]+", str(value or ""))
    districts, bad = [], []
    for entry in entries:
        text = str(entry).strip().upper()
        if not text:
            continue
        if is_district(text) or is_area(text):
            if text not in districts:
                districts.append(text)
        else:
            bad.append(str(entry).strip())
    return districts, bad


def email_is_valid(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def url_is_valid(value: str) -> bool:
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        return False
    return True


DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def team_problems(values: dict) -> dict[str, str]:
    """A team's name, kind, e-mail addresses and phone number: {field: problem}."""
    problems = {}
    if not str(values.get("name") or "").strip():
        problems["name"] = "Enter the team's name"
    elif len(str(values["name"]).strip()) > 200:
        problems["name"] = "The team's name must be 200 characters or fewer"
    if values.get("kind") not in Team.Kind.values:
        problems["kind"] = "Select what the team does"
    if values.get("email") and not email_is_valid(values["email"]):
        problems["email"] = "Enter the team's e-mail address in the correct format, like team@council.gov.uk"
    if values.get("manager_email") and not email_is_valid(values["manager_email"]):
        problems["manager_email"] = (
            "Enter the manager's e-mail address in the correct format, like manager@council.gov.uk"
        )
    if values.get("phone") and phone_clean(values["phone"]) is None:
        problems["phone"] = "Enter the team's phone number in the correct format, like 01582 547653"
    return problems


def contact_problems(values: dict) -> dict[str, str]:
    """A contact's purpose, name, phone number, e-mail address, web address and order: {field: problem}."""
    problems = {}
    if values.get("purpose") not in Contact.Purpose.values:
        problems["purpose"] = "Select what the contact is for"
    if not str(values.get("name") or "").strip():
        problems["name"] = "Enter the contact's name"
    elif len(str(values["name"]).strip()) > 200:
        problems["name"] = "The contact's name must be 200 characters or fewer"
    if values.get("phone") and phone_clean(values["phone"]) is None:
        problems["phone"] = (
            "Enter the phone number in the correct format, like 01582 547653, or a short number like 101"
        )
    if values.get("email") and not email_is_valid(values["email"]):
        problems["email"] = "Enter the e-mail address in the correct format, like team@council.gov.uk"
    if values.get("url") and not url_is_valid(values["url"]):
        problems["url"] = "Enter the web address in the correct format, like https://www.council.gov.uk/"
    if values.get("hours_apply", Contact.Hours.DURING) not in Contact.Hours.values:
        problems["hours_apply"] = "Select when the opening hours apply"
    reason = str(values.get("no_number_reason") or "").strip()
    if len(reason) > 300:
        problems["no_number_reason"] = "Why there is no number must be 300 characters or fewer"
    elif not reason and not (values.get("phone") or values.get("email") or values.get("url")):
        problems["no_number_reason"] = (
            "Enter a phone number, e-mail address or web address, or say why there is no number, "
            "like new matters go through the PPU Support Team"
        )
    priority = values.get("priority", 10)
    if isinstance(priority, bool) or not isinstance(priority, int) or not 1 <= priority <= 99:
        problems["priority"] = "Order must be a whole number from 1 to 99"
    return problems


def period_problems(day: str, opens: str, closes: str) -> tuple[dict[str, str], tuple[time, time] | None]:
    """One day's opening and closing times as typed: ({"opens"|"closes": problem}, (opens, closes)).

    Both blank: closed that day, (no problems, None).
    """
    opens, closes = str(opens or "").strip(), str(closes or "").strip()
    if not opens and not closes:
        return {}, None
    problems = {}
    if not opens:
        problems["opens"] = f"Enter {day}'s opening time, or remove its closing time"
    elif time_clean(opens) is None:
        problems["opens"] = f"Enter {day}'s opening time as a 24-hour time, like 08:00"
    if not closes:
        problems["closes"] = f"Enter {day}'s closing time, or remove its opening time"
    elif time_clean(closes) is None:
        problems["closes"] = f"Enter {day}'s closing time as a 24-hour time, like 22:00"
    if problems:
        return problems, None
    period = (time_clean(opens), time_clean(closes))
    if period[1] <= period[0]:
        return {"closes": f"{day}'s closing time must be after its opening time"}, None
    return {}, period
