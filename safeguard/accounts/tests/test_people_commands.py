"""The first administrator (create_host_admin), createsuperuser without questions, and the Django admin."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from safeguard.accounts.models import Role, User
from safeguard.accounts.tokens import invitation_tokens, uid_decode
from safeguard.core.models import AuditEvent


class TestCreateHostAdmin:
    def test_prints_a_one_time_link_to_set_the_password(self, host, client):
        out = StringIO()
        call_command("create_host_admin", host="luton", email="Ada@Luton.example", full_name="Ada Admin", stdout=out)
        person = User.objects.get(email="ada@luton.example")
        assert person.role == Role.HOST_ADMIN and person.organisation == host.organisation
        assert not person.has_usable_password()
        uidb64, token = re.search(r"/set-password/([\w-]+)/([\w-]+)/", out.getvalue()).groups()
        assert uid_decode(uidb64) == person.pk and invitation_tokens.check_token(person, token)
        event = AuditEvent.objects.get(action="user.create", object_id=str(person.pk))
        assert event.actor is None and event.actor_label == "manage.py create_host_admin" and event.host_council == host
        # The link leads to setting the password, then to the authenticator set-up.
        response = client.get(f"/set-password/{uidb64}/{token}/")
        response = client.post(
            response["Location"], {"password": "quartz-meadow-lantern", "confirmation": "quartz-meadow-lantern"}
        )
        assert response["Location"] == "/sign-in/set-up-authenticator/"

    def test_takes_the_password_from_the_environment(self, host, monkeypatch):
        monkeypatch.setenv("SAFEGUARD_ADMIN_PASSWORD", "quartz-meadow-lantern")
        out = StringIO()
        call_command("create_host_admin", host="luton", email="ada@luton.example", full_name="Ada Admin", stdout=out)
        assert "/set-password/" not in out.getvalue()
        assert User.objects.get(email="ada@luton.example").check_password("quartz-meadow-lantern")

    def test_a_weak_password_from_the_environment_is_refused(self, host, monkeypatch):
        monkeypatch.setenv("SAFEGUARD_ADMIN_PASSWORD", "short")
        with pytest.raises(CommandError, match="12 characters or more"):
            call_command("create_host_admin", host="luton", email="ada@luton.example", full_name="Ada Admin")
        assert not User.objects.filter(email="ada@luton.example").exists()

    def test_an_unknown_host_or_a_taken_address_is_refused(self, host, sqa_officer):
        with pytest.raises(CommandError, match="no host council 'nowhere'"):
            call_command("create_host_admin", host="nowhere", email="ada@luton.example", full_name="Ada Admin")
        with pytest.raises(CommandError, match="already has an account"):
            call_command("create_host_admin", host="luton", email=sqa_officer.email, full_name="Ada Admin")


def test_createsuperuser_without_questions_reads_the_environment(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "ops@council.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "granite-harbour-willow")
    monkeypatch.setenv("DJANGO_SUPERUSER_FULL_NAME", "Olu Operations")
    call_command("createsuperuser", interactive=False, stdout=StringIO())
    user = User.objects.get(email="ops@council.example")
    assert user.is_superuser and user.is_staff and user.full_name == "Olu Operations"
    assert user.check_password("granite-harbour-willow")
    # Made through user_create, so audited, with the command named as the actor.
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor is None and event.actor_label.startswith("manage.py createsuperuser (run by ")
    assert event.changes["is_superuser"] == [False, True]


class TestDjangoAdmin:
    @pytest.fixture
    def admin_client(self, client, sign_in, host):
        superuser = User.objects.create_superuser(email="root@council.example", password="x", full_name="Root")
        return sign_in(superuser)

    def add(self, admin_client, **fields):
        data = {
            "email": "new@luton.example",
            "full_name": "New Person",
            "organisation": "",
            "role": "",
            "team": "",
            "usable_password": "true",
            "password1": "granite-harbour-willow",
            "password2": "granite-harbour-willow",
        }
        data.update(fields)
        return admin_client.post("/admin/accounts/user/add/", data)

    def test_a_role_that_does_not_fit_the_organisation_is_refused(self, admin_client, provider):
        response = self.add(admin_client, organisation=provider.pk, role=Role.SQA_OFFICER)
        assert response.status_code == 200
        assert "Select a role that fits the organisation" in response.content.decode()
        assert not User.objects.filter(email="new@luton.example").exists()

    def test_the_add_form_creates_through_user_create_and_shows_its_refusal(self, admin_client, host, monkeypatch):
        from safeguard.accounts import services
        from safeguard.accounts.services import PersonInvalid

        made = []
        real = services.user_create

        def user_create(**kwargs):
            made.append(kwargs)
            return real(**kwargs)

        monkeypatch.setattr(services, "user_create", user_create)
        assert self.add(admin_client, organisation=host.organisation.pk, role=Role.SQA_OFFICER).status_code == 302
        assert made[0]["actor"].email == "root@council.example" and made[0]["password"] == "granite-harbour-willow"

        def refuse(**kwargs):
            raise PersonInvalid({"email": "An account with this email address already exists"})

        monkeypatch.setattr(services, "user_create", refuse)
        response = self.add(admin_client, email="other@luton.example")
        assert response.status_code == 200
        assert "An account with this email address already exists" in response.content.decode()
        assert not User.objects.filter(email="other@luton.example").exists()

    def test_creating_an_account_and_changing_its_role_are_audited(self, admin_client, host):
        response = self.add(admin_client, organisation=host.organisation.pk, role=Role.SQA_OFFICER)
        assert response.status_code == 302
        person = User.objects.get(email="new@luton.example")
        created = AuditEvent.objects.get(action="user.create", object_id=str(person.pk))
        assert created.actor.email == "root@council.example" and created.changes["role"] == [None, "sqa_officer"]
        response = admin_client.post(
            f"/admin/accounts/user/{person.pk}/change/",
            {
                "email": person.email,
                "full_name": person.full_name,
                "phone": "",
                "organisation": host.organisation.pk,
                "role": Role.LADO,
                "team": "",
                "is_active": "on",
                "date_joined_0": "2026-11-30",
                "date_joined_1": "10:00:00",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        changed = AuditEvent.objects.get(action="user.change", object_id=str(person.pk))
        assert changed.changes["role"] == ["sqa_officer", "lado"]


def test_the_demo_has_a_host_administrator(host):
    from safeguard.home.demo import DEMO_PASSWORD, demo_data_load

    sign_ins = demo_data_load(host=host)
    admin = User.objects.get(email="admin@demo.safeguard.test")
    assert admin.role == Role.HOST_ADMIN and admin.organisation == host.organisation
    assert admin.check_password(DEMO_PASSWORD)
    assert "Host council administrator" in [sign_in.role for sign_in in sign_ins]
