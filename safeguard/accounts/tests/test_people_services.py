"""People and roles (issue 17): the services a host council's administrator uses, and their rules."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts import selectors, services
from safeguard.accounts.models import Organisation, Role, User
from safeguard.accounts.tests.factories import TEST_PASSWORD, HostCouncilFactory, UserFactory
from safeguard.accounts.tokens import invitation_tokens, password_reset_tokens
from safeguard.core.models import AuditEvent, OutboxMessage


def _team(host, kind):
    return host.teams.get(kind=kind)


def invite(actor, host, **overrides):
    arguments = {
        "email": "New.Starter@Luton.example",
        "full_name": "Nia Starter",
        "role": Role.SQA_OFFICER,
        "organisation": host.organisation,
        "team": _team(host, "sqa"),
    }
    arguments.update(overrides)
    return services.user_invite(actor=actor, **arguments)


@pytest.fixture
def other_host_staff(db):
    other = HostCouncilFactory()
    return UserFactory(role=Role.SQA_OFFICER, organisation=other.organisation)


def events(action, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


class TestInvite:
    def test_invitation_makes_an_account_without_a_password_and_emails_a_link(self, host_admin, host):
        person = invite(host_admin, host)
        assert person.email == "new.starter@luton.example"
        assert person.role == Role.SQA_OFFICER and person.team.kind == "sqa"
        assert not person.has_usable_password()
        event = events("user.invite").get()
        assert event.actor == host_admin and event.host_council == host and event.object_id == str(person.pk)
        assert event.changes["role"] == [None, "sqa_officer"]
        message = OutboxMessage.objects.get(purpose="accounts.invitation")
        assert message.to == person.email and message.host_council == host
        assert "/set-password/" in message.body and "within 7 days" in message.body
        assert "authenticator app" in message.body  # host staff need a second factor
        assert selectors.person_status(person) == selectors.Status.INVITED

    def test_a_carer_of_a_provider_in_the_area_can_be_invited(self, host_admin, host, provider):
        person = invite(host_admin, host, role=Role.CARER, organisation=provider, team=None)
        assert person.organisation == provider
        assert person in selectors.people_visible_to(host_admin)

    def test_role_must_fit_the_organisation(self, host_admin, host, provider):
        with pytest.raises(services.PersonInvalid) as refused:
            invite(host_admin, host, role=Role.CARER, team=None)
        assert "Carer or provider staff is a role in a carer or provider" in refused.value.errors["role"]
        with pytest.raises(services.PersonInvalid) as refused:
            invite(host_admin, host, role=Role.LADO, organisation=provider, team=None)
        assert "role" in refused.value.errors
        assert not User.objects.filter(email="new.starter@luton.example").exists()
        assert not OutboxMessage.objects.exists() and not events("user.invite").exists()

    def test_a_carer_has_no_team(self, host_admin, host, provider):
        with pytest.raises(services.PersonInvalid) as refused:
            invite(host_admin, host, role=Role.CARER, organisation=provider)
        assert refused.value.errors == {
            "team": "Select no team: a Carer or provider staff is not in a host council's team"
        }

    def test_only_into_the_administrators_own_council_and_teams(self, host_admin, host, other_council):
        other = HostCouncilFactory()
        with pytest.raises(services.PersonInvalid) as refused:
            invite(host_admin, host, organisation=other.organisation, team=None)
        assert refused.value.errors == {"organisation": "Select an organisation from the list"}
        other_team = other.teams.create(kind="sqa", name="Their SQA")
        with pytest.raises(services.PersonInvalid) as refused:
            invite(host_admin, host, team=other_team)
        assert refused.value.errors == {"team": "Select a team from the list"}

    def test_an_address_already_in_use_is_refused(self, host_admin, host, sqa_officer):
        with pytest.raises(services.PersonInvalid) as refused:
            invite(host_admin, host, email=sqa_officer.email.upper())
        assert "email" in refused.value.errors

    def test_resending_makes_earlier_links_stop_working(self, host_admin, host):
        person = invite(host_admin, host)
        first = invitation_tokens.make_token(person)
        assert invitation_tokens.check_token(person, first)
        services.invitation_resend(actor=host_admin, person=person)
        person.refresh_from_db()
        assert not invitation_tokens.check_token(person, first)
        assert OutboxMessage.objects.filter(purpose="accounts.invitation").count() == 2
        assert events("user.invitation_resend", actor=host_admin).exists()

    def test_no_new_invitation_once_the_password_is_set(self, host_admin, sqa_officer):
        with pytest.raises(services.PersonInvalid):
            services.invitation_resend(actor=host_admin, person=sqa_officer)


class TestInvitationLinkExpiry:
    def test_the_link_works_for_seven_days_then_expires(self, host_admin, host):
        person = invite(host_admin, host)
        token = invitation_tokens.make_token(person)
        with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
            assert invitation_tokens.check_token(person, token)
        with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
            assert not invitation_tokens.check_token(person, token)

    def test_the_expiry_is_configurable(self, host_admin, host, settings):
        settings.INVITATION_VALID_DAYS = 2
        person = invite(host_admin, host)
        token = invitation_tokens.make_token(person)
        with time_machine.travel(timezone.now() + timedelta(days=2, minutes=1)):
            assert not invitation_tokens.check_token(person, token)

    def test_an_invitation_link_is_not_a_password_reset_link(self, host_admin, host):
        person = invite(host_admin, host)
        assert not password_reset_tokens.check_token(person, invitation_tokens.make_token(person))


class TestRoleChange:
    def test_role_and_team_change_is_audited(self, host_admin, sqa_officer, host):
        services.user_role_change(
            actor=host_admin, person=sqa_officer, role=Role.RA_SOCIAL_WORKER, team=_team(host, "referral_assessment")
        )
        sqa_officer.refresh_from_db()
        assert sqa_officer.role == Role.RA_SOCIAL_WORKER
        event = events("user.role_change").get()
        assert event.actor == host_admin
        assert event.changes["role"] == ["sqa_officer", "ra_social_worker"]
        assert "team" in event.changes

    def test_a_carer_cannot_become_host_staff(self, host_admin, carer):
        with pytest.raises(services.PersonInvalid) as refused:
            services.user_role_change(actor=host_admin, person=carer, role=Role.SQA_OFFICER, team=None)
        assert "role" in refused.value.errors
        carer.refresh_from_db()
        assert carer.role == Role.CARER and not events("user.role_change").exists()

    def test_an_administrator_cannot_remove_their_own_administrator_role(self, host_admin):
        with pytest.raises(services.PersonInvalid) as refused:
            services.user_role_change(actor=host_admin, person=host_admin, role=Role.SQA_OFFICER, team=None)
        assert "your own administrator role" in refused.value.errors["role"]

    def test_another_hosts_staff_are_a_404(self, host_admin, other_host_staff):
        with pytest.raises(Http404):
            services.user_role_change(actor=host_admin, person=other_host_staff, role=Role.LADO, team=None)
        with pytest.raises(Http404):
            selectors.person_get_for(host_admin, other_host_staff.pk)


class TestAuthenticatorReset:
    def test_devices_are_removed_sessions_end_and_the_person_is_told(self, host_admin, sqa_officer, client, sign_in):
        sign_in(sqa_officer)
        assert TOTPDevice.objects.filter(user=sqa_officer).exists()
        services.user_authenticator_reset(actor=host_admin, person=sqa_officer)
        assert not TOTPDevice.objects.filter(user=sqa_officer).exists()
        assert "_auth_user_id" not in client.session  # signed out
        event = events("user.authenticator_reset").get()
        assert event.actor == host_admin and event.kind == AuditEvent.Kind.SECURITY
        message = OutboxMessage.objects.get(purpose="accounts.authenticator_reset")
        assert message.to == sqa_officer.email and "reset the authenticator app" in message.body

    def test_not_their_own(self, host_admin):
        with pytest.raises(services.PersonInvalid):
            services.user_authenticator_reset(actor=host_admin, person=host_admin)

    def test_another_hosts_staff_are_a_404(self, host_admin, other_host_staff):
        TOTPDevice.objects.create(user=other_host_staff, name="theirs", confirmed=True)
        with pytest.raises(Http404):
            services.user_authenticator_reset(actor=host_admin, person=other_host_staff)
        assert TOTPDevice.objects.filter(user=other_host_staff).exists()


class TestDisable:
    def test_a_disabled_person_is_signed_out_and_cannot_sign_in(self, host_admin, carer, client, sign_in):
        sign_in(carer)
        services.user_disable(actor=host_admin, person=carer)
        assert not Session.objects.exists()
        response = client.post("/sign-in/", {"email": carer.email, "password": TEST_PASSWORD})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
        assert events("user.disable", actor=host_admin).exists()

    def test_re_enabled_they_sign_in_again(self, host_admin, carer, client):
        services.user_disable(actor=host_admin, person=carer)
        services.user_enable(actor=host_admin, person=carer)
        response = client.post("/sign-in/", {"email": carer.email, "password": TEST_PASSWORD})
        assert response.status_code == 302
        assert events("user.enable", actor=host_admin).exists()

    def test_an_administrator_cannot_disable_themselves(self, host_admin):
        with pytest.raises(services.PersonInvalid):
            services.user_disable(actor=host_admin, person=host_admin)
        host_admin.refresh_from_db()
        assert host_admin.is_active

    def test_another_hosts_staff_and_other_councils_people_are_a_404(
        self, host_admin, other_host_staff, placing_social_worker, police
    ):
        for person in (other_host_staff, placing_social_worker, police):
            with pytest.raises(Http404):
                services.user_disable(actor=host_admin, person=person)
            person.refresh_from_db()
            assert person.is_active

    def test_system_administrators_are_left_to_the_django_admin(self, host_admin, host):
        superuser = UserFactory(role=Role.SQA_OFFICER, organisation=host.organisation, is_superuser=True)
        with pytest.raises(Http404):
            services.user_disable(actor=host_admin, person=superuser)

    def test_other_roles_manage_nobody(self, sqa_manager, sqa_officer):
        assert not selectors.people_visible_to(sqa_manager).exists()
        with pytest.raises(Http404):
            services.user_disable(actor=sqa_manager, person=sqa_officer)


class TestPasswordReset:
    def test_a_known_address_gets_a_link_and_the_request_is_recorded(self, carer):
        services.password_reset_request(email=carer.email.upper())
        message = OutboxMessage.objects.get(purpose="accounts.password_reset")
        assert message.to == carer.email and "/reset-password/" in message.body and "2 hours" in message.body
        assert events("user.password_reset_request", object_id=str(carer.pk)).exists()

    def test_an_unknown_or_disabled_address_gets_nothing_but_is_recorded(self, carer, db):
        carer.is_active = False
        carer.save()
        services.password_reset_request(email="nobody@example.test")
        services.password_reset_request(email=carer.email)
        assert not OutboxMessage.objects.exists()
        assert events("user.password_reset_request").count() == 2

    def test_repeated_requests_send_one_email_in_two_minutes(self, carer):
        for _ in range(3):
            services.password_reset_request(email=carer.email)
        assert OutboxMessage.objects.filter(purpose="accounts.password_reset").count() == 1
        with time_machine.travel(timezone.now() + timedelta(minutes=3)):
            services.password_reset_request(email=carer.email)
        assert OutboxMessage.objects.filter(purpose="accounts.password_reset").count() == 2

    def test_the_link_expires_and_works_once(self, carer, settings):
        token = password_reset_tokens.make_token(carer)
        with time_machine.travel(timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)):
            assert not password_reset_tokens.check_token(carer, token)
        assert password_reset_tokens.check_token(carer, token)
        services.password_set(
            person=carer, password="a-brand-new-passphrase", confirmation="a-brand-new-passphrase", purpose="reset"
        )
        assert not password_reset_tokens.check_token(carer, token)
        assert events("user.password_reset", actor=carer).exists()
        assert OutboxMessage.objects.filter(purpose="accounts.password_changed", to=carer.email).exists()

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("short", "Password must be 12 characters or more"),
            ("123456789012345", "Password must include letters or symbols, not only numbers"),
            ("password1234", "Enter a password that is harder to guess: this one is too common"),
        ],
    )
    def test_passwords_follow_the_rules_with_plain_messages(self, carer, password, message):
        with pytest.raises(services.PersonInvalid) as refused:
            services.password_set(person=carer, password=password, confirmation=password, purpose="reset")
        assert message in refused.value.errors["password"]

    def test_the_confirmation_must_match(self, carer):
        with pytest.raises(services.PersonInvalid) as refused:
            services.password_set(
                person=carer, password="a-brand-new-passphrase", confirmation="something-else-entirely", purpose="reset"
            )
        assert refused.value.errors == {"confirmation": "Passwords must match"}


def test_role_fit_errors_is_the_one_rule(host, provider, police):
    assert services.role_fit_errors(role=Role.SQA_OFFICER, organisation=host.organisation) == {}
    assert services.role_fit_errors(role=Role.POLICE, organisation=police.organisation) == {}
    assert "role" in services.role_fit_errors(role=Role.POLICE, organisation=host.organisation)
    not_a_host = Organisation.objects.get(dfe_code="330")  # Birmingham: a council, not a host here
    assert "organisation" in services.role_fit_errors(role=Role.LADO, organisation=not_a_host)
    assert services.role_fit_errors(role=Role.PLACING_SOCIAL_WORKER, organisation=not_a_host) == {}
    assert services.role_fit_errors(role="", organisation=None) == {}


def test_links_in_emails_use_the_base_url(host_admin, host, settings):
    settings.SAFEGUARD_BASE_URL = "https://safeguard.luton.example"
    invite(host_admin, host)
    body = OutboxMessage.objects.get().body
    assert re.search(r"https://safeguard\.luton\.example/set-password/[\w-]+/[\w-]+/", body)
