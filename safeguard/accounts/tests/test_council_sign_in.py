"""Single sign-on through the council's own OpenID Connect provider (docs/adr/0034), against a real
provider on loopback (django-oidc-provider in its own process: conftest.running_council_provider)."""

from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.core.management import CommandError, call_command
from django.db import connection

from safeguard.accounts.models import CouncilSignIn, Role, User
from safeguard.accounts.services import PersonInvalid, council_sign_in_configure
from safeguard.accounts.single_sign_on import SIGNED_IN_BY
from safeguard.accounts.tests.factories import TEST_PASSWORD, UserFactory
from safeguard.accounts.tests.oidc_provider.provider import PASSWORD
from safeguard.core.audit import SystemActor
from safeguard.core.models import AuditEvent

ACTOR = SystemActor("Safeguard test suite")


@pytest.fixture
def council_sign_in(host, running_council_provider) -> CouncilSignIn:
    return council_sign_in_configure(
        actor=ACTOR,
        host_council=host,
        issuer=running_council_provider.issuer,
        client_id=running_council_provider.client_id,
        client_secret=running_council_provider.client_secret,
        email_domains="luton.gov.uk",
    )


@pytest.fixture
def amina(host) -> User:
    return UserFactory(
        email="amina.hussain@luton.gov.uk",
        full_name="Amina Hussain",
        organisation=host.organisation,
        role=Role.SQA_OFFICER,
    )


def provider_signs_in(client, username: str, start: str = "/sign-in/council/luton/") -> tuple[requests.Session, str]:
    """Go to the council's sign-in page as a browser would, sign in there with the council's password,
    and come back with the address the provider sends the person to (Safeguard's callback)."""
    response = client.get(start)
    assert response.status_code == 302, response
    browser = requests.Session()
    login_page = browser.get(response["Location"])
    assert "Sign in to your council account" in login_page.text
    answer = browser.post(
        login_page.url,
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        allow_redirects=False,
    )
    while answer.status_code == 302:
        location = urljoin(answer.url, answer.headers["Location"])
        if location.startswith("http://testserver"):
            return browser, location.removeprefix("http://testserver")
        answer = browser.get(location, allow_redirects=False)
    raise AssertionError(f"The provider did not send the person back: {answer.status_code} {answer.text[:300]}")


def test_council_staff_sign_in_with_the_councils_account_and_no_safeguard_second_factor(client, council_sign_in, amina):
    _, callback = provider_signs_in(client, "amina", start="/sign-in/council/luton/?next=/register/")
    response = client.get(callback)
    assert response.status_code == 302 and response["Location"] == "/register/"
    home = client.get("/")
    assert home.status_code == 200 and "Amina Hussain" in home.content.decode()
    assert client.session[SIGNED_IN_BY]["host"] == "luton"
    event = AuditEvent.objects.filter(action="user.sign_in").latest("pk")
    assert event.object_id == str(amina.pk)
    assert event.changes == {"single_sign_on": [None, "luton"]}


def test_a_person_with_no_safeguard_account_is_refused_and_nothing_is_created(client, council_sign_in):
    count = User.objects.count()
    _, callback = provider_signs_in(client, "newstarter")
    response = client.get(callback)
    assert response.status_code == 403
    text = response.content.decode()
    assert "There is no Safeguard account for no.account@luton.gov.uk at Luton" in text
    assert User.objects.count() == count
    assert "_auth_user_id" not in client.session  # not signed in
    refusal = AuditEvent.objects.get(action="user.council_sign_in_refused")
    assert refusal.changes["email"] == [None, "no.account@luton.gov.uk"]


def test_a_person_from_another_councils_domain_is_refused_even_with_an_account(client, council_sign_in, host):
    # A Birmingham social worker has a Safeguard account (to place children here), and signs in with a password.
    UserFactory(email="j.okafor@birmingham.gov.uk", organisation=host.organisation, role=Role.SQA_OFFICER)
    _, callback = provider_signs_in(client, "visitor")
    response = client.get(callback)
    assert response.status_code == 403
    assert "j.okafor@birmingham.gov.uk is not an email address of Luton" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_disabled_account_is_refused(client, council_sign_in, amina):
    amina.is_active = False
    amina.save()
    _, callback = provider_signs_in(client, "amina")
    response = client.get(callback)
    assert response.status_code == 403 and "switched off" in response.content.decode()


def test_a_callback_with_a_made_up_state_is_refused(client, council_sign_in, amina):
    _, callback = provider_signs_in(client, "amina")
    query = parse_qs(urlsplit(callback).query)
    response = client.get("/sign-in/council/callback/", {"code": query["code"][0], "state": "made-up"})
    assert response.status_code == 403
    assert "started in another window" in response.content.decode()
    # …and the real state, once used, cannot be used again.
    assert client.get(callback).status_code == 302
    client.logout()
    assert client.get(callback).status_code == 302 and "_auth_user_id" not in client.session


