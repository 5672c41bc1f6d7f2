"""Log lines: a request id on each, JSON in production, and never a child's name or anyone's e-mail."""

import io
import json
import logging
import re
import smtplib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from safeguard.core import logs
from safeguard.core.audit import SystemActor
from safeguard.core.models import OutboxMessage
from safeguard.core.outbox import outbox_deliver_due, outbox_email_enqueue
from safeguard.core.tests.forms import moment_fields
from safeguard.notifications.services import api_token_create
from safeguard.notifications.tests.payloads import DELETE, start_payload
from safeguard.register.models import Child


def _record(message="Something happened to %s", args=(42,), name="safeguard.test", **extra):
    record = logging.LogRecord(name, logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    logs.ContextFilter().filter(record)
    return record


class TestRequestId:
    def test_each_response_carries_a_new_request_id(self, client, db):
        first = client.get("/accessibility/")["X-Request-ID"]
        second = client.get("/accessibility/")["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second

    def test_a_proxys_well_formed_id_is_kept(self, client, db):
        response = client.get("/accessibility/", HTTP_X_REQUEST_ID="Root=1-67891233-abcdef012345678912345678")
        assert response["X-Request-ID"] == "Root=1-67891233-abcdef012345678912345678"

    @pytest.mark.parametrize("incoming", ["short", "has spaces in it", "line\nbreak-1234", "x" * 200, "ünïcødé-1234"])
    def test_a_malformed_id_is_replaced(self, client, db, incoming):
        response = client.get("/accessibility/", HTTP_X_REQUEST_ID=incoming)
        assert response["X-Request-ID"] != incoming
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])

    def test_lines_logged_while_answering_carry_the_requests_id(self, client, db, caplog):
        caplog.set_level(logging.WARNING, logger="django.request")
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-from-proxy-0001")
        assert response.status_code == 404
        record = next(r for r in caplog.records if r.name == "django.request")
        logs.ContextFilter().filter(record)
        assert record.request_id == "trace-from-proxy-0001"


class TestFormats:
    def test_json_lines_have_time_level_logger_message_and_request_id(self):
        token = logs.request_id_set("abc12345-request")
        try:
            line = logs.JsonFormatter().format(_record())
        finally:
            logs.request_id_reset(token)
        data = json.loads(line)
        assert data["level"] == "WARNING" and data["logger"] == "safeguard.test"
        assert data["message"] == "Something happened to 42"
        assert data["request_id"] == "abc12345-request"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", data["time"])
        assert "task_id" not in data

    def test_json_lines_leave_out_objects_attached_by_libraries(self, rf):
        # Django attaches the whole request to its error lines; its repr holds the query string.
        request = rf.get("/children/?q=Ava+Placed")
        line = logs.JsonFormatter().format(_record("Not Found: %s", ("/children/",), request=request, status_code=404))
        assert "Ava" not in line and "q=" not in line
        assert json.loads(line)["status_code"] == 404

    def test_json_lines_keep_the_traceback(self):
        try:
            raise ValueError("boom")
        except ValueError:
            record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), __import__("sys").exc_info())
        assert "ValueError: boom" in json.loads(logs.JsonFormatter().format(record))["exc_info"]

    def test_text_lines_are_readable(self):
        line = logs.TextFormatter().format(_record(request_id="abc12345-request"))
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING \[request abc12345-request\] safeguard.test: "
            r"Something happened to 42",
            line,
        )

    def test_a_celery_task_logs_its_task_id(self, db):
        from celery import shared_task

        @shared_task(name="safeguard.core.tests.log_something")
        def log_something():
            record = _record()
            return record.task_id, logs.JsonFormatter().format(record)

        result = log_something.apply(task_id="task-id-1234")
        task_id, line = result.get()
        assert task_id == "task-id-1234" and json.loads(line)["task_id"] == "task-id-1234"

    def test_the_development_servers_request_lines_lose_their_query_string(self):
        record = logging.LogRecord(
            "django.server",
            logging.INFO,
            __file__,
            1,
            '"%s" %s %s',
            ("GET /children/?q=Ava+Placed HTTP/1.1", 200, 5),
            None,
        )
        logs.QueryStringFilter().filter(record)
        assert record.getMessage() == '"GET /children/ HTTP/1.1" 200 5'

    def test_production_logs_json_and_the_embedded_default_text(self):
        from config.settings import base

        assert logs.logging_config(log_format="json", level="INFO")["handlers"]["console"]["formatter"] == "json"
        assert base.LOGGING["handlers"]["console"]["formatter"] == "text"


