"""The one validation of a notification, used by the web form, the API, e-mail and SSDA903 intake.

It takes the payload shape in PAYLOAD.md and says, field by field in GOV.UK words, what is wrong
(`errors`: a value was given but cannot be right) and what is still needed (`missing`: a fact the
Care Planning Regulations and Luton's procedure (seed 001) say a notification must state).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.gb import nhs, upn

from safeguard.core.working_days import add_months
from safeguard.reference.codes import is_valid_code
from safeguard.reference.postcodes import postcode_normalise
from safeguard.register.models import SUPERVISION_ORDER

from .areas import host_for_postcode
from .destinations import end_reason_for

KINDS = ("placement_start", "change_of_address", "placement_end")
# Care leavers are supported to 25; no child looked after is older (Children and Social Work Act 2017, s.3).
LOOKED_AFTER_MAX_AGE_YEARS = 25
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’.\-][^\W\d_]+)*\.?$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{10,20}$")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass
class ValidationResult:
    facts: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)
    missing: list[FieldError] = field(default_factory=list)
    # Facts worth having that do not make a notification incomplete (shown on the register).
    recommended: list[FieldError] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def complete(self) -> bool:
        return not self.errors and not self.missing

    def fact(self, path: str, default=None):
        return self.facts.get(path, default)


def _get(payload: dict, path: str) -> Any:
    node: Any = payload
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    if isinstance(node, str):
        node = node.strip()
        return node or None
    return node


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class NotIsoDate(ValueError):
    """A date written another way (14/02/2011): the payload's dates are ISO 8601 (PAYLOAD.md)."""

    def __init__(self, example: str):
        super().__init__(example)
        self.example = example


