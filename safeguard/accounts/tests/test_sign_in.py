from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.tests.factories import TEST_PASSWORD
from safeguard.core.models import AuditEvent


def code_for(device: TOTPDevice, at=None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at.timestamp()
    return f"{totp.token():06d}"


def post_password(client, user, password=TEST_PASSWORD, **extra):
    return client.post("/sign-in/", {"email": user.email, "password": password, **extra})


class TestPassword:
    def test_placing_social_worker_signs_in_with_password_alone(self, client, placing_social_worker):
        response = post_password(client, placing_social_worker)
        assert response.status_code == 302 and response["Location"] == "/"
        assert "Children placed by" in client.get("/").content.decode()
        assert AuditEvent.objects.filter(action="user.sign_in", actor=placing_social_worker).exists()

    def test_blank_form_names_each_field(self, client, db):
        page = client.post("/sign-in/", {"email": "", "password": ""}).content.decode()
        assert "There is a problem" in page
        assert "Enter your email address" in page and "Enter your password" in page
        assert 'href="#id_email"' in page

    def test_wrong_password_is_refused_without_saying_which_part_was_wrong(self, client, carer):
        page = post_password(client, carer, password="not-the-password").content.decode()
        assert "Your email address or password is incorrect" in page
        assert "_auth_user_id" not in client.session
        assert AuditEvent.objects.filter(action="user.sign_in_failed").count() == 1

    def test_next_is_followed_only_within_the_service(self, client, carer):
        response = post_password(client, carer, next="https://evil.example/steal")
        assert response["Location"] == "/"
        client.post("/sign-out/")
        response = post_password(client, carer, next="/who-to-call/")
        assert response["Location"] == "/who-to-call/"


class TestLockout:
    def test_one_address_trying_many_accounts_is_limited_beyond_the_per_account_lockout(
        self, client, carer, placing_social_worker, settings
    ):
        """Password spraying: one wrong password each for many accounts locks none of them, so the
        address itself is limited (429 with Retry-After, a page that says what to do)."""
        settings.SIGN_IN_RATE = (3, 100, 900)
        assert post_password(client, placing_social_worker).status_code == 302  # a right one does not count
        client.post("/sign-out/")
        for n in range(3):
            page = client.post("/sign-in/", {"email": f"guess{n}@luton.example", "password": "Summer2026!"})
            assert page.status_code == 200
        response = post_password(client, carer)  # even the right password, from this address, waits
        assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 900
        page = response.content.decode()
        assert "too many attempts to sign in from your network" in page and carer.email in page
        assert "_auth_user_id" not in client.session
        # Another address is not held back.
        other = client.post("/sign-in/", {"email": carer.email, "password": TEST_PASSWORD}, REMOTE_ADDR="198.51.100.7")
        assert other.status_code == 302

    def test_account_locks_after_repeated_failures_even_with_the_right_password(self, client, carer, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            post_password(client, carer, password="wrong-password-guess")
        response = post_password(client, carer)
        assert response.status_code == 429
        assert "Your account is locked" in response.content.decode()
        assert "_auth_user_id" not in client.session
        assert AuditEvent.objects.filter(action="user.locked_out").exists()

    def test_lock_lifts_after_the_cool_off(self, client, carer, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            post_password(client, carer, password="wrong-password-guess")
        with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
            response = post_password(client, carer)
            assert response.status_code == 302

    def test_one_locked_account_does_not_lock_another(self, client, carer, placing_social_worker, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            post_password(client, carer, password="wrong-password-guess")
        assert post_password(client, placing_social_worker).status_code == 302


class TestSecondFactor:
    def test_host_staff_set_up_an_authenticator_then_sign_in_with_its_code(self, client, sqa_officer):
        response = post_password(client, sqa_officer)
        assert response["Location"] == "/sign-in/set-up-authenticator/"
        assert "_auth_user_id" not in client.session  # not signed in before the second factor
        page = client.get("/sign-in/set-up-authenticator/").content.decode()
        assert "Setup key" in page and "data:image/svg+xml" in page
        device = TOTPDevice.objects.get(user=sqa_officer, confirmed=False)
        response = client.post("/sign-in/set-up-authenticator/", {"code": code_for(device)})
        assert response.status_code == 302
        assert "Register of children placed in Luton" in client.get("/").content.decode()
        device.refresh_from_db()
        assert device.confirmed

        client.post("/sign-out/")
        later = timezone.now() + timedelta(minutes=2)
        with time_machine.travel(later):
            assert post_password(client, sqa_officer)["Location"] == "/sign-in/security-code/"
            response = client.post("/sign-in/security-code/", {"code": code_for(device, later)})
            assert response.status_code == 302
            assert client.get("/audit/").status_code == 404  # signed in; an officer is not a manager

    def test_wrong_and_malformed_codes_are_explained(self, client, police):
        device = TOTPDevice.objects.create(user=police, name="app", confirmed=True)
        post_password(client, police)
        page = client.post("/sign-in/security-code/", {"code": "12ab"}).content.decode()
        assert "Enter the security code as 6 digits" in page
        wrong = "000000" if code_for(device) != "000000" else "111111"
        page = client.post("/sign-in/security-code/", {"code": wrong}).content.decode()
        assert "The security code is not right" in page
        assert "_auth_user_id" not in client.session

    def test_too_many_wrong_codes_end_the_attempt(self, client, police):
        device = TOTPDevice.objects.create(user=police, name="app", confirmed=True)
        post_password(client, police)
        wrong = "000000" if code_for(device) != "000000" else "111111"
        for _ in range(4):
            client.post("/sign-in/security-code/", {"code": wrong})
        response = client.post("/sign-in/security-code/", {"code": wrong})
        assert response.status_code == 403
        assert "Too many wrong security codes" in response.content.decode()
        # The pending sign-in is gone: even the right code now needs the password first.
        assert client.post("/sign-in/security-code/", {"code": code_for(device)})["Location"] == "/sign-in/"

    def test_the_demo_does_not_ask_for_a_second_factor(self, client, sqa_officer, settings):
        settings.SAFEGUARD_DEMO = True
        assert post_password(client, sqa_officer)["Location"] == "/"

    def test_a_session_without_the_second_factor_is_ended(self, client, sqa_officer):
        client.force_login(sqa_officer)  # e.g. a session from before the demo setting was turned off
        response = client.get("/children/")
        assert response.status_code == 302 and response["Location"] == "/sign-in/"
        assert "_auth_user_id" not in client.session

    @pytest.mark.parametrize("role", ["carer", "placing_social_worker"])
    def test_external_roles_without_host_access_use_password_alone(self, client, role, request):
        user = request.getfixturevalue(role)
        assert post_password(client, user)["Location"] == "/"


class TestSession:
    def test_session_expires_after_inactivity(self, client, carer, settings):
        post_password(client, carer)
        assert client.get("/children/").status_code == 200
        idle = timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
        with time_machine.travel(timezone.now() + idle):
            response = client.get("/children/")
            assert response.status_code == 302 and response["Location"].startswith("/sign-in/")

    def test_activity_keeps_the_session_alive(self, client, carer, settings):
        post_password(client, carer)
        step = timedelta(seconds=settings.SESSION_COOKIE_AGE - 120)
        now = timezone.now()
        for n in range(1, 4):
            with time_machine.travel(now + step * n):
                assert client.get("/children/").status_code == 200

    def test_sign_out_ends_the_session(self, client, carer):
        post_password(client, carer)
        page = client.post("/sign-out/").content.decode()
        assert "You have signed out" in page
        assert client.get("/children/").status_code == 302
        assert AuditEvent.objects.filter(action="user.sign_out", actor=carer).exists()
