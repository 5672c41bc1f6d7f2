"""The JSON API for placing councils' case systems (OpenAPI at /api/v1/openapi.json).

Every request carries a council's bearer token; a council reads and writes only its own records.
Validation is the same function as every other way in (validation.notification_validate).
"""

import functools
import hashlib
import json
import time
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from safeguard.core import context
from safeguard.core.audit import Target, audit_access_record
from safeguard.reference.codes import code_list
from safeguard.register.models import SUPERVISION_ORDER
from safeguard.register.selectors import children_placed_by

from . import services
from .models import IdempotencyRecord, Notification
from .tokens import api_token_authenticate
from .validation import KINDS, notification_validate


class CouncilToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        record = api_token_authenticate(token)
        if record is not None:
            request.api_token = record
            # The audit trail names the token as the actor of everything this request does.
            current = context.current()
            context.set_current(
                context.RequestContext(
                    ip_address=current.ip_address,
                    actor_label=f"API token {record.prefix}… of {record.placing_authority.name}",
                )
            )
        return record


class PerTokenThrottle(BaseThrottle):
    """At most API_REQUESTS_PER_MINUTE requests a minute per token, counted in the shared cache."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "api_token", None)
        if token is None:
            return True
        now = time.time()
        key = f"api-rate:{token.pk}:{int(now // 60)}"
        cache.add(key, 0, timeout=90)
        try:
            count = cache.incr(key)
        except ValueError:  # the minute's count expired between the two calls
            cache.set(key, 1, timeout=90)
            count = 1
        request.api_retry_after = 60 - now % 60
        return count <= settings.API_REQUESTS_PER_MINUTE

    def wait(self) -> float | None:
        return None  # set per request by the handler below, from request.api_retry_after


api = NinjaAPI(
    title="Safeguard API",
    version="1",
    description=(
        "Notify a host council of a looked-after child's placement, change of address or placement end, and "
        "list your council's children on host councils' registers. Authenticate with `Authorization: Bearer "
        "<token>`; tokens are issued per placing council. Retry a POST safely with an `Idempotency-Key` header."
    ),
    urls_namespace="api",
    auth=CouncilToken(),
    docs_url=None,
    throttle=[PerTokenThrottle()],
)


def _errors(status: int, errors: list[dict], request: HttpRequest):
    return api.create_response(request, {"errors": errors}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    return _errors(
        401,
        [{"field": "Authorization", "message": "Send a valid API token as 'Authorization: Bearer <token>'"}],
        request,
    )


_EXPECTED = {
    "model_type": "a JSON object",
    "model_attributes_type": "a JSON object",
    "dict_type": "a JSON object",
    "string_type": "a JSON string",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    return "a JSON object"


_NOTHING = object()


def _sent(request: HttpRequest, error: dict) -> Any:
    """The value sent at the error's place in the JSON body (ninja leaves it out of the error)."""
    if "input" in error:
        return error["input"]
    if not error.get("loc") or error["loc"][0] != "body":
        return _NOTHING
    try:
        node = json.loads(request.body)
        for part in error["loc"][2:]:
            node = node[part]
    except (ValueError, KeyError, IndexError, TypeError):
        return _NOTHING
    return node


def _field_error(request: HttpRequest, error: dict) -> dict[str, str]:
    """One pydantic error in our words: the field, what it must be, and what was sent."""
    location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
    field = ".".join(location) or "body"
    kind = error.get("type", "")
    if kind == "missing":
        return {"field": field, "message": f"Enter {field}"}
    if kind == "json_invalid":
        return {"field": "body", "message": "Send the notification as a JSON object: the body is not valid JSON"}
    if kind in ("greater_than_equal", "less_than_equal"):
        return {"field": field, "message": f"{field} {error.get('msg', 'is out of range').lower()}"}
    if kind in ("literal_error", "string_pattern_mismatch", "enum"):
        return {"field": field, "message": _value_message(field, _sent(request, error))}
    if kind in _EXPECTED:
        name = "The body" if field == "body" else field
        sent = _sent(request, error)
        message = f"{name} must be {_EXPECTED[kind]}"
        return {"field": field, "message": message if sent is _NOTHING else f"{message}, not {_json_type(sent)}"}
    return {"field": field, "message": str(error.get("msg", "is not valid"))}


_EXAMPLES = {
    "kind": "placement_start",
    "sex": "F",
    "legal_status": "C2",
    "type": "U4",
    "end_reason": "E11",
    "placing_authority": "823",
    "maintaining_authority": "823",
}


def _value_message(field: str, sent: Any) -> str:
    """The one validation's words for a value of the wrong form; its own check when it would take it."""
    if sent is not _NOTHING and not isinstance(sent, str):
        return f"{field} must be a JSON string, not {_json_type(sent)}"
    if isinstance(sent, str) and sent.strip():
        payload: dict = {}
        node = payload
        *parents, last = field.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = sent
        for error in notification_validate(payload, council_exists=lambda code: True).errors:
            if error.field == field:
                return error.message
    if isinstance(sent, str) and not sent.strip():
        return f"Leave {field} out, or send null, when it is not known"
    example = _EXAMPLES.get(field.rsplit(".", 1)[-1], "the OpenAPI document's form")
    return f"{field} must be written exactly as the OpenAPI document lists it, like {example}"