def test_axes_names_an_account_by_a_digest_not_its_email(settings):
    line = logs.axes_client_str("carer@foster.example", "10.0.0.1", "Firefox", "/sign-in/", None)
    assert "carer@foster.example" not in line and "foster" not in line
    assert line == logs.axes_client_str("carer@foster.example", "10.0.0.2", "Chrome", ("/sign-in/",), None)
    assert line != logs.axes_client_str("other@foster.example", "10.0.0.1", "Firefox", "/sign-in/", None)


def test_an_outbox_failure_is_logged_without_the_recipients_address(db, caplog, settings, monkeypatch):
    from safeguard.core import outbox

    class Refusing:
        def send(self, message):
            raise smtplib.SMTPRecipientsRefused({message.to: (550, b"No such user")})

    monkeypatch.setattr(outbox, "email_sender", lambda: Refusing())
    caplog.set_level(logging.INFO)
    message = outbox_email_enqueue(to="iro.person@herts.example", subject="s", body="b", purpose="test")
    settings.OUTBOX_MAX_ATTEMPTS = 1
    outbox.outbox_message_deliver(message_id=message.pk)
    assert "SMTPRecipientsRefused" in caplog.text and "iro.person" not in caplog.text
    message.refresh_from_db()
    assert "iro.person@herts.example" in message.last_error  # kept on the row, for the admin


