"""The school returns API: a school's management information system sends its deletions from and
additions to the admission register (the School Attendance (Pupil Registration) (England) Regulations
2024, regs 9 and 13), with the school's own API token (school_tokens.py). On the routes of /api/v1/
(the notifications API), with its own authentication: a council's token is refused here and a school's
token there.

    POST /api/v1/school-returns   one return, a JSON object; 201 with its id, or 400 naming each field
    GET  /api/v1/school-returns   the school's own returns, newest first (never another school's, never a case)

The checks are the form's and the CSV's (services.return_problems): one rule for every way in.
"""

import json
import time
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from safeguard.core import context
from safeguard.core.audit import audit_list_record
from safeguard.notifications.api import api
from safeguard.notifications.api.schemas import ErrorsOut

from . import services
from .models import SchoolReturn
from .returns_csv import COLUMNS, DATE_COLUMNS
from .school_tokens import school_api_token_actor, school_api_token_authenticate

RETURNS_LISTED = 100


class SchoolToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        record = school_api_token_authenticate(token)
        if record is not None:
            request.school_api_token = record
            current = context.current()
            context.set_current(
                context.RequestContext(ip_address=current.ip_address, actor_label=school_api_token_actor(record).label)
            )
        return record


class PerSchoolTokenThrottle(BaseThrottle):
    """At most API_REQUESTS_PER_MINUTE requests a minute per school token (as for councils' tokens)."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "school_api_token", None)
        if token is None:
            return True
        now = time.time()
        key = f"school-api-rate:{token.pk}:{int(now // 60)}"
        cache.add(key, 0, timeout=90)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=90)
            count = 1
        request.api_retry_after = 60 - now % 60
        return count <= settings.API_REQUESTS_PER_MINUTE

    def wait(self) -> float | None:
        return None


class ReturnCreatedOut(Schema):
    id: int
    return_type: str
    first_name: str
    last_name: str
    submitted_at: str


class ReturnOut(Schema):
    id: int
    return_type: str
    source: str
    first_name: str
    last_name: str
    date_of_birth: date
    upn: str
    ground: str
    deleted_on: date | None
    admitted_on: date | None
    submitted_at: str


def _bad(errors: dict[str, str]):
    return 400, {"errors": [{"field": name, "message": message} for name, message in errors.items()]}


def _read(body: bytes) -> tuple[str, dict, dict[str, str]]:
    """(kind, values, problems) from the JSON body; problems name the field and say what to do."""
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        return "", {}, {"body": "Send the return as a JSON object (Content-Type: application/json)"}
    if not isinstance(data, dict):
        return "", {}, {"body": "Send the return as a JSON object, one return a request"}
    problems: dict[str, str] = {}
    unknown = sorted(str(name) for name in data if name not in COLUMNS)
    if unknown:
        problems[unknown[0]] = f"Unknown field {', '.join(unknown)[:200]}: the fields are {', '.join(COLUMNS)}"
    kind = data.get("return_type")
    if kind not in SchoolReturn.Kind.values:
        problems["return_type"] = "Give return_type as deletion (taken off the roll) or admission (a new pupil)"
        kind = ""
    values: dict = {}
    for name in COLUMNS[1:]:
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            problems[name] = f"Give {name} as a JSON string"
            continue
        if name in DATE_COLUMNS:
            try:
                values[name] = date.fromisoformat(value.strip()) if value.strip() else None
            except ValueError:
                problems[name] = f"Give {name} as a date like 2026-09-14"
            continue
        values[name] = value
    return kind, values, problems


@api.post(
    "/school-returns",
    auth=SchoolToken(),
    throttle=[PerSchoolTokenThrottle()],
    response={201: ReturnCreatedOut, 400: ErrorsOut, 401: ErrorsOut, 429: ErrorsOut},
    summary="Send a school's return: a pupil deleted from the admission register, or a new pupil",
    description=(
        "With a school's API token. The body is one JSON object: return_type (deletion or admission), "
        "first_name, last_name, date_of_birth (2026-09-14), upn, address, postcode, parents, parent_phone; "
        "for a deletion the ground (" + ", ".join(services.DeletionGround.values) + "), deleted_on, "
        "absent_since (for absent_20_days), new_school, new_address; for a new pupil admitted_on and "
        "previous_school. A refused return is a 400 naming each field and what to do; nothing is kept."
    ),
)
def school_return_send(request: HttpRequest):
    token = request.school_api_token
    kind, values, problems = _read(request.body)
    if kind:
        facts = services.return_clean(kind, values)
        problems = services.return_problems(kind, facts, today=timezone.localdate()) | problems
    if problems:
        return _bad(problems)
    try:
        school_return = services.school_return_submit(
            actor=school_api_token_actor(token),
            host_council=token.host_council,
            school=token.school,
            kind=kind,
            source=SchoolReturn.Source.API,
            **values,
        )
    except services.ReturnInvalid as refusal:
        return _bad(refusal.errors)
    return 201, {
        "id": school_return.pk,
        "return_type": school_return.kind,
        "first_name": school_return.first_name,
        "last_name": school_return.last_name,
        "submitted_at": school_return.submitted_at.isoformat(),
    }


@api.get(
    "/school-returns",
    auth=SchoolToken(),
    throttle=[PerSchoolTokenThrottle()],
    response={200: list[ReturnOut], 401: ErrorsOut, 429: ErrorsOut},
    summary="List the school's own returns, newest first",
    description=f"The latest {RETURNS_LISTED} returns this school sent, by any way in (form, CSV or API).",
)
def school_returns_list(request: HttpRequest):
    token = request.school_api_token
    returns = list(
        SchoolReturn.objects.filter(school=token.school, host_council=token.host_council).order_by(
            "-submitted_at", "-pk"
        )[:RETURNS_LISTED]
    )
    audit_list_record(
        actor=school_api_token_actor(token),
        action="school_return.list",
        object_type="inclusion.schoolreturn",
        listing=f"school {token.school.urn} (API)",
        host_council=token.host_council,
    )
    return 200, [
        {
            "id": r.pk,
            "return_type": r.kind,
            "source": r.source,
            "first_name": r.first_name,
            "last_name": r.last_name,
            "date_of_birth": r.date_of_birth,
            "upn": r.upn,
            "ground": r.ground,
            "deleted_on": r.deleted_on,
            "admitted_on": r.admitted_on,
            "submitted_at": r.submitted_at.isoformat(),
        }
        for r in returns
    ]
