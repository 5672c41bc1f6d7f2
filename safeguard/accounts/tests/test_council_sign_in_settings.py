"""The host council administrator's single sign-on settings page (docs/adr/0034): set up, check against
a real provider on loopback (conftest.running_council_provider), switch on and off; the client secret is
write-only and encrypted at rest."""

from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection

from safeguard.accounts.models import CouncilSignIn
from safeguard.core.models import AuditEvent
from safeguard.core.secrets import secret_decrypt

URL = "/settings/sign-in/"
SECRET = "a-very-secret-client-secret"  # noqa: S105


@pytest.fixture
def admin_client(sign_in, host_admin):
    return sign_in(host_admin)


def answers(running_council_provider=None, **changes) -> dict:
    data = {
        "enabled": "yes",
        "issuer": running_council_provider.issuer
        if running_council_provider
        else "https://login.example.gov.uk/t/v2.0",
        "client_id": "safeguard-luton",
        "client_secret": SECRET,
        "scopes": "openid email profile",
        "email_domains": "luton.gov.uk",
        "group_claim": "",
        "group_roles": "",
        "action": "save",
    }
    return {**data, **changes}


def page_text(response) -> str:
    return unescape(response.content.decode())


def test_the_administrator_sets_it_up_and_the_secret_is_never_shown_or_audited(admin_client, host):
    assert "Single sign-on" in admin_client.get(URL).content.decode()
    response = admin_client.post(
        URL, answers(group_claim="groups", group_roles="sqa-team = SQA officer\nmanagers = sqa_manager")
    )
    assert response.status_code == 302
    config = CouncilSignIn.objects.get(host_council=host)
    assert config.enabled and config.group_roles == {"sqa-team": "sqa_officer", "managers": "sqa_manager"}
    assert secret_decrypt(config.client_secret) == SECRET
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM accounts_councilsignin")
        assert SECRET not in cursor.fetchone()[0]
    page = page_text(admin_client.get(URL))
    assert "login.example.gov.uk" in page and "sqa-team = SQA officer" in page
    assert SECRET not in page and "Leave blank to keep the secret" in page
    # Switched off with the secret left blank: the secret stays.
    assert admin_client.post(URL, answers(enabled="no", client_secret="")).status_code == 302
    config.refresh_from_db()
    assert not config.enabled and secret_decrypt(config.client_secret) == SECRET
    events = AuditEvent.objects.filter(action="host_council.sign_in_configure").order_by("pk")
    assert [e.changes.get("client_secret") for e in events] == [["(hidden)", "(changed)"], None]
    assert events.last().changes["enabled"] == [True, False]
    assert all(SECRET not in str(e.changes) for e in events)


def test_wrong_answers_name_the_field_and_keep_what_was_typed(admin_client, host):
    response = admin_client.post(
        URL,
        answers(
            issuer="http://login.example.gov.uk/t/v2.0",
            email_domains="luton.gov.uk luton",
            group_claim="groups",
            group_roles="admins = System administrator",
        ),
    )
    assert response.status_code == 400
    page = page_text(response)
    assert "The issuer's address must start with https://" in page
    assert "Line 1: System administrator is not a role of your council's staff" in page
    assert "http://login.example.gov.uk/t/v2.0" in page and "admins = System administrator" in page
    assert SECRET not in page and "type it again before you save" in page
    response = admin_client.post(URL, answers(email_domains="luton.gov.uk luton", client_secret=""))
    page = page_text(response)
    assert "luton is not an email domain" in page and "Enter the client secret" in page
    assert "luton.gov.uk luton" in page
    assert not CouncilSignIn.objects.exists()


def test_check_the_provider_says_what_it_found_or_what_is_wrong(admin_client, host, running_council_provider):
    response = admin_client.post(URL, answers(running_council_provider, action="check"))
    page = page_text(response)
    assert response.status_code == 200 and "The provider answered" in page
    assert "signing out of Safeguard signs people out of it too" in page
    assert not CouncilSignIn.objects.exists()  # a check saves nothing
    response = admin_client.post(URL, answers(issuer="http://127.0.0.1:9/openid", action="check"))
    page = page_text(response)
    assert response.status_code == 400 and "The provider check failed: http://127.0.0.1:9/openid did not answer" in page
    wrong_issuer = running_council_provider.issuer + "/not-here"
    page = page_text(admin_client.post(URL, answers(issuer=wrong_issuer, action="check")))
    assert "answered 404 rather than its OpenID Connect configuration" in page
    checks = AuditEvent.objects.filter(action="host_council.sign_in_check")
    assert checks.count() == 3 and checks.filter(changes__outcome=[None, "answered"]).count() == 1


def test_saved_settings_sign_staff_in(admin_client, client, host, running_council_provider):
    assert admin_client.post(URL, answers(running_council_provider)).status_code == 302
    admin_client.logout()
    response = client.get("/sign-in/council/luton/")
    assert response.status_code == 302 and response["Location"].startswith(running_council_provider.issuer)


def test_other_roles_get_no_page(client, sign_in, sqa_manager):
    assert sign_in(sqa_manager).get(URL).status_code == 404


def test_a_plaintext_secret_is_encrypted_by_the_rotation_command(host):
    CouncilSignIn.objects.create(
        host_council=host,
        issuer="https://login.example.gov.uk",
        client_id="x",
        client_secret="plain",
        email_domains="luton.gov.uk",
    )
    call_command("secrets_rotate")
    stored = CouncilSignIn.objects.get().client_secret
    assert stored.startswith("fernet:") and secret_decrypt(stored) == "plain"


def test_http_on_loopback_is_for_tests_and_demos_only(admin_client, host, settings, running_council_provider):
    settings.COUNCIL_SIGN_IN_ALLOW_HTTP_LOOPBACK = False  # as in production
    response = admin_client.post(URL, answers(running_council_provider))
    assert response.status_code == 400 and "must start with https://" in page_text(response)
    assert not CouncilSignIn.objects.exists()


def test_groups_that_give_different_roles_are_refused_not_guessed(host):
    from safeguard.accounts.single_sign_on import SignInRefused, role_from_groups

    config = CouncilSignIn(
        host_council=host, group_claim="groups", group_roles={"officers": "sqa_officer", "managers": "sqa_manager"}
    )
    assert role_from_groups(config, {"groups": ["officers", "others"]}) == "sqa_officer"
    with pytest.raises(SignInRefused, match="give different roles"):
        role_from_groups(config, {"groups": ["managers", "officers"]})
    with pytest.raises(SignInRefused, match="not in any"):
        role_from_groups(config, {"groups": []})


def test_the_page_gives_the_addresses_to_register(admin_client, host):
    page = admin_client.get(URL).content.decode()
    assert "Redirect URI: <code>http://testserver/sign-in/council/callback/</code>" in page
    assert "&lt;p" not in page
