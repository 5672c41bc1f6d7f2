"""The JSON API for placing councils' case systems (OpenAPI at /api/v1/openapi.json).

Every request carries a council's bearer token; a council reads and writes only its own records.
Validation is the same function as every other way in (validation.notification_validate).
"""

import functools
import hashlib
import json
import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from safeguard.core import context
from safeguard.register.selectors import children_listed_for_api

from .. import selectors, services
from ..models import IdempotencyRecord, Notification
from ..selectors import notification_get_for_token
from .errors import field_error
from .schemas import ChildOut, ErrorsOut, NotificationIn, NotificationOut

logger = logging.getLogger(__name__)


class CouncilToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        record = services.api_token_authenticate(token)
        if record is not None:
            request.api_token = record
            # The audit trail names the token as the actor of everything this request does.
            current = context.current()
            context.set_current(
                context.RequestContext(
                    ip_address=current.ip_address,
                    actor_label=services.api_token_actor(record).label,
                )
            )
        return record


class PerTokenThrottle(BaseThrottle):
    """At most API_REQUESTS_PER_MINUTE requests a minute per token, counted in the shared cache.

    The count fails open: when the cache (Redis) cannot be reached the request is let through and the
    fault logged, as the public forms' limits do (core.throttle). A placing council's notification is
    worth more than the limit, and the database, not the cache, holds what it writes."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "api_token", None)
        if token is None:
            return True
        now = time.time()
        key = f"api-rate:{token.pk}:{int(now // 60)}"
        try:
            cache.add(key, 0, timeout=90)
            try:
                count = cache.incr(key)
            except ValueError:  # the minute's count expired between the two calls
                cache.set(key, 1, timeout=90)
                count = 1
        except Exception:  # any failure of the cache: the limit must never stop a notification
            logger.exception("API rate limit: the cache is unreachable; the request is let through")
            return True
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


@api.exception_handler(NinjaValidationError)
def _unreadable(request, exc):
    errors = [field_error(request, error) for error in exc.errors]
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
        previous = selectors.idempotency_record_get(token=token, key=key)
        if previous is not None:
            return _replay(previous, request_hash)
    try:
        with transaction.atomic():
            notification, routed = services.notification_receive(
                actor=services.api_token_actor(token),
                channel=Notification.Channel.API,
                payload=body,
                placing_authority=token.placing_authority,
            )
            answer = _answer(notification, routed)
            if key:
                services.idempotency_record(
                    token=token, key=key, request_hash=request_hash, response_status=201, response_body=answer
                )
    except services.NotificationRejected as rejected:
        return Status(400, {"errors": [e.as_dict() for e in rejected.field_errors]})
    except IntegrityError:  # the same key arrived twice at once: answer as the first did
        previous = selectors.idempotency_record_get(token=token, key=key)
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
    notification = notification_get_for_token(request.api_token, reference)
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
    children = children_listed_for_api(
        council, actor=services.api_token_actor(request.api_token), offset=offset, limit=limit
    )
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
