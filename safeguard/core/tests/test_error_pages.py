"""Error pages are GOV.UK pages in the service's layout, and never show how the service is built."""

import pytest
from csp.middleware import CSPMiddleware
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from safeguard.core.views import bad_request, page_not_found, server_error

# Words from Django's debug pages and Python tracebacks, none of which a user should ever see.
DEBUG_WORDS = ("Traceback", "Using the URLconf", "DEBUG = True", "Request Method", "Exception Value", "settings.py")


def assert_no_debug_output(html: str) -> None:
    for words in DEBUG_WORDS:
        assert words not in html


@pytest.mark.django_db
def test_an_unknown_address_shows_the_gov_uk_page_not_found(client):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "<title>Page not found – Safeguard</title>" in html
    assert "govuk-template" in html
    assert "govuk-footer" in html
    assert 'href="/"' in html  # a way back to the start page
    assert_no_debug_output(html)


@pytest.mark.django_db
def test_page_not_found_is_the_same_for_signed_in_people(client, sqa_officer, sign_in):
    sign_in(sqa_officer)
    html = client.get("/no-such-page/").content.decode()
    assert "Page not found" in html
    assert sqa_officer.full_name in html  # still inside the signed-in service layout


def anonymous_request(path="/somewhere/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


@pytest.mark.django_db  # the header names the host council, from the database
def test_server_error_page():
    request = anonymous_request()
    # Through the CSP middleware as in the service, so the page's script nonce is set.
    response = CSPMiddleware(server_error)(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in html
    assert "call 999" in html
    assert "govuk-template" in html
    assert f'nonce="{request.csp_nonce}"' in html
    assert_no_debug_output(html)


@pytest.mark.django_db  # the header names the host council, from the database
def test_bad_request_page():
    response = CSPMiddleware(bad_request)(anonymous_request())

    html = response.content.decode()
    assert response.status_code == 400
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with your request</h1>' in html
    assert "govuk-template" in html
    assert_no_debug_output(html)


@pytest.mark.django_db  # the header names the host council, from the database
def test_page_not_found_view():
    response = page_not_found(anonymous_request(), exception=Exception("Secret internal detail"))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert "Secret internal detail" not in html


def test_server_error_still_answers_in_plain_words_when_the_page_itself_fails(monkeypatch):
    # The layout cannot be drawn, as when the database is down.
    def broken(*args, **kwargs):
        raise RuntimeError("the database is down")

    monkeypatch.setattr("safeguard.core.views.render", broken)
    request = anonymous_request()

    response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Sorry, there is a problem with the service</h1>" in html
    assert "call 999" in html
    assert_no_debug_output(html)
    assert "UndefinedError" not in html


@pytest.mark.django_db
def test_an_error_in_a_view_shows_the_server_error_page_not_a_traceback(client, monkeypatch):
    from django.shortcuts import render as real_render

    from safeguard.core import views

    def render(request, template_name, *args, **kwargs):
        if template_name == "core/accessibility.html":
            raise RuntimeError("database exploded at line 42")
        return real_render(request, template_name, *args, **kwargs)

    monkeypatch.setattr(views, "render", render)
    client.raise_request_exception = False

    response = client.get("/accessibility/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "govuk-template" in html
    assert "database exploded" not in html
    assert_no_debug_output(html)


def _local_settings(*names: str) -> dict:
    """Settings of the embedded default (`make run`) as a fresh process reads them, DEBUG not set."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_run_command_shows_the_gov_uk_error_pages_not_djangos_debug_pages():
    local = _local_settings("DEBUG", "WHITENOISE_USE_FINDERS", "MIDDLEWARE", "INSTALLED_APPS")
    assert local["DEBUG"] is False
    # …and still serves the stylesheets, through WhiteNoise's finders rather than runserver (which
    # serves static files only under DEBUG).
    assert local["WHITENOISE_USE_FINDERS"] is True
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in local["MIDDLEWARE"]


@pytest.mark.django_db
def test_stylesheets_are_served_without_debug(client, settings):
    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = True
    response = client.get("/static/safeguard/app.css")
    assert response.status_code == 200
    assert b".safeguard-masthead" in b"".join(response.streaming_content)
    response = client.get("/static/govuk/govuk-frontend.min.css")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_error_page_is_drawn_when_the_host_council_cannot_be_read(monkeypatch):
    from django.db import OperationalError

    def database_down(user):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("safeguard.home.navigation.host_council_of", database_down)
    html = CSPMiddleware(server_error)(anonymous_request()).content.decode()
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in html
    assert "govuk-template" in html


@pytest.mark.django_db
def test_the_database_unreachable_is_a_503_with_retry_after_for_the_api_and_writes_nothing(
    client, host, placing_council, monkeypatch
):
    import json

    from django.db import OperationalError

    from safeguard.notifications import services as notification_services
    from safeguard.notifications.models import Notification
    from safeguard.notifications.services import api_token_create
    from safeguard.notifications.tests.payloads import TOKEN_COMMAND, start_payload

    token = api_token_create(actor=TOKEN_COMMAND, placing_authority=placing_council)[1]

    def restarting(**kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(notification_services, "notification_receive", restarting)
    client.raise_request_exception = False
    response = client.post(
        "/api/v1/notifications",
        data=json.dumps(start_payload()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="case-9",
    )
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "nothing was saved" in response.json()["errors"][0]["message"]
    assert Notification.objects.count() == 0
    monkeypatch.undo()
    # The retry with the same key, once the database is back, makes the one notification.
    again = client.post(
        "/api/v1/notifications",
        data=json.dumps(start_payload()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="case-9",
    )
    assert again.status_code == 201 and Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_page_when_the_database_is_unreachable_says_so_and_what_to_do(client, sign_in, carer, world, monkeypatch):
    from django.db import InterfaceError

    from safeguard.missing import services as missing_services

    def gone(**kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(missing_services, "missing_episode_report", gone)
    sign_in(carer)
    client.raise_request_exception = False
    response = client.post(
        f"/children/{world.child.pk}/missing/",
        {
            "kind": "M",
            "last_seen_at_0": "1",
            "last_seen_at_1": "12",
            "last_seen_at_2": "2026",
            "last_seen_at_3": "09:00",
        },
    )
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "unavailable for a moment" in html and "was not saved" in html and "call 999" in html
    assert_no_debug_output(html)
