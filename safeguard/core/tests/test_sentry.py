"""Error reports to Sentry leave personal data behind."""

import json

from safeguard.core.logs import REMOVED
from safeguard.core.sentry import scrub_breadcrumb, scrub_event


def an_event() -> dict:
    """Shaped as sentry-sdk's Django integration sends one for a failed notification form."""
    return {
        "level": "error",
        "request": {
            "url": "https://safeguard.example.gov.uk/children/?q=Ava+Placed",
            "method": "POST",
            "query_string": "q=Ava+Placed",
            "data": {"child-first_name": "Ava", "child-last_name": "Placed"},
            "cookies": {"sessionid": "s3ss10nvalue", "csrftoken": "def456"},
            "headers": {
                "Host": "safeguard.example.gov.uk",
                "User-Agent": "Firefox",
                "Cookie": "sessionid=s3ss10nvalue",
                "Authorization": "Bearer sg_secret",
                "Referer": "https://safeguard.example.gov.uk/children/?q=Milo+Missing",
                "X-Forwarded-For": "203.0.113.9",
                "X-Request-ID": "abc12345-request",
            },
            "env": {"REMOTE_ADDR": "203.0.113.9", "SERVER_NAME": "safeguard"},
        },
        "user": {
            "id": "42",
            "email": "sam.jones@herts.example",
            "username": "sam.jones@herts.example",
            "ip_address": "203.0.113.9",
        },
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": 'duplicate key value violates unique constraint "x"\nDETAIL:  Key (email)=(sam.jones@herts.example) already exists.',
                    "stacktrace": {"frames": [{"function": "child_save", "vars": {"first_name": "'Ava'"}}]},
                }
            ]
        },
        "logentry": {
            "message": "Could not tell %s",
            "params": ["iro@herts.example"],
            "formatted": "Could not tell iro@herts.example",
        },
        "extra": {"request": "<WSGIRequest: POST '/children/?q=Ava+Placed'>"},
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": "SELECT … WHERE first_name = %s", "data": {"db.params": ["Ava"]}},
                {
                    "category": "httplib",
                    "data": {"url": "https://api.notify/x?email=a@b.example", "http.query": "email=a@b.example"},
                },
                {"category": "django.request", "message": "Not Found: /children/12/"},
            ]
        },
        "tags": {"request_id": "abc12345-request"},
    }


def test_the_event_keeps_what_helps_and_loses_personal_data():
    event = scrub_event(an_event(), hint=None)
    text = json.dumps(event)
    for personal in (
        "Ava",
        "Placed",
        "Milo",
        "sam.jones",
        "herts.example",
        "s3ss10nvalue",
        "sg_secret",
        "203.0.113.9",
        "b.example",
    ):
        assert personal not in text, personal
    request = event["request"]
    assert request["url"] == "https://safeguard.example.gov.uk/children/"
    assert set(request) == {"url", "method", "headers"}
    assert request["headers"] == {
        "Host": "safeguard.example.gov.uk",
        "User-Agent": "Firefox",
        "X-Request-ID": "abc12345-request",
    }
    assert event["user"] == {"id": "42"}
    exception = event["exception"]["values"][0]
    assert exception["value"] == 'duplicate key value violates unique constraint "x"\nDETAIL: [removed]'
    assert exception["stacktrace"]["frames"] == [{"function": "child_save"}]
    assert event["logentry"] == {"message": "Could not tell %s", "formatted": f"Could not tell {REMOVED}"}
    assert "extra" not in event
    assert event["breadcrumbs"]["values"][2]["message"] == "Not Found: /children/12/"
    assert event["tags"] == {"request_id": "abc12345-request"}


def test_a_breadcrumb_loses_query_strings_and_sql_parameters():
    crumb = scrub_breadcrumb({"category": "query", "message": "SELECT 1", "data": {"db.params": ["Ava"]}})
    assert crumb == {"category": "query", "message": "SELECT 1", "data": {}}
    crumb = scrub_breadcrumb(
        {"category": "http", "data": {"url": "https://x.example/a?name=Ava", "http.query": "name=Ava"}}
    )
    assert crumb["data"] == {"url": "https://x.example/a"}


def test_an_event_without_a_request_or_user_passes_through():
    assert scrub_event({"message": "Worker lost"}) == {"message": "Worker lost"}


def test_sentry_is_set_up_with_pii_off_and_the_scrubber(monkeypatch):
    import sentry_sdk

    from safeguard.core import sentry

    seen = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: seen.update(options))
    sentry.sentry_init(dsn="https://key@sentry.example/1", environment="staging", release="1.2.3")
    assert seen["send_default_pii"] is False and seen["include_local_variables"] is False
    assert seen["before_send"] is scrub_event and seen["before_breadcrumb"] is scrub_breadcrumb
    assert (seen["environment"], seen["release"], seen["max_request_body_size"]) == ("staging", "1.2.3", "never")
    assert {type(i).__name__ for i in seen["integrations"]} == {"DjangoIntegration", "CeleryIntegration"}
