"""The JSON API for placing councils' case systems (OpenAPI at /api/v1/openapi.json).

Every request carries a council's bearer token; a council reads and writes only its own records.
Validation is the same function as every other way in (validation.notification_validate).
"""

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field

from safeguard.core import context
from safeguard.core.audit import Target, audit_access_record
from safeguard.register.selectors import children_placed_by

from . import services
from .models import IdempotencyRecord, Notification
from .tokens import api_token_authenticate


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


@api.exception_handler(NinjaValidationError)
def _unreadable(request, exc):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        errors.append({"field": ".".join(location) or "body", "message": str(error.get("msg", "is not valid"))})
    return _errors(400, errors or [{"field": "body", "message": "Send the notification as a JSON object"}], request)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _errors(exc.status_code, [{"field": "body", "message": str(exc)}], request)


class Loose(Schema):
    model_config = ConfigDict(extra="allow")


class Address(Loose):
    line1: str | None = None
    line2: str | None = None
    town: str | None = None
    postcode: str | None = Field(None, examples=["LU1 2BQ"])


class ChildIn(Loose):
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: str | None = Field(None, description="YYYY-MM-DD", examples=["2012-05-01"])
    sex: str | None = Field(None, description="F, M or U")
    nhs_number: str | None = Field(None, examples=["9434765919"])
    upn: str | None = Field(None, description="Unique pupil number")
    local_id: str | None = Field(None, description="Your council's own ID for the child")


class PlacementIn(Loose):
    type: str | None = Field(None, description="SSDA903 placement type code", examples=["U4"])
    start_date: str | None = Field(None, description="YYYY-MM-DD")
    end_date: str | None = Field(None, description="YYYY-MM-DD")
    end_reason: str | None = Field(None, description="SSDA903 reason episode ceased (REC) code")
    emergency: bool | None = None
    carer: str | None = None
    address: Address | None = None


class Move(Loose):
    date: str | None = Field(None, description="YYYY-MM-DD")
    address: Address | None = None


class Contact(Loose):
    name: str | None = None
    email: str | None = None
    phone: str | None = None


class SocialWorker(Contact):
    team: str | None = None


class EhcPlan(Loose):
    has_plan: bool | None = None
    maintaining_authority: str | None = Field(None, description="DfE code of the council maintaining the plan")


class NotificationIn(Loose):
    kind: str = Field(..., description="placement_start, change_of_address or placement_end")
    placing_authority: str | None = Field(None, description="Your council's DfE code (defaults to the token's)")
    child: ChildIn | None = None
    legal_status: str | None = Field(None, description="SSDA903 legal status code, or supervision_order")
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


@api.post(
    "/notifications",
    response={201: NotificationOut, 200: NotificationOut, 400: ErrorsOut, 401: ErrorsOut, 409: ErrorsOut},
    summary="Send a notification",
)
def notification_create(request: HttpRequest, payload: NotificationIn):
    """Notify a placement start, a change of address or a placement end.

    201 with the reference: `registered`, or `incomplete` (the facts still needed are listed in
    `missing`; the notification is kept), or `awaiting_match`. 400 with field-by-field errors for values
    that cannot be right; nothing is stored then. With an `Idempotency-Key` header, a retried request
    gets the first answer instead of making a second notification.
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
    response={200: NotificationOut, 404: ErrorsOut},
    summary="A notification your council sent",
)
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


@api.get("/children", response=list[ChildOut], summary="Your council's children on host councils' registers")
def children_list(request: HttpRequest, limit: int = 100, offset: int = 0):
    council = request.api_token.placing_authority
    limit = max(1, min(limit, 500))
    start = max(offset, 0)
    children = children_placed_by(council)[start : start + limit]
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
