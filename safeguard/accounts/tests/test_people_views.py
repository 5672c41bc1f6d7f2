"""People and roles through the pages, including wrong answers (issue 17)."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.accounts.models import Role, User
from safeguard.accounts.tests.factories import HostCouncilFactory, UserFactory
from safeguard.accounts.tests.test_sign_in import code_for
from safeguard.core.models import AuditEvent, OutboxMessage


@pytest.fixture
def admin_client(client, sign_in, host_admin):
    return sign_in(host_admin)


def link_in(message: OutboxMessage) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


class TestList:
    def test_lists_the_hosts_staff_and_carers_in_the_area_only(
        self, admin_client, sqa_officer, carer, placing_social_worker, police
    ):
        other = UserFactory(role=Role.SQA_OFFICER, organisation=HostCouncilFactory().organisation)
        page = admin_client.get("/people/").content.decode()
        assert sqa_officer.full_name in page and carer.full_name in page
        for hidden in (placing_social_worker, police, other):
            assert hidden.email not in page

    def test_search_and_filters(self, admin_client, sqa_officer, lado, host):
        page = admin_client.get("/people/", {"q": sqa_officer.email.split("@")[0]}).content.decode()
        assert sqa_officer.email in page and lado.email not in page
        page = admin_client.get("/people/", {"role": "lado"}).content.decode()
        assert lado.email in page and sqa_officer.email not in page
        page = admin_client.get("/people/", {"team": host.teams.get(kind="lado").pk}).content.decode()
        assert lado.email in page and sqa_officer.email not in page
        lado.is_active = False
        lado.save()
        page = admin_client.get("/people/", {"status": "disabled"}).content.decode()
        assert lado.email in page and sqa_officer.email not in page and "Disabled" in page

    def test_a_role_not_in_the_list_is_explained(self, admin_client):
        page = admin_client.get("/people/", {"role": "superhero"}).content.decode()
        assert "There is a problem" in page and 'href="#id_role"' in page

    def test_the_administrators_home_and_navigation_link_to_it(self, admin_client):
        page = admin_client.get("/").content.decode()
        assert "Administration" in page and "Configuration of Luton" in page
        assert page.count('href="/people/"') >= 2  # the navigation and the home page


class TestInvite:
    def test_invite_then_the_invitee_sets_a_password_and_sets_up_an_authenticator(self, admin_client, host, client):
        team = host.teams.get(kind="virtual_school")
        response = admin_client.post(
            "/people/invite/",
            {
                "full_name": "Vee Newcomer",
                "email": "vee@luton.example",
                "organisation": host.organisation.pk,
                "role": Role.VIRTUAL_SCHOOL_OFFICER,
                "team": team.pk,
            },
        )
        person = User.objects.get(email="vee@luton.example")
        assert response["Location"] == f"/people/{person.pk}/"
        page = admin_client.get(response["Location"]).content.decode()
        assert "Invitation sent to Vee Newcomer" in page and "Invited" in page and "Send a new invitation" in page

        client.post("/sign-out/")
        link = link_in(OutboxMessage.objects.get(purpose="accounts.invitation"))
        response = client.get(link)
        assert response.status_code == 302 and response["Location"].endswith("/set-password/")
        page = client.get(response["Location"]).content.decode()
        assert "Set your password" in page and "vee@luton.example" in page
        response = client.post(
            response["Location"], {"password": "violet-river-lamp-9", "confirmation": "violet-river-lamp-9"}
        )
        assert response["Location"] == "/sign-in/set-up-authenticator/"
        assert "_auth_user_id" not in client.session  # not signed in before the second factor
        client.get(response["Location"])
        device = TOTPDevice.objects.get(user=person, confirmed=False)
        response = client.post("/sign-in/set-up-authenticator/", {"code": code_for(device)})
        assert response["Location"] == "/"
        assert client.session["_auth_user_id"] == str(person.pk)
        assert AuditEvent.objects.filter(action="user.invitation_accept", actor=person).exists()
        # The link has been used: it does not work again.
        client.post("/sign-out/")
        response = client.get(client.get(link)["Location"])
        assert "This link has expired" in response.content.decode()

    def test_blank_form_names_each_field(self, admin_client):
        page = admin_client.post("/people/invite/", {}).content.decode()
        for message, field in [
            ("Enter their full name", "full_name"),
            ("Enter their email address", "email"),
            ("Select a role", "role"),
        ]:
            assert message in page and f'href="#id_{field}"' in page

    def test_a_role_that_does_not_fit_the_organisation_is_refused_on_the_role(self, admin_client, host):
        response = admin_client.post(
            "/people/invite/",
            {
                "full_name": "Cara Rer",
                "email": "cara@example.test",
                "organisation": host.organisation.pk,
                "role": "carer",
            },
        )
        page = response.content.decode()
        assert response.status_code == 200 and "There is a problem" in page
        assert "Select a role that fits the organisation" in page and 'href="#id_role"' in page
        assert not User.objects.filter(email="cara@example.test").exists()

    def test_a_badly_formed_email_address(self, admin_client, host):
        page = admin_client.post(
            "/people/invite/",
            {"full_name": "X", "email": "not-an-address", "organisation": host.organisation.pk, "role": "lado"},
        ).content.decode()
        assert "Enter an email address in the correct format, like name@example.com" in page


class TestPersonPage:
    def test_change_role_and_team(self, admin_client, sqa_officer, host):
        team = host.teams.get(kind="lado")
        response = admin_client.post(f"/people/{sqa_officer.pk}/role/", {"role": "lado", "team": team.pk})
        assert response["Location"] == f"/people/{sqa_officer.pk}/"
        sqa_officer.refresh_from_db()
        assert sqa_officer.role == "lado" and sqa_officer.team == team

    def test_a_carer_is_only_offered_the_carer_role(self, admin_client, carer):
        page = admin_client.get(f"/people/{carer.pk}/role/").content.decode()
        assert 'value="carer"' in page and 'value="sqa_officer"' not in page
        page = admin_client.post(f"/people/{carer.pk}/role/", {"role": "sqa_officer"}).content.decode()
        assert "Select a role from the list" in page

    def test_own_administrator_role_cannot_be_removed(self, admin_client, host_admin):
        page = admin_client.post(f"/people/{host_admin.pk}/role/", {"role": "sqa_officer"}).content.decode()
        assert "You cannot remove your own administrator role" in page and 'href="#id_role"' in page

    def test_reset_an_authenticator(self, admin_client, sqa_officer):
        TOTPDevice.objects.create(user=sqa_officer, name="Authenticator app", confirmed=True)
        page = admin_client.get(f"/people/{sqa_officer.pk}/").content.decode()
        assert "Reset their authenticator" in page
        assert "Reset" in admin_client.get(f"/people/{sqa_officer.pk}/reset-authenticator/").content.decode()
        response = admin_client.post(f"/people/{sqa_officer.pk}/reset-authenticator/")
        assert response.status_code == 302 and not TOTPDevice.objects.filter(user=sqa_officer).exists()

    def test_disable_and_enable(self, admin_client, carer):
        response = admin_client.post(f"/people/{carer.pk}/disable/")
        carer.refresh_from_db()
        assert response.status_code == 302 and not carer.is_active
        page = admin_client.get(f"/people/{carer.pk}/").content.decode()
        assert "account is disabled" in page and "Enable their account" in page
        admin_client.post(f"/people/{carer.pk}/enable/")
        carer.refresh_from_db()
        assert carer.is_active

    def test_own_account_cannot_be_disabled(self, admin_client, host_admin):
        page = admin_client.get(f"/people/{host_admin.pk}/").content.decode()
        assert "Disable their account" not in page and "This is your own account" in page
        response = admin_client.post(f"/people/{host_admin.pk}/disable/")
        assert response.status_code == 400 and "You cannot disable your own account" in response.content.decode()

    def test_resend_an_invitation(self, admin_client, host_admin, host):
        person = UserFactory(role=Role.LADO, organisation=host.organisation, password=None)
        person.set_unusable_password()
        person.save()
        response = admin_client.post(f"/people/{person.pk}/resend-invitation/")
        assert response["Location"] == f"/people/{person.pk}/"
        assert OutboxMessage.objects.filter(purpose="accounts.invitation", to=person.email).exists()

    def test_another_hosts_person_is_a_404_everywhere(self, admin_client):
        other = UserFactory(role=Role.SQA_OFFICER, organisation=HostCouncilFactory().organisation)
        for path in ["", "role/", "reset-authenticator/", "disable/", "enable/", "resend-invitation/"]:
            assert admin_client.get(f"/people/{other.pk}/{path}").status_code == 404
            if path:
                assert admin_client.post(f"/people/{other.pk}/{path}").status_code == 404
        other.refresh_from_db()
        assert other.is_active