def test_council_staff_typing_a_password_are_sent_to_their_council_instead(client, council_sign_in, amina):
    response = client.post("/sign-in/", {"email": amina.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/council/luton/")
    assert "_auth_user_id" not in client.session


def test_people_outside_the_council_keep_their_password_and_second_factor(
    client, council_sign_in, placing_social_worker
):
    response = client.post("/sign-in/", {"email": placing_social_worker.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    # A host's staff from outside the council's domains (an agency worker's own address) too: password, then code.
    agency = UserFactory(
        email="agency@locum.example", organisation=council_sign_in.host_council.organisation, role="sqa_officer"
    )
    client.logout()
    response = client.post("/sign-in/", {"email": agency.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/sign-in/set-up-authenticator/"


def test_the_sign_in_page_offers_the_councils_sign_in(client, council_sign_in):
    page = client.get("/sign-in/").content.decode()
    assert "sign in with your council account" in page
    choose = client.get("/sign-in/council/").content.decode()
    assert "Sign in with your Luton Borough Council account" in choose or "Sign in with your Luton account" in choose
    assert client.get("/sign-in/council/nowhere/").status_code == 404


def test_signing_out_ends_the_providers_session_too(client, council_sign_in, amina):
    browser, callback = provider_signs_in(client, "amina")
    client.get(callback)
    response = client.post("/sign-out/")
    assert response.status_code == 302
    end_session = response["Location"]
    assert end_session.startswith(f"{council_sign_in.issuer}/end-session")
    assert "id_token_hint=" in end_session
    back = browser.get(end_session, allow_redirects=False)
    assert back.status_code == 302 and back.headers["Location"] == "http://testserver/sign-out/done/"
    assert "_auth_user_id" not in client.session
    assert "also signed out of your council account" in client.get("/sign-out/done/").content.decode()
    # The provider asks for the council password again.
    again = browser.get(client.get("/sign-in/council/luton/")["Location"])
    assert "Sign in to your council account" in again.text


def test_a_group_claim_gives_the_role_and_no_group_refuses(client, host, council_sign_in):
    council_sign_in_configure(
        actor=ACTOR,
        host_council=host,
        issuer=council_sign_in.issuer,
        client_id=council_sign_in.client_id,
        client_secret="",  # blank keeps the one stored
        email_domains="luton.gov.uk",
        scopes="openid email profile groups",
        group_claim="groups",
        group_roles={"SQA managers": "sqa_manager"},
    )
    dee = UserFactory(email="dee.manager@luton.gov.uk", organisation=host.organisation, role=Role.SQA_OFFICER)
    UserFactory(email="sam.ungrouped@luton.gov.uk", organisation=host.organisation, role=Role.SQA_OFFICER)
    _, callback = provider_signs_in(client, "manager")
    assert client.get(callback).status_code == 302
    dee.refresh_from_db()
    assert dee.role == Role.SQA_MANAGER
    client.logout()
    _, callback = provider_signs_in(client, "ungrouped")
    response = client.get(callback)
    assert response.status_code == 403 and "not in any of your council's groups" in unescape(response.content.decode())


def test_a_provider_that_does_not_answer_is_said_plainly(client, host):
    council_sign_in_configure(
        actor=ACTOR,
        host_council=host,
        issuer="http://127.0.0.1:9/openid",
        client_id="x",
        client_secret="y",
        email_domains="luton.gov.uk",
    )
    response = client.get("/sign-in/council/luton/")
    assert response.status_code == 502 and "did not answer" in response.content.decode()


def test_configuration_is_checked_and_the_secret_never_reaches_the_audit_trail(host, monkeypatch, capsys):
    with pytest.raises(PersonInvalid) as refused:
        council_sign_in_configure(
            actor=ACTOR,
            host_council=host,
            issuer="http://login.example/x",
            client_id="",
            client_secret="",
            email_domains="nodot",
            scopes="email",
        )
    assert set(refused.value.errors) == {"issuer", "client_id", "client_secret", "email_domains", "scopes"}
    monkeypatch.setenv("COUNCIL_SIGN_IN_CLIENT_SECRET", "s3cret-value")
    call_command(
        "configure_council_sign_in",
        "--host",
        "luton",
        "--issuer",
        "https://login.microsoftonline.com/tenant-id/v2.0",
        "--client-id",
        "abc",
        "--email-domains",
        "luton.gov.uk",
    )
    assert "is on" in capsys.readouterr().out
    event = AuditEvent.objects.get(action="host_council.sign_in_configure")
    assert "s3cret-value" not in str(event.changes) and event.changes["client_secret"] == ["(hidden)", "(changed)"]
    # Kept encrypted at rest: the column holds a Fernet token, not the secret.
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM accounts_councilsignin")
        (stored,) = cursor.fetchone()
    assert stored.startswith("fernet:") and "s3cret-value" not in stored
    monkeypatch.delenv("COUNCIL_SIGN_IN_CLIENT_SECRET")
    CouncilSignIn.objects.all().delete()  # with none stored, the secret is required
    with pytest.raises(CommandError, match="Set COUNCIL_SIGN_IN_CLIENT_SECRET"):
        call_command(
            "configure_council_sign_in",
            "--host",
            "luton",
            "--issuer",
            "https://x.example",
            "--client-id",
            "a",
            "--email-domains",
            "luton.gov.uk",
        )
