"""Listing and revoking placing councils' API tokens from the command line."""

import json

import pytest
from django.core.management import CommandError, call_command

from safeguard.core.models import AuditEvent
from safeguard.notifications.models import ApiToken
from safeguard.notifications.services import api_token_create
from safeguard.notifications.tests.payloads import TOKEN_COMMAND

from .payloads import start_payload


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def notify(client, token):
    return client.post(
        "/api/v1/notifications",
        data=json.dumps(start_payload()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def tokens(host, placing_council, other_council):
    herts, herts_token = api_token_create(actor=TOKEN_COMMAND, placing_authority=placing_council, name="Mosaic")
    brum, _ = api_token_create(actor=TOKEN_COMMAND, placing_authority=other_council, name="Liquidlogic")
    return herts, herts_token, brum


def test_list_shows_each_token_by_prefix_never_the_token(client, tokens):
    herts, herts_token, brum = tokens
    assert notify(client, herts_token).status_code == 201
    out = run("list_api_tokens")
    lines = out.splitlines()
    assert lines[0].split() == ["id", "prefix", "council", "name", "created", "last", "used", "revoked"]
    herts_line = next(line for line in lines if line.startswith(f"{herts.pk} "))
    assert f"{herts.prefix}…" in herts_line and "919 Hertfordshire" in herts_line and "Mosaic" in herts_line
    assert herts_line.rstrip().endswith("active")
    assert herts_line.count("20") >= 2  # created and last used are both dated
    brum_line = next(line for line in lines if line.startswith(f"{brum.pk} "))
    assert "330 Birmingham" in brum_line and " - " in brum_line  # never used
    assert herts_token not in out and herts.token_hash not in out


def test_list_for_one_council(tokens):
    herts, _, brum = tokens
    out = run("list_api_tokens", "--council", "330")
    assert brum.prefix in out and herts.prefix not in out
    assert run("list_api_tokens", "--council", "886") == "No API tokens.\n"
    with pytest.raises(CommandError, match="no English council with DfE code '999'"):
        run("list_api_tokens", "--council", "999")


@pytest.mark.parametrize("how", ["id", "prefix", "token"])
def test_a_revoked_token_gets_401_and_the_revocation_is_audited(client, tokens, how):
    herts, herts_token, brum = tokens
    assert notify(client, herts_token).status_code == 201
    identifier = {"id": str(herts.pk), "prefix": herts.prefix, "token": herts_token}[how]
    out = run("revoke_api_token", identifier)
    assert f"Revoked token {herts.pk} ({herts.prefix}…) of Hertfordshire (919): Mosaic." in out
    assert notify(client, herts_token).status_code == 401
    assert client.get("/api/v1/children", HTTP_AUTHORIZATION=f"Bearer {herts_token}").status_code == 401
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.object_id == str(herts.pk) and event.changes["revoked_at"][0] is None
    assert event.actor is None and event.actor_label.startswith("manage.py revoke_api_token (run by ")
    brum.refresh_from_db()
    assert brum.revoked_at is None  # the other council's token still works
    assert run("list_api_tokens", "--council", "330").splitlines()[1].rstrip().endswith("active")
    herts_line = next(line for line in run("list_api_tokens").splitlines() if line.startswith(f"{herts.pk} "))
    assert not herts_line.rstrip().endswith("active")


def test_revoking_twice_changes_nothing(tokens):
    herts, _, _ = tokens
    run("revoke_api_token", str(herts.pk))
    revoked_at = ApiToken.objects.get(pk=herts.pk).revoked_at
    assert "was already revoked" in run("revoke_api_token", str(herts.pk))
    assert ApiToken.objects.get(pk=herts.pk).revoked_at == revoked_at
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_an_unknown_or_ambiguous_token_is_refused(tokens):
    herts, _, brum = tokens
    with pytest.raises(CommandError, match="There is no API token 'sg_nothere'"):
        run("revoke_api_token", "sg_nothere")
    with pytest.raises(CommandError, match="There is no API token '99999'"):
        run("revoke_api_token", "99999")
    ApiToken.objects.filter(pk=brum.pk).update(prefix=herts.prefix)
    with pytest.raises(CommandError, match="More than one token starts"):
        run("revoke_api_token", herts.prefix)
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_creating_a_token_names_who_ran_the_command(host):
    run("create_api_token", "823")
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor_label.startswith("manage.py create_api_token (run by ")
