import ipaddress
from collections.abc import Callable

import sentry_sdk
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from . import context, logs


def client_ip(request: HttpRequest) -> str | None:
    # Behind the production proxy the client address is the first of X-Forwarded-For.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    raw = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
    try:
        # Normalised, so the address reads back from the database exactly as it was hashed.
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


class RequestContextMiddleware:
    """Makes the client's address available to services that write audit events."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.set_current(context.RequestContext(ip_address=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            context.reset(token)


class RequestIdMiddleware:
    """Gives every request an id: the incoming X-Request-ID when it is well formed (a proxy's), else a new
    one. Log lines carry it (safeguard.core.logs), and so does the response, so a person's report of a
    failed page can be found in the logs and in Sentry.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(logs.REQUEST_ID_HEADER)
        request_id = incoming if logs.request_id_is_well_formed(incoming) else logs.request_id_new()
        request.request_id = request_id
        token = logs.request_id_set(request_id)
        sentry_sdk.set_tag("request_id", request_id)
        try:
            response = self.get_response(request)
        finally:
            logs.request_id_reset(token)
        response[logs.REQUEST_ID_HEADER] = request_id
        return response


class PrivateResponseMiddleware:
    """Pages and files with personal data are kept by no cache: not the browser's, not a proxy's.

    Every response to a signed-in person or an API token, and every download (an export), gets
    `Cache-Control: private, no-store`, as the photographs and the grab pack always had.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = _signed_in(request)
        response = self.get_response(request)
        if (
            signed_in
            or _signed_in(request)
            or getattr(request, "api_token", None) is not None
            or response.get("Content-Disposition", "").startswith("attachment")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
