"""Forgotten password (issue 17): a link by e-mail, the same answer for any address, no way around the
lockout or the second factor."""

import re
from datetime import timedelta

import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.test_sign_in import post_password
from safeguard.core.models import AuditEvent, OutboxMessage

NEW_PASSWORD = "amber-kettle-horizon-7"


def ask_for_link(client, email):
    return client.post("/forgotten-password/", {"email": email})


def reset_link(email: str) -> str:
    message = OutboxMessage.objects.get(purpose="accounts.password_reset", to=email)
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def open_link(client, link):
    response = client.get(link)
    assert response.status_code == 302 and response["Location"].endswith("/set-password/")
    return response["Location"]


def test_the_sign_in_page_links_to_it(client, db):
    page = client.get("/sign-in/").content.decode()
    assert 'href="/forgotten-password/"' in page and "Forgotten your password?" in page


def test_the_same_answer_whether_or_not_the_address_has_an_account(client, carer):
    known = ask_for_link(client, carer.email)
    known_page = client.get(known["Location"]).content.decode()
    unknown = ask_for_link(client, "nobody@example.test")
    unknown_page = client.get(unknown["Location"]).content.decode()
    assert known["Location"] == unknown["Location"] == "/forgotten-password/sent/"

    def same(page, email):
        return re.sub(r'nonce="[^"]*"', "", page.replace(email, "ADDRESS"))

    assert same(known_page, carer.email) == same(unknown_page, "nobody@example.test")
    assert "Check your email" in known_page
    assert OutboxMessage.objects.filter(purpose="accounts.password_reset").count() == 1
    assert AuditEvent.objects.filter(action="user.password_reset_request").count() == 2


def test_blank_and_malformed_addresses_are_explained(client, db):
    page = ask_for_link(client, "").content.decode()
    assert "Enter your email address" in page and 'href="#id_email"' in page
    page = ask_for_link(client, "not an address").content.decode()
    assert "Enter an email address in the correct format" in page


def test_a_carer_resets_their_password_and_is_signed_in(client, carer):
    ask_for_link(client, carer.email)
    form_url = open_link(client, reset_link(carer.email))
    page = client.get(form_url).content.decode()
    assert "Choose a new password" in page and carer.email in page
    # The token is kept out of the address the form is on.
    assert form_url == form_url.split("/set-password/")[0] + "/set-password/"
    page = client.post(form_url, {"password": "short", "confirmation": "short"}).content.decode()
    assert "Password must be 12 characters or more" in page and 'href="#id_password"' in page
    page = client.post(form_url, {"password": NEW_PASSWORD, "confirmation": "different-words-here"}).content.decode()
    assert "Passwords must match" in page and 'href="#id_confirmation"' in page
    response = client.post(form_url, {"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(carer.pk)
    assert AuditEvent.objects.filter(action="user.password_reset", actor=carer).exists()
    client.post("/sign-out/")
    assert post_password(client, carer, password=NEW_PASSWORD).status_code == 302


def test_host_staff_still_need_their_second_factor_after_a_reset(client, sqa_officer):
    TOTPDevice.objects.create(user=sqa_officer, name="Authenticator app", confirmed=True)
    ask_for_link(client, sqa_officer.email)
    form_url = open_link(client, reset_link(sqa_officer.email))
    response = client.post(form_url, {"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert response["Location"] == "/sign-in/security-code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/people/").status_code == 302  # not signed in


def test_a_locked_account_stays_locked(client, carer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(client, carer, password="wrong-password-guess")
    ask_for_link(client, carer.email)
    form_url = open_link(client, reset_link(carer.email))
    response = client.post(form_url, {"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert response.status_code == 429 and "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_link_expires(client, carer, settings):
    ask_for_link(client, carer.email)
    link = reset_link(carer.email)
    later = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later):
        page = client.get(open_link(client, link)).content.decode()
    assert "This link has expired" in page and "Ask for a new link" in page


def test_a_tampered_link_does_not_work(client, carer):
    ask_for_link(client, carer.email)
    link = reset_link(carer.email)
    # The token's last two characters changed (to "00", or "11" if they were "00": never the same link).
    tampered = link[:-3] + ("11" if link[-3:-1] == "00" else "00") + "/"
    assert tampered != link
    page = client.get(open_link(client, tampered)).content.decode()
    assert "This link has expired" in page


def test_following_a_link_while_someone_else_is_signed_in_signs_them_out(client, sign_in, carer, placing_social_worker):
    ask_for_link(client, carer.email)
    sign_in(placing_social_worker)
    page = client.get(open_link(client, reset_link(carer.email))).content.decode()
    assert "Choose a new password" in page and carer.email in page
    assert "_auth_user_id" not in client.session