@api.exception_handler(NinjaValidationError)
def _unreadable(request, exc):
    errors = [_field_error(request, error) for error in exc.errors]
    return _errors(400, errors or [{"field": "body", "message": "Send the notification as a JSON object"}], request)


@api.exception_handler(RequestDataTooBig)
def _too_large(request, exc):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    return _errors(413, [{"field": "body", "message": f"The request must be {limit} KB or smaller"}], request)


@api.exception_handler(Throttled)
def _throttled(request, exc):
    wait = max(1, round(getattr(request, "api_retry_after", 60)))
    response = _errors(
        429,
        [{"field": "Authorization", "message": f"Too many requests from this token: try again in {wait} seconds"}],
        request,
    )
    response["Retry-After"] = str(wait)
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _errors(exc.status_code, [{"field": "body", "message": str(exc)}], request)


class Loose(BaseModel):
    # A pydantic model, not ninja's Schema: Schema reads attributes of any value, so `"child": []` passed
    # as "nothing given" instead of a wrong type. Unknown keys are kept (PAYLOAD.md).
    model_config = ConfigDict(extra="allow")


# Values with a fixed form are checked here, so the OpenAPI document and the API cannot disagree;
# notification_validate then checks what a schema cannot (a council that exists, a real date, an NHS
# number's check digit, a postcode in a host area) and what every way in must state.
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})]
DfeCode = Annotated[str, Field(pattern=r"^\d{3}$", examples=["823"])]
Kind = Literal[KINDS]  # type: ignore[valid-type]
Sex = Literal["F", "M", "U"]
LegalStatus = Literal[(*code_list("legal_status"), SUPERVISION_ORDER)]  # type: ignore[valid-type]
PlacementType = Literal[tuple(code_list("placement_type"))]  # type: ignore[valid-type]
EndReason = Literal[tuple(code_list("reason_episode_ceased"))]  # type: ignore[valid-type]


class Address(Loose):
    line1: str | None = None
    line2: str | None = None
    town: str | None = None
    postcode: str | None = Field(None, examples=["LU1 2BQ"])


class ChildIn(Loose):
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: IsoDate | None = Field(None, description="YYYY-MM-DD (ISO 8601)", examples=["2012-05-01"])
    sex: Sex | None = None
    nhs_number: str | None = Field(None, examples=["9434765919"])
    upn: str | None = Field(None, description="Unique pupil number")
    local_id: str | None = Field(None, description="Your council's own ID for the child")


class PlacementIn(Loose):
    type: PlacementType | None = Field(None, description="SSDA903 placement type code", examples=["U4"])
    start_date: IsoDate | None = Field(None, description="YYYY-MM-DD (ISO 8601)")
    end_date: IsoDate | None = Field(None, description="YYYY-MM-DD (ISO 8601)")
    end_reason: EndReason | None = Field(None, description="SSDA903 reason episode ceased (REC) code")
    emergency: StrictBool | None = None
    carer: str | None = None
    address: Address | None = None


class Move(Loose):
    date: IsoDate | None = Field(None, description="YYYY-MM-DD (ISO 8601)")
    address: Address | None = None


class Contact(Loose):
    name: str | None = None
    email: str | None = None
    phone: str | None = None


class SocialWorker(Contact):
    team: str | None = None


class EhcPlan(Loose):
    has_plan: StrictBool | None = None
    maintaining_authority: DfeCode | None = Field(None, description="DfE code of the council maintaining the plan")


class NotificationIn(Loose):
    kind: Kind = Field(..., description="What the notification is about")
    placing_authority: DfeCode | None = Field(None, description="Your council's DfE code (defaults to the token's)")
    child: ChildIn | None = None
    legal_status: LegalStatus | None = Field(None, description="SSDA903 legal status code, or supervision_order")
    placement: PlacementIn | None = None
    move: Move | None = None
    social_worker: SocialWorker | None = None
    iro: Contact | None = None
    ehc_plan: EhcPlan | None = None


class NotificationOut(Schema):
    reference: str
    status: str = Field(..., description="registered, incomplete or awaiting_match")
    child_id: int | None
    routed_to: list[str]
    missing: list[dict[str, str]] = Field(default_factory=list, description="facts still needed, field by field")
    late_working_days: int | None = None


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorsOut(Schema):
    errors: list[FieldErrorOut]


class ChildOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: str
    local_id: str
    legal_status: str
    host_council: str
    placement_start: str | None
    placement_end: str | None
    postcode: str | None


def _answer(notification: Notification, routed: list[str]) -> dict[str, Any]:
    return {
        "reference": notification.reference,
        "status": notification.status,
        "child_id": notification.child_id,
        "routed_to": routed,
        "missing": notification.missing,
        "late_working_days": notification.late_working_days,
    }


