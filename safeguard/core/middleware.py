import ipaddress
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from . import context


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
