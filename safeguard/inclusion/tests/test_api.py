"""The school returns API: a school's own token sends and lists its own returns; every refused field is
named; a council's token is refused here and a school's token on the councils' routes."""

import json

import pytest
from django.core.management import call_command

from safeguard.core.audit import SystemActor
from safeguard.core.models import AuditEvent
from safeguard.education.models import School
from safeguard.inclusion import selectors
from safeguard.inclusion.models import CmeCase, SchoolApiToken, SchoolReturn
from safeguard.inclusion.school_tokens import school_api_token_create, school_api_token_revoke
from safeguard.notifications.services import api_token_create

ACTOR = SystemActor("Safeguard test suite")
URL = "/api/v1/school-returns"


@pytest.fixture
def school_token(school_staff):
    school = selectors.school_of(school_staff)
    _, token = school_api_token_create(
        actor=ACTOR, host_council=selectors.host_of_school_staff(school_staff), school=school
    )
    return token


def send(client, token, body):
    return client.post(
        URL,
        data=json.dumps(body) if not isinstance(body, str) else body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


DELETION = {
    "return_type": "deletion",
    "first_name": "Kian",
    "last_name": "Hussain",
    "date_of_birth": "2014-06-02",
    "address": "14 Dunstable Road, Luton",
    "postcode": "LU1 1EA",
    "parents": "Samira Hussain",
    "ground": "moved_away",
    "deleted_on": "2026-11-16",
}


def test_a_deletion_sent_by_api_opens_a_case_the_school_does_not_see(client, school_token, school_staff, cme_officer):
    response = send(client, school_token, DELETION)
    assert response.status_code == 201, response.content
    body = response.json()
    school_return = SchoolReturn.objects.get(pk=body["id"])
    assert school_return.source == SchoolReturn.Source.API
    assert school_return.school == selectors.school_of(school_staff)
    assert school_return.case is not None and school_return.case.status == CmeCase.Status.NEW
    assert "case" not in body and body["first_name"] == "Kian"
    event = AuditEvent.objects.filter(action="school_return.submit").latest("pk")
    assert "School API token sgs_" in event.actor_label

    listed = client.get(URL, headers={"Authorization": f"Bearer {school_token}"})
    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()] == [school_return.pk]
    assert AuditEvent.objects.filter(action="school_return.list").exists()


def test_a_new_pupil_return_by_api(client, school_token):
    response = send(
        client,
        school_token,
        {
            "return_type": "admission",
            "first_name": "Ada",
            "last_name": "Osei",
            "date_of_birth": "2015-01-09",
            "admitted_on": "2026-11-02",
        },
    )
    assert response.status_code == 201, response.content
    assert SchoolReturn.objects.get(pk=response.json()["id"]).kind == SchoolReturn.Kind.ADMISSION


def test_every_refused_field_is_named_and_nothing_is_kept(client, school_token):
    response = send(
        client,
        school_token,
        DELETION | {"first_name": "", "date_of_birth": "02/06/2014", "ground": "vanished", "colour": "blue"},
    )
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["first_name"] == "Enter the pupil's first name"
    assert "2026-09-14" in errors["date_of_birth"]
    assert errors["ground"] == "Choose the ground for deletion"
    assert "Unknown field colour" in errors["colour"]
    assert not SchoolReturn.objects.exists()

    assert send(client, school_token, "[1, 2]").json()["errors"][0]["field"] == "body"
    assert send(client, school_token, "not json").json()["errors"][0]["field"] == "body"
    missing_kind = send(client, school_token, {"first_name": "Ada"}).json()["errors"]
    assert {e["field"] for e in missing_kind} == {"return_type"}


def test_only_a_live_school_token_is_let_in(client, school_token, host, placing_council):
    assert client.post(URL, data="{}", content_type="application/json").status_code == 401
    _, council_token = api_token_create(actor=ACTOR, placing_authority=placing_council)
    assert send(client, council_token, DELETION).status_code == 401
    # …and a school's token is no key to the councils' routes.
    assert client.get("/api/v1/children", headers={"Authorization": f"Bearer {school_token}"}).status_code == 401
    school_api_token_revoke(actor=ACTOR, token=SchoolApiToken.objects.get())
    assert send(client, school_token, DELETION).status_code == 401


def test_a_school_sees_only_its_own_returns(client, school_token, school_staff, host):
    other = School.objects.create(urn=999001, name="Another School", phase="Primary", la_code="821", la_name="Luton")
    _, other_token = school_api_token_create(actor=ACTOR, host_council=host, school=other)
    assert send(client, other_token, DELETION).status_code == 201
    assert client.get(URL, headers={"Authorization": f"Bearer {school_token}"}).json() == []


def test_the_command_issues_a_token_for_a_school_in_a_host_area(school_staff, capsys):
    school = selectors.school_of(school_staff)
    call_command("create_school_api_token", str(school.urn))
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("sgs_")
    assert SchoolApiToken.objects.get().host_council == selectors.host_of_school_staff(school_staff)
    call_command("revoke_school_api_token", token)
    assert SchoolApiToken.objects.get().revoked_at is not None
