import logging
import sys

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """A GOV.UK error page, even for a request that stopped before the middleware gave it a user
    (an unknown Host header), and plain words if the page itself fails (the database is down)."""
    if not hasattr(request, "user"):
        request.user = AnonymousUser()
    try:
        return render(request, template, status=status)
    except Exception:  # never a trace, never a second error
        logger.exception("The %s error page failed", status)
        return HttpResponse(
            "<!DOCTYPE html><html lang='en'><title>Sorry, there is a problem with the service</title>"
            "<h1>Sorry, there is a problem with the service</h1><p>Try again later. If a child is in immediate"
            " danger, call 999.</p></html>",
            status=status,
        )


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "core/errors/400.html", 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "core/errors/403.html", 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, "core/errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    return _error_page(request, "core/errors/500.html", 500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The database could not be reached (restarting, failing over): 503 with Retry-After, not a 500.

    The request's work was in a transaction the database did not commit, so nothing of it was written;
    an API client retries after Retry-After with the same Idempotency-Key and gets one notification
    (docs/adr/0033-concurrent-writers-and-edit-conflicts.md). The page is drawn without the person's
    session, which lives in the database too."""
    wait = str(getattr(settings, "DATABASE_UNAVAILABLE_RETRY_AFTER", 10))
    logger.warning("The database is unavailable: 503 for %s %s", request.method, request.path)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "errors": [
                    {
                        "field": "",
                        "message": f"The service is unavailable for a moment and nothing was saved: send the "
                        f"same request again after {wait} seconds, with the same Idempotency-Key",
                    }
                ]
            },
            status=503,
        )
    else:
        request.user = AnonymousUser()
        response = _error_page(request, "core/errors/503.html", 503)
    response["Retry-After"] = wait
    response["Cache-Control"] = "private, no-store"
    return response
