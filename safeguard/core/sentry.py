"""Error reports to Sentry, when SENTRY_DSN is set, with personal data removed before they leave.

docs/adr/0013-logs-errors-and-metrics.md. Sentry's own `send_default_pii=False` already leaves out
cookies, the user's e-mail and address; `scrub_event` removes them again whatever the SDK's defaults
become, and also request bodies (a notification's answers, a referral's account), query strings (a
register search holds a child's name), the Referer (another page's query string), stack frames' local
variables and the detail PostgreSQL adds to an integrity error (the duplicated values).
Imported by the production settings: nothing from Django at module level.
"""

from typing import Any

from .logs import personal_data_removed

# Request headers that can carry a secret, a person's address or another page's query string.
_DROPPED_HEADERS = frozenset(
    {
        "authorization",
        "cookie",
        "proxy-authorization",
        "referer",
        "set-cookie",
        "x-csrftoken",
        "x-forwarded-for",
        "x-real-ip",
        "forwarded",
    }
)


def _scrub_text(text: Any) -> Any:
    return personal_data_removed(text) if isinstance(text, str) else text


def _without_query(url: Any) -> Any:
    return url.split("?", 1)[0] if isinstance(url, str) else url


def _scrub_request(request: dict) -> None:
    for key in ("data", "cookies", "query_string", "env"):
        request.pop(key, None)
    if "url" in request:
        request["url"] = _without_query(request["url"])
    headers = request.get("headers")
    if isinstance(headers, dict):
        request["headers"] = {k: v for k, v in headers.items() if k.lower() not in _DROPPED_HEADERS}


def _scrub_exception(exception: dict) -> None:
    for value in exception.get("values") or []:
        value["value"] = _scrub_text(value.get("value"))
        for frame in (value.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)


def scrub_breadcrumb(crumb: dict, hint: Any = None) -> dict:
    if "message" in crumb:
        crumb["message"] = _scrub_text(crumb["message"])
    data = crumb.get("data")
    if isinstance(data, dict):
        data.pop("http.query", None)
        data.pop("http.fragment", None)
        if "url" in data:
            data["url"] = _without_query(data["url"])
        if crumb.get("category") == "query":  # SQL: the statement, never its parameters
            data.pop("db.params", None)
            data.pop("params", None)
    return crumb


def scrub_event(event: dict, hint: Any = None) -> dict:
    """Sentry's `before_send`: the event without personal data. Returns the event it was given."""
    if isinstance(event.get("request"), dict):
        _scrub_request(event["request"])
    user = event.get("user")
    if isinstance(user, dict):
        # The staff member's id lets us find who saw the error; their e-mail, name and address stay here.
        event["user"] = {"id": user["id"]} if user.get("id") else {}
    if isinstance(event.get("exception"), dict):
        _scrub_exception(event["exception"])
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        for key in ("message", "formatted"):
            if key in logentry:
                logentry[key] = _scrub_text(logentry[key])
        logentry.pop("params", None)
    if "message" in event:
        event["message"] = _scrub_text(event["message"])
    event.pop("extra", None)  # log records' `extra`, e.g. Django's request object
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in values or []:
        scrub_breadcrumb(crumb)
    return event


def sentry_init(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float = 0.0) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )
