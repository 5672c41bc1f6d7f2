import contextlib
import html
import json
import socket
import subprocess
import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings

from safeguard.core.models import AuditEvent
from safeguard.notifications.models import ApiToken, MatchReview, Notification
from safeguard.notifications.services import api_token_create
from safeguard.notifications.tests.payloads import TOKEN_COMMAND
from safeguard.register.models import Child

from .payloads import DELETE, start_payload


@pytest.fixture
def token(host, placing_council):
    return api_token_create(actor=TOKEN_COMMAND, placing_authority=placing_council)[1]


@pytest.fixture
def other_token(host, other_council):
    return api_token_create(actor=TOKEN_COMMAND, placing_authority=other_council)[1]


def post(client, payload, token=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.post("/api/v1/notifications", data=json.dumps(payload), content_type="application/json", **headers)


def test_a_valid_notification_is_registered_and_routed(client, token):
    response = post(client, start_payload(), token)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "registered" and body["reference"].startswith("SG-")
    assert sorted(body["routed_to"]) == ["Referral and Assessment", "Virtual School"]
    assert body["child_id"] is not None
    event = AuditEvent.objects.get(action="notification.receive")
    assert event.actor is None and event.actor_label.startswith("API token sg_")
    # The register's writes and the routing are the same token's doing.
    written = AuditEvent.objects.filter(action__in=["child.register", "placement.start", "work_item.create"])
    assert written.count() == 4 and {e.actor_label for e in written} == {event.actor_label}


def test_the_issue_example_shape_is_accepted(client, token):
    payload = {
        "kind": "placement_start",
        "placing_authority": "919",
        "child": {
            "first_name": "Ava",
            "last_name": "Smith",
            "date_of_birth": "2012-05-01",
            "nhs_number": "9434765919",
            "upn": None,
            "local_id": "PA-123",
        },
        "legal_status": "C2",
        "placement": {
            "type": "U4",
            "start_date": "2026-11-20",
            "emergency": False,
            "address": {"line1": "1 High Street", "town": "Luton", "postcode": "LU1 2BQ"},
        },
        "social_worker": {"name": "Sam Jones", "email": "sam@herts.example", "phone": "01632 960 001"},
        "iro": {"name": "Alex Reed", "email": "alex@herts.example", "phone": "01632 960 002"},
        "ehc_plan": {"has_plan": True, "maintaining_authority": "919"},
    }
    assert post(client, payload, token).json()["status"] == "registered"


def test_missing_facts_make_it_incomplete_not_an_error(client, token):
    response = post(client, start_payload(iro=DELETE), token)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "incomplete" and body["routed_to"] == []
    assert {"field": "iro.name", "message": "Enter the IRO's name"} in body["missing"]


@pytest.mark.parametrize(
    ("change", "field", "message_part"),
    [
        ({"child__date_of_birth": "2012-02-30"}, "child.date_of_birth", "must be a real date"),
        ({"child__date_of_birth": "2099-01-01"}, "child.date_of_birth", "must be in the past"),
        ({"child__nhs_number": "9434765918"}, "child.nhs_number", "Enter a real NHS number"),
        ({"child__upn": "A12345678901X"}, "child.upn", "unique pupil number"),
        ({"legal_status": "Z9"}, "legal_status", "SSDA903 code"),
        ({"placement__type": "Q1"}, "placement.type", "SSDA903 code"),
        ({"placement__address__postcode": "12345"}, "placement.address.postcode", "Enter a real postcode"),
        ({"placement__address__postcode": "SW1A 1AA"}, "placement.address.postcode", "not in an area served"),
        ({"social_worker__email": "sam-at-herts"}, "social_worker.email", "correct format"),
        ({"iro__phone": "12"}, "iro.phone", "phone number"),
        ({"ehc_plan__maintaining_authority": "999"}, "ehc_plan.maintaining_authority", "no English council"),
        ({"placement__end_date": "2020-01-01"}, "placement.end_date", "after the start date"),
        ({"kind": "placement_paused"}, "kind", "Kind must be"),
        ({"placing_authority": "330"}, "placing_authority", "your own council"),
        ({"child__first_name": "Ava123"}, "child.first_name", "only include letters"),
    ],
)
def test_each_kind_of_bad_value_gets_a_400_naming_the_field(client, token, change, field, message_part):
    response = post(client, start_payload(**change), token)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(e["field"] == field and message_part in e["message"] for e in errors), errors
    assert not Notification.objects.exists()


def test_a_body_that_is_not_json_gets_a_clear_400(client, token):
    response = client.post(
        "/api/v1/notifications", data="{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"]


def test_a_wrong_type_names_the_field(client, token):
    response = post(client, start_payload(placement__emergency="perhaps"), token)
    assert response.status_code == 400
    assert any(e["field"] == "placement.emergency" for e in response.json()["errors"])


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Bearer sg_notarealtoken", "Basic abc"])
def test_without_a_valid_token_the_answer_is_401(client, host, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = post(client, start_payload(), **headers)
    assert response.status_code == 401
    assert response.json()["errors"][0]["field"] == "Authorization"
    assert client.get("/api/v1/children", **headers).status_code == 401


def test_a_revoked_token_is_refused(client, host, placing_council):
    record, token = api_token_create(actor=TOKEN_COMMAND, placing_authority=placing_council)
    from safeguard.notifications.services import api_token_revoke

    api_token_revoke(actor=TOKEN_COMMAND, token=record)
    assert post(client, start_payload(), token).status_code == 401


def test_another_councils_token_cannot_read_or_change_our_records(client, token, other_token):
    reference = post(client, start_payload(), token).json()["reference"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {other_token}"}
    assert client.get(f"/api/v1/notifications/{reference}", **auth).status_code == 404
    assert client.get("/api/v1/children", **auth).json() == []
    # Nor can it send a notification in our council's name.
    response = post(client, start_payload(), other_token)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "placing_authority"


def test_our_own_token_reads_our_notification_and_children(client, token):
    reference = post(client, start_payload(), token).json()["reference"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/v1/notifications/{reference}", **auth).json()["status"] == "registered"
    children = client.get("/api/v1/children", **auth).json()
    assert [(c["first_name"], c["host_council"], c["postcode"]) for c in children] == [("Ava", "Luton", "LU1 2BQ")]
    assert AuditEvent.objects.filter(action="child.list_api").exists()


def test_a_retried_post_with_the_same_key_gets_the_first_answer(client, token):
    first = post(client, start_payload(), token, HTTP_IDEMPOTENCY_KEY="case-42-start")
    again = post(client, start_payload(), token, HTTP_IDEMPOTENCY_KEY="case-42-start")
    assert first.status_code == 201 and again.status_code == 201
    assert again.json() == first.json()
    assert Notification.objects.count() == 1
    different = post(client, start_payload(child__first_name="Eve"), token, HTTP_IDEMPOTENCY_KEY="case-42-start")
    assert different.status_code == 409


def test_an_idempotency_key_belongs_to_the_token_that_sent_it(client, token, other_token):
    """Two councils' case systems may pick the same key; neither gets, nor is refused by, the other's answer."""
    ours = post(client, start_payload(), token, HTTP_IDEMPOTENCY_KEY="case-1")
    theirs_payload = start_payload(
        placing_authority="330",
        child__first_name="Otto",
        child__last_name="Elsewhere",
        child__nhs_number="4010232137",
        child__local_id="BHAM-1",
    )
    theirs = post(client, theirs_payload, other_token, HTTP_IDEMPOTENCY_KEY="case-1")
    assert ours.status_code == 201 and theirs.status_code == 201, theirs.content
    assert theirs.json()["reference"] != ours.json()["reference"]
    assert Notification.objects.count() == 2
    assert Notification.objects.get(reference=theirs.json()["reference"]).placing_authority.dfe_code == "330"
    # Each retry still gets its own council's first answer.
    assert post(client, theirs_payload, other_token, HTTP_IDEMPOTENCY_KEY="case-1").json() == theirs.json()
    assert post(client, start_payload(), token, HTTP_IDEMPOTENCY_KEY="case-1").json() == ours.json()
    assert Notification.objects.count() == 2


def test_the_openapi_document_describes_the_api(client, host):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert "/api/v1/notifications" in document["paths"] and "/api/v1/children" in document["paths"]
    assert document["components"]["securitySchemes"]


def test_create_api_token_prints_the_token_once_and_stores_a_hash(host, capsys):
    from django.core.management import call_command

    call_command("create_api_token", "823")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("sg_")
    record = ApiToken.objects.get(placing_authority__dfe_code="823")
    assert token not in (record.token_hash, record.prefix) and record.prefix == token[:10]


def test_create_api_token_refuses_an_unknown_council(host):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="no English council with DfE code '999'"):
        call_command("create_api_token", "999")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"child": []}, "child", "child must be a JSON object, not an array"),
        ({"ehc_plan": [None, None]}, "ehc_plan", "ehc_plan must be a JSON object, not an array"),
        ({"placement": "U4"}, "placement", "placement must be a JSON object, not a string"),
        ({"placement__address": ["1 High Street"]}, "placement.address", "must be a JSON object, not an array"),
        ({"child__first_name": 5}, "child.first_name", "child.first_name must be a JSON string, not a number"),
        ({"placing_authority": 919}, "placing_authority", "must be a JSON string, not a number"),
        ({"legal_status": ["C2"]}, "legal_status", "legal_status must be a JSON string, not an array"),
        ({"placement__emergency": "yes"}, "placement.emergency", "must be true or false, not a string"),
        ({"ehc_plan__has_plan": 1}, "ehc_plan.has_plan", "ehc_plan.has_plan must be true or false, not a number"),
    ],
)
def test_a_wrong_json_type_is_refused_naming_the_field_and_the_type(client, token, change, field, message):
    response = post(client, start_payload(**change), token)
    assert response.status_code == 400
    assert {"field": field, "message": message} in response.json()["errors"] or any(
        e["field"] == field and message in e["message"] for e in response.json()["errors"]
    ), response.json()
    assert not Notification.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(client, token):
    response = post(client, [start_payload()], token)
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "body", "message": "The body must be a JSON object, not an array"}]


@pytest.mark.parametrize("left_out", [{"ehc_plan": DELETE}, {"ehc_plan": None}, {"child": None}])
def test_facts_left_out_or_null_still_give_an_incomplete_notification(client, token, left_out):
    response = post(client, start_payload(**left_out), token)
    assert response.status_code == 201 and response.json()["status"] == "incomplete"


@pytest.mark.parametrize(
    ("field", "sent", "example"),
    [
        ("child__date_of_birth", "14/02/2011", "2011-02-14"),
        ("child__date_of_birth", "14.02.2011", "2011-02-14"),
        ("placement__start_date", "31/12/2026", "2026-12-31"),
        ("placement__end_date", "31/02/2027", "2026-11-20"),
    ],
)
def test_api_dates_are_iso_8601_only(client, token, field, sent, example):
    response = post(client, start_payload(**{field: sent}), token)
    assert response.status_code == 400
    path = field.replace("__", ".")
    [error] = [e for e in response.json()["errors"] if e["field"] == path]
    assert error["message"].endswith(f"must be in the format YYYY-MM-DD, like {example}")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"child__date_of_birth": "2012-05-01", "placement__start_date": "2012-04-30"},
            "placement.start_date",
            "Placement start date must be on or after the child's date of birth",
        ),
        (
            {"placement__start_date": "2026-11-20", "placement__end_date": "2026-11-19"},
            "placement.end_date",
            "The placement end date must be the same as or after the start date",
        ),
        ({"child__date_of_birth": "1990-01-01"}, "child.date_of_birth", "The child's date of birth must be after "),
    ],
)
def test_dates_that_cannot_be_true_are_refused_naming_the_field(client, token, change, field, message):
    response = post(client, start_payload(**change), token)
    assert response.status_code == 400
    assert any(e["field"] == field and e["message"].startswith(message) for e in response.json()["errors"]), (
        response.json()
    )
    assert not Notification.objects.exists()