def _parse_date(value: Any) -> date | None:
    """An ISO 8601 date (2011-02-14). Each way in turns what people write into this form first."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if _ISO_DATE.match(text):
        return date.fromisoformat(text)
    day_first = _DAY_FIRST.match(text)
    if day_first:
        day, month, year = (int(part) for part in day_first.groups())
        try:
            example = date(year, month, day).isoformat()
        except ValueError:
            example = "2026-11-20"
        raise NotIsoDate(example)
    raise ValueError


def _storable_text(text: str) -> bool:
    """PostgreSQL stores no NUL character, and UTF-8 no half of a UTF-16 surrogate pair."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unstorable_paths(node: Any, path: str = "") -> list[str]:
    """Where in a payload a key or a text holds a character that cannot be stored."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            inner = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and not _storable_text(key):
                found.append(path or "body")
            else:
                found.extend(unstorable_paths(value, inner))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(unstorable_paths(value, f"{path}.{index}" if path else str(index)))
    elif isinstance(node, str) and not _storable_text(node):
        found.append(path or "body")
    return found


def payload_storable(node: Any) -> Any:
    """The payload without the characters that cannot be stored (what e-mail intake keeps)."""
    if isinstance(node, dict):
        return {payload_storable(key): payload_storable(value) for key, value in node.items()}
    if isinstance(node, list):
        return [payload_storable(value) for value in node]
    if isinstance(node, str) and not _storable_text(node):
        return node.replace("\x00", "").encode("utf-8", "ignore").decode("utf-8")
    return node


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "y", "1"}:
        return True
    if text in {"false", "no", "n", "0"}:
        return False
    raise ValueError


class _Checker:
    def __init__(self, payload: dict, today: date, council_exists: Callable[[str], bool]):
        self.payload = payload if isinstance(payload, dict) else {}
        self.today = today
        self.council_exists = council_exists
        self.result = ValidationResult()

    def error(self, path: str, message: str) -> None:
        self.result.errors.append(FieldError(path, message))

    def need(self, path: str, message: str) -> None:
        self.result.missing.append(FieldError(path, message))

    def given(self, path: str) -> Any:
        return _get(self.payload, path)

    def text(self, path: str, label: str, max_length: int = 200, name: bool = False) -> str | None:
        value = self.given(path)
        if value is None:
            return None
        value = str(value).strip()
        if len(value) > max_length:
            self.error(path, f"{label} must be {max_length} characters or fewer")
        elif name and not _NAME.match(value):
            self.error(path, f"{label} must only include letters a to z, hyphens, spaces and apostrophes")
        else:
            self.result.facts[path] = value
            return value
        return None

    def date(self, path: str, label: str, *, past: bool = False) -> date | None:
        value = self.given(path)
        if value is None:
            return None
        try:
            parsed = _parse_date(value)
        except NotIsoDate as other_format:
            self.error(path, f"{label} must be in the format YYYY-MM-DD, like {other_format.example}")
            return None
        except (ValueError, TypeError):
            self.error(path, f"{label} must be a real date, like 2026-11-20")
            return None
        if parsed.year < 1900:
            self.error(path, f"{label} must be a real date, like 2026-11-20")
        elif past and parsed >= self.today:
            self.error(path, f"{label} must be in the past")
        else:
            self.result.facts[path] = parsed
            return parsed
        return None

    def boolean(self, path: str, label: str) -> bool | None:
        value = self.given(path)
        if value is None:
            return None
        try:
            parsed = _parse_bool(value)
        except ValueError:
            self.error(path, f"{label} must be yes or no")
            return None
        self.result.facts[path] = parsed
        return parsed

    def code(self, path: str, code_list: str, label: str, example: str, extra: tuple[str, ...] = ()) -> str | None:
        value = self.given(path)
        if value is None:
            return None
        value = str(value).strip()
        if value not in extra and not is_valid_code(code_list, value.upper()):
            self.error(path, f"{label} must be an SSDA903 code, like {example}")
            return None
        value = value if value in extra else value.upper()
        self.result.facts[path] = value
        return value

    def council(self, path: str, label: str) -> str | None:
        value = self.given(path)
        if value is None:
            return None
        value = str(value).strip()
        if not re.fullmatch(r"\d{3}", value):
            self.error(path, f"{label} must be a council's 3-digit DfE code, like 823")
        elif not self.council_exists(value):
            self.error(path, f"{label}: there is no English council with DfE code {value}")
        else:
            self.result.facts[path] = value
            return value
        return None

    def email(self, path: str, label: str) -> str | None:
        value = self.given(path)
        if value is None:
            return None
        value = str(value).strip()
        try:
            if len(value) > 254:
                raise DjangoValidationError("too long")
            validate_email(value)
        except DjangoValidationError:
            self.error(path, f"Enter {label} in the correct format, like name@example.com")
            return None
        self.result.facts[path] = value.lower()
        return value

    def phone(self, path: str, label: str) -> str | None:
        value = self.given(path)
        if value is None:
            return None
        value = str(value).strip()
        digits = re.sub(r"\D", "", value)
        if not _PHONE.match(value) or not 10 <= len(digits) <= 13:
            self.error(path, f"Enter {label}, like 01632 960 001 or +44 808 157 0192")
            return None
        self.result.facts[path] = value
        return value

    def postcode(self, path: str, label: str) -> str | None:
        value = self.given(path)
        if value is None:
            return None
        normal = postcode_normalise(str(value))
        if normal is None:
            self.error(path, f"Enter a real postcode for {label}, like LU1 2BQ")
            return None
        self.result.facts[path] = normal
        return normal

    def identifier(self, path: str, module, label: str, example: str) -> str | None:
        value = self.given(path)
        if value is None:
            return None
        try:
            compact = module.validate(str(value))
        except StdnumError:
            self.error(path, f"Enter a real {label}, like {example}")
            return None
        self.result.facts[path] = compact
        return compact

    def contact(self, prefix: str, who: str, *, required: bool) -> None:
        name = self.text(f"{prefix}.name", f"The {who}'s name", name=True)
        email = self.email(f"{prefix}.email", f"the {who}'s email address")
        phone = self.phone(f"{prefix}.phone", f"the {who}'s phone number")
        if prefix == "social_worker":
            self.text(f"{prefix}.team", f"The {who}'s team")
        if not required:
            return
        if name is None and f"{prefix}.name" not in self.error_fields():
            self.need(f"{prefix}.name", f"Enter the {who}'s name")
        if email is None and phone is None and not {f"{prefix}.email", f"{prefix}.phone"} & self.error_fields():
            self.need(f"{prefix}.email", f"Enter the {who}'s email address or phone number")

    def error_fields(self) -> set[str]:
        return {e.field for e in self.result.errors}

    def require(self, path: str, message: str) -> None:
        if path not in self.result.facts and path not in self.error_fields():
            self.need(path, message)

    def recommend(self, path: str, message: str) -> None:
        if path not in self.result.facts and path not in self.error_fields():
            self.result.recommended.append(FieldError(path, message))

    def address(self, prefix: str, label: str) -> None:
        self.text(f"{prefix}.line1", "Address line 1")
        self.text(f"{prefix}.line2", "Address line 2")
        self.text(f"{prefix}.town", "Town or city", max_length=100)
        self.postcode(f"{prefix}.postcode", label)


def notification_validate(
    payload: dict, *, today: date | None = None, council_exists: Callable[[str], bool] | None = None
) -> ValidationResult:
    """Check a notification payload: every value given, and every fact the notification must state.

    Must state (seed 001; Care Planning Regulations 2010 reg 13, 14): the child's name and date of
    birth; the legal status; the placing council's and the IRO's contact details; whether the child
    has an EHC plan and, if so, which council maintains it. For a start, the start date and the
    placement's postcode; for a move, its date and new postcode; for an end, its date and reason.
    """
    if council_exists is None:
        from safeguard.reference.selectors import council_by_dfe_code

        def council_exists(code: str) -> bool:
            return council_by_dfe_code(code) is not None

    check = _Checker(payload, today or timezone.localdate(), council_exists)
    facts = check.result.facts
    for path in dict.fromkeys(unstorable_paths(check.payload)):
        check.error(path, f"Remove the character that cannot be stored (a NUL or half a UTF-16 pair) from {path}")

    kind = check.given("kind")
    if kind is None:
        check.need("kind", "Select what the notification is about")
    elif kind not in KINDS:
        check.error("kind", "Kind must be placement_start, change_of_address or placement_end")
    else:
        facts["kind"] = kind

    check.council("placing_authority", "Placing council")
    check.text("child.first_name", "The child's first name", max_length=100, name=True)
    check.text("child.last_name", "The child's last name", max_length=100, name=True)
    check.date("child.date_of_birth", "The child's date of birth", past=True)
    sex = check.given("child.sex")
    if sex is not None:
        sex_code = {"f": "F", "female": "F", "2": "F", "m": "M", "male": "M", "1": "M", "u": "U"}.get(
            str(sex).strip().lower()
        )
        if sex_code is None:
            check.error("child.sex", "Sex must be F, M or U")
        else:
            facts["child.sex"] = sex_code
    check.identifier("child.nhs_number", nhs, "NHS number", "943 476 5919")
    check.identifier("child.upn", upn, "unique pupil number (UPN)", "A123456789012")
    check.text("child.local_id", "The placing council's child ID", max_length=50)
    legal_status = check.code(
        "legal_status", "legal_status", "Legal status", "C2, or supervision_order", extra=(SUPERVISION_ORDER,)
    )
    born = facts.get("child.date_of_birth")
    oldest = add_months(check.today, -12 * LOOKED_AFTER_MAX_AGE_YEARS)
    if born and born <= oldest and legal_status != SUPERVISION_ORDER:
        check.error("child.date_of_birth", f"The child's date of birth must be after {oldest.day} {oldest:%B %Y}")
        facts.pop("child.date_of_birth", None)
        born = None

    check.code("placement.type", "placement_type", "Placement type", "U4")
    start = check.date("placement.start_date", "The placement start date")
    end = check.date("placement.end_date", "The placement end date")
    if start and end and end < start:
        check.error("placement.end_date", "The placement end date must be the same as or after the start date")
        facts.pop("placement.end_date", None)
    check.code("placement.end_reason", "reason_episode_ceased", "Reason the placement ended", "E11")
    destination = check.given("placement.destination")
    if destination is not None:
        code = end_reason_for(str(destination))
        if code is None:
            check.error("placement.destination", "Select where the child went when the placement ended")
        else:  # the plain answer decides the code (destinations.py)
            facts["placement.destination"] = str(destination)
            facts["placement.end_reason"] = code
    check.boolean("placement.emergency", "Whether the placement was an emergency")
    check.text("placement.carer", "Carer or provider")
    check.address("placement.address", "the placement")
    move_date = check.date("move.date", "The date of the move")
    if move_date and start and move_date < start:
        check.error("move.date", "The date of the move must be the same as or after the placement start date")
        facts.pop("move.date", None)
    check.address("move.address", "the new address")
    carer_changed = check.boolean("move.carer_changed", "Whether the carer or provider changed")
    new_carer = check.text("move.carer", "The new carer or provider")
    if carer_changed is None and new_carer is None and kind == "change_of_address" and facts.get("placement.carer"):
        # A move that names the carer (as API clients did before the question was asked) says who it is now.
        facts["move.carer_changed"], facts["move.carer"] = True, facts["placement.carer"]
        carer_changed = True
    type_changed = check.boolean("move.type_changed", "Whether the placement type changed")
    check.code("move.type", "placement_type", "The new placement type", "U4")
    for path, label in (
        ("placement.start_date", "Placement start date"),
        ("placement.end_date", "Placement end date"),
        ("move.date", "The date of the move"),
    ):
        if born and facts.get(path) and facts[path] < born:
            check.error(path, f"{label} must be on or after the child's date of birth")
            facts.pop(path, None)

    is_start, is_move, is_end = kind == "placement_start", kind == "change_of_address", kind == "placement_end"
    postcode = facts.get("placement.address.postcode")
    if is_start and postcode and host_for_postcode(postcode) is None:
        check.error(
            "placement.address.postcode",
            f"{postcode} is not in an area served by a host council on Safeguard. Check the postcode",
        )
    check.contact("social_worker", "social worker", required=is_start)
    check.contact("iro", "IRO", required=is_start)
    has_plan = check.boolean("ehc_plan.has_plan", "Whether the child has an EHC plan")
    check.council("ehc_plan.maintaining_authority", "The council that maintains the EHC plan")

    check.require("placing_authority", "Enter the placing council")
    check.require("child.first_name", "Enter the child's first name")
    check.require("child.last_name", "Enter the child's last name")
    check.require("child.date_of_birth", "Enter the child's date of birth")
    if is_start:
        check.require("legal_status", "Select the child's legal status")
        check.require("ehc_plan.has_plan", "Say whether the child has an EHC plan")
        if has_plan:
            check.require("ehc_plan.maintaining_authority", "Enter the council that maintains the EHC plan")
        check.require("placement.start_date", "Enter the placement start date")
        check.require("placement.address.postcode", "Enter the placement's postcode")
        check.recommend("placement.type", "Select the placement type")
        check.recommend("placement.address.line1", "Enter the placement's address")
        check.recommend("placement.carer", "Enter the carer or provider")
        check.recommend("child.sex", "Enter the child's sex")
    if is_move:
        check.require("move.date", "Enter the date of the move")
        check.require("move.address.postcode", "Enter the new address's postcode")
        # What moves with the child is asked, never assumed: the old carer does not carry over silently.
        check.require("move.carer_changed", "Select whether the carer or provider changed")
        if carer_changed:
            check.require("move.carer", "Enter the new carer or provider")
        check.require("move.type_changed", "Select whether the placement type changed")
        if type_changed:
            check.require("move.type", "Select the new placement type")
    if is_end:
        check.require("placement.end_date", "Enter the placement end date")
        if "placement.end_reason" not in facts and not {"placement.end_reason", "placement.destination"} & (
            check.error_fields()
        ):
            check.need("placement.destination", "Select where the child went when the placement ended")
    if not (facts.get("child.nhs_number") or facts.get("child.upn")):
        check.recommend("child.nhs_number", "Enter the child's NHS number")
    return check.result