@pytest.fixture
def every_line():
    """Every record any logger writes, at every level, as both formatters would write it."""
    stream = io.StringIO()
    handlers = []
    for formatter in (logs.JsonFormatter(), logs.TextFormatter()):
        handler = logging.StreamHandler(stream)
        handler.setFormatter(formatter)
        handler.addFilter(logs.ContextFilter())
        handler.addFilter(logs.QueryStringFilter())
        handlers.append(handler)
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in ("django", "django.server", "axes", "celery"))]
    saved = [(lg, lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    for handler in handlers:
        logging.getLogger().addHandler(handler)
        for name in ("django", "django.server"):  # they do not propagate to the root
            logging.getLogger(name).addHandler(handler)
    yield stream
    for handler in handlers:
        logging.getLogger().removeHandler(handler)
        for name in ("django", "django.server"):
            logging.getLogger(name).removeHandler(handler)
    for lg, level, propagate in saved:
        lg.setLevel(level)
        lg.propagate = propagate


def test_a_journey_logs_no_childs_name(
    client, sign_in, world, carer, sqa_officer, placing_council, every_line, monkeypatch
):
    """Notify a placement through the API, search the register for a child, report a child missing, fail
    to send the e-mails, run the timed rules: no child's name, and no e-mail address, in any line."""
    token = api_token_create(actor=SystemActor("Safeguard test suite"), placing_authority=placing_council)[1]
    payload = start_payload(child__first_name="Zebedee", child__last_name="Quillfeather")
    response = client.post(
        "/api/v1/notifications",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201
    # An incomplete one, whose validation messages name what is missing.
    incomplete = start_payload(
        child__first_name="Yolanda",
        child__last_name="Pemberton-Hay",
        child__nhs_number=None,
        child__local_id="HERTS-YPH",
        iro=DELETE,
    )
    client.post(
        "/api/v1/notifications",
        data=json.dumps(incomplete),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    sign_in(sqa_officer)
    assert client.get("/children/", {"q": "Ava Placed"}).status_code == 200
    assert client.get("/children/", {"q": "Zebedee Quillfeather"}).status_code == 200
    client.get(f"/children/{world.child.pk}/")

    sign_in(carer)
    assert client.get(f"/children/{world.other_child.pk}/").status_code == 404  # not the carer's child
    world.child.social_worker_email, world.child.iro_email = "sw.person@herts.example", "iro.person@herts.example"
    world.child.save()
    response = client.post(
        f"/children/{world.child.pk}/missing/",
        {
            "kind": "M",
            **moment_fields("last_seen_at", timezone.now() - timedelta(hours=1)),
            "last_seen_where": "Luton bus station",
            "clothing": "Black hoodie",
            "risk_grade": "High",
        },
    )
    assert response.status_code == 302

    # The mail server refuses every message, quoting the address; then the timed rules run.
    from safeguard.core import outbox

    class Refusing:
        def send(self, message):
            raise smtplib.SMTPRecipientsRefused({message.to: (550, b"5.1.1 No such user here")})

    monkeypatch.setattr(outbox, "email_sender", lambda: Refusing())
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    outbox_deliver_due()
    call_command("outbox_worker", "--once", stdout=io.StringIO(), stderr=io.StringIO())
    client.post("/sign-in/", {"email": carer.email, "password": "wrong-password-guess"})

    text = every_line.getvalue()
    assert "Outbox message" in text and "Not Found" in text  # the capture worked
    names = {f"{c.first_name} {c.last_name}" for c in Child.objects.all()}
    names |= {c.last_name for c in Child.objects.all() if len(c.last_name) > 7}  # distinctive surnames alone
    assert {"Ava Placed", "Milo Missing", "Zebedee Quillfeather", "Quillfeather"} <= names
    found = sorted(name for name in names if name in text)
    assert found == [], f"children's names in the logs: {found}"
    emails = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    assert emails == set(), f"e-mail addresses in the logs: {emails}"


@override_settings(SAFEGUARD_DEMO=True)
def test_loading_the_demo_logs_no_childs_name(host, every_line):
    call_command("load_demo_data", stdout=io.StringIO())
    text = every_line.getvalue()
    names = {f"{c.first_name} {c.last_name}" for c in Child.objects.all()}
    assert len(names) > 5
    assert sorted(n for n in names if n in text) == []


def test_a_task_queued_while_answering_a_request_logs_that_requests_id():
    """The id travels in the task message's headers to the worker (config/celery.py)."""
    from types import SimpleNamespace

    from config import celery as queue

    headers = {}
    token = logs.request_id_set("req-from-web-0001")
    try:
        queue._request_id_to_task(headers=headers)
    finally:
        logs.request_id_reset(token)
    assert headers == {"request_id": "req-from-web-0001"}

    task = SimpleNamespace(request=SimpleNamespace(request_id=headers["request_id"]))
    queue._request_id_from_task(task=task)
    assert logs.request_id_current() == "req-from-web-0001"
    queue._request_id_forget(task=task)
    assert logs.request_id_current() is None
    # A forged header that would break a log line is ignored.
    task = SimpleNamespace(request=SimpleNamespace(request_id="bad id\nwith a newline"))
    queue._request_id_from_task(task=task)
    assert logs.request_id_current() is None


@pytest.mark.parametrize("formatter", [logs.JsonFormatter(), logs.TextFormatter()], ids=["json", "text"])
def test_a_traceback_loses_email_addresses_and_the_databases_detail(formatter):
    try:
        raise ValueError(
            'duplicate key value violates unique constraint "user_email"\n'
            "DETAIL:  Key (email)=(sam.jones@herts.example) already exists."
        )
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), __import__("sys").exc_info())
    line = formatter.format(record)
    assert "sam.jones" not in line and "herts.example" not in line
    assert 'violates unique constraint \\"user_email\\"' in line or 'violates unique constraint "user_email"' in line