def test_a_body_over_the_size_limit_gets_413(client, token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(client, start_payload(placement__carer="x" * 20_000), token)
    assert response.status_code == 413
    assert response.json()["errors"][0]["field"] == "body"


def test_too_many_requests_from_one_token_get_429_with_retry_after(client, token, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    with time_machine.travel(datetime(2026, 11, 30, 12, 0, 15, tzinfo=UTC), tick=False):
        answers = [client.get("/api/v1/children", **auth) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"] == "45"  # the next minute
    assert answers[2].json()["errors"][0]["field"] == "Authorization"


def test_a_child_id_match_that_disagrees_on_name_and_birth_goes_to_review_not_over_the_child(
    client, token, sign_in, sqa_officer
):
    first = post(client, start_payload(), token).json()
    changed = start_payload(
        child__first_name="Zara", child__last_name="Jones", child__date_of_birth="2014-09-09", child__nhs_number=None
    )
    second = post(client, changed, token)
    assert second.status_code == 201 and second.json()["status"] == "awaiting_match"
    child = Child.objects.get(pk=first["child_id"])
    assert (child.first_name, child.last_name, child.date_of_birth.isoformat()) == ("Ava", "Smith", "2012-05-01")
    review = MatchReview.objects.get(notification__reference=second.json()["reference"])
    assert review.candidate == child and "name and date of birth do not" in review.reasons[0]

    sign_in(sqa_officer)
    page = html.unescape(client.get(f"/matches/{review.pk}/").content.decode())
    for shown in ("Zara Jones", "9 September 2014", "Ava Smith", "1 May 2012", "HERTS-123"):
        assert shown in page


@pytest.mark.parametrize(
    "change",
    [{"child__first_name": "Zara", "child__last_name": "Jones"}, {"child__date_of_birth": "2012-05-02"}],
    ids=["name only", "date of birth only"],
)
def test_a_child_id_match_that_disagrees_on_one_of_name_or_birth_still_joins(client, token, change):
    first = post(client, start_payload(), token).json()
    second = post(client, start_payload(child__nhs_number=None, **change), token).json()
    assert second["status"] == "registered" and second["child_id"] == first["child_id"]


@pytest.mark.parametrize(
    ("change", "field"),
    [({"child__first_name": "Av\u0000a"}, "child.first_name"), ({"extra": {"no\u0000te": 1}}, "extra")],
)
def test_a_character_the_database_cannot_store_is_a_400_not_a_server_error(client, token, change, field):
    response = post(client, start_payload(**change), token)
    assert response.status_code == 400
    assert any(e["field"] == field and "cannot be stored" in e["message"] for e in response.json()["errors"])


def test_the_openapi_document_asks_what_moved_and_where_the_child_went(client):
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert {"carer_changed", "carer", "type_changed", "type"} <= set(schemas["Move"]["properties"])
    assert "destination" in schemas["PlacementIn"]["properties"]


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test's own on a loopback port, so that the test can stop it."""
    port = 15731
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(50):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            break
        time.sleep(0.1)
    yield process, f"redis://127.0.0.1:{port}/0"
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


def test_the_api_takes_notifications_when_redis_is_down_and_counts_again_when_it_is_back(
    client, token, settings, own_redis
):
    """The per-token limit lives in Redis; with Redis stopped the API fails open (201, not 500), as the
    public forms' limits do, and the notification is registered once."""
    process, location = own_redis
    settings.API_REQUESTS_PER_MINUTE = 1
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                               "LOCATION": location}}):  # fmt: skip
        cache.clear()
        first = post(client, start_payload(), token, HTTP_IDEMPOTENCY_KEY="redis-1")
        limited = client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert (first.status_code, limited.status_code) == (201, 429)  # Redis counts while it is up
        process.terminate()
        process.wait(timeout=10)
        second = post(client, start_payload(child__local_id="REDIS-2", child__first_name="Mia"), token)
        listed = client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert second.status_code == 201, second.content
    assert listed.status_code == 200
    assert Notification.objects.filter(reference=second.json()["reference"]).count() == 1


def test_the_api_takes_notifications_when_the_cache_is_at_a_closed_port(client, token):
    unreachable = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    with override_settings(CACHES={"default": unreachable}):
        response = post(client, start_payload(), token)
    assert response.status_code == 201, response.content