def _known_query(*names: str):
    """Refuse query parameters the operation does not have (a typo like `limt` would pass unnoticed)."""

    def decorate(view):
        @functools.wraps(view)
        def checked(request: HttpRequest, *args, **kwargs):
            unknown = sorted(set(request.GET) - set(names))
            if unknown:
                allowed = ", ".join(names) or "none"
                return Status(
                    400,
                    {
                        "errors": [
                            {
                                "field": name or "query",
                                "message": f"Unknown query parameter (this one takes: {allowed})",
                            }
                            for name in unknown
                        ]
                    },
                )
            return view(request, *args, **kwargs)

        return checked

    return decorate


# Every answer other than success has the same shape: field-by-field errors.
_ERRORS_READ = {400: ErrorsOut, 401: ErrorsOut, 429: ErrorsOut}


@api.post(
    "/notifications",
    response={201: NotificationOut, **_ERRORS_READ, 409: ErrorsOut, 413: ErrorsOut},
    summary="Send a notification",
)
@_known_query()
def notification_create(request: HttpRequest, payload: NotificationIn):
    """Notify a placement start, a change of address or a placement end.

    201 with the reference: `registered`, or `incomplete` (the facts still needed are listed in
    `missing`; the notification is kept), or `awaiting_match`. 400 with field-by-field errors for values
    that cannot be right or of the wrong JSON type; nothing is stored then. Dates are ISO 8601
    (YYYY-MM-DD). With an `Idempotency-Key` header, a retried request gets the first answer instead of
    making a second notification; 409 when the key was used for a different notification. 401 without
    a valid token, 413 for a body over the size limit, 429 (with Retry-After) for too many requests.
    """
    token = request.api_token
    body = payload.model_dump(exclude_none=True)
    key = request.headers.get("Idempotency-Key", "").strip()[:255]
    request_hash = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    if key:
        previous = IdempotencyRecord.objects.filter(token=token, key=key).first()
        if previous is not None:
            return _replay(previous, request_hash)
    try:
        with transaction.atomic():
            notification, routed = services.notification_receive(
                actor=None,
                channel=Notification.Channel.API,
                payload=body,
                placing_authority=token.placing_authority,
            )
            answer = _answer(notification, routed)
            if key:
                IdempotencyRecord.objects.create(
                    token=token, key=key, request_hash=request_hash, response_status=201, response_body=answer
                )
    except services.NotificationRejected as rejected:
        return Status(400, {"errors": [e.as_dict() for e in rejected.errors]})
    except IntegrityError:  # the same key arrived twice at once: answer as the first did
        previous = IdempotencyRecord.objects.filter(token=token, key=key).first()
        if previous is None:
            raise
        return _replay(previous, request_hash)
    return Status(201, answer)


def _replay(previous: IdempotencyRecord, request_hash: str):
    if previous.request_hash != request_hash:
        return Status(
            409,
            {
                "errors": [
                    {
                        "field": "Idempotency-Key",
                        "message": "This Idempotency-Key was used for a different notification",
                    }
                ]
            },
        )
    return Status(previous.response_status, previous.response_body)


@api.get(
    "/notifications/{reference}",
    response={200: NotificationOut, **_ERRORS_READ, 404: ErrorsOut},
    summary="A notification your council sent",
)
@_known_query()
def notification_read(request: HttpRequest, reference: str):
    notification = (
        Notification.objects.filter(reference=reference, placing_authority=request.api_token.placing_authority)
        .exclude(status=Notification.Status.DRAFT)
        .first()
    )
    if notification is None:
        return Status(
            404, {"errors": [{"field": "reference", "message": "No notification from your council has this reference"}]}
        )
    return Status(200, _answer(notification, list(notification.work_items.values_list("team__name", flat=True))))


@api.get(
    "/children",
    response={200: list[ChildOut], **_ERRORS_READ},
    summary="Your council's children on host councils' registers",
)
@_known_query("limit", "offset")
def children_list(
    request: HttpRequest,
    limit: int = Query(100, ge=1, le=500, description="How many children to list (1 to 500)"),
    offset: int = Query(0, ge=0, le=10_000_000, description="How many to skip"),
):
    council = request.api_token.placing_authority
    children = children_placed_by(council)[offset : offset + limit]
    audit_access_record(actor=None, action="child.list_api", target=Target("register.child", ""), host_council=None)
    rows = []
    for child in children:
        placements = sorted(child.placements.all(), key=lambda p: p.start_date, reverse=True)
        current = placements[0] if placements else None
        rows.append(
            {
                "id": child.pk,
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": child.date_of_birth.isoformat(),
                "local_id": child.local_id,
                "legal_status": child.legal_status,
                "host_council": child.host_council.name,
                "placement_start": current.start_date.isoformat() if current else None,
                "placement_end": current.end_date.isoformat() if current and current.end_date else None,
                "postcode": current.postcode if current else None,
            }
        )
    return rows
