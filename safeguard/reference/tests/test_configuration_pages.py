"""The configuration pages, through the test client: the host's administrator changes its teams,
contacts and opening hours, police force and districts; bad answers come back named; another host's
configuration is a 404; and what the administrator changed survives `load_reference_data`."""

import io

import pytest
from django.core.management import call_command

from safeguard.accounts.models import Role
from safeguard.accounts.tests.factories import UserFactory
from safeguard.core.audit import SystemActor
from safeguard.core.models import AuditEvent
from safeguard.reference import services
from safeguard.reference.models import Contact

UNIT = "Bedfordshire Police missing persons unit"


@pytest.fixture
def admin_client(client, sign_in, host_admin):
    return sign_in(host_admin)


@pytest.fixture
def other_host(host):
    """Central Bedfordshire, added as a second host with the standard teams."""
    return services.host_council_add(
        actor=SystemActor("Safeguard test suite"), dfe_code="823", slug="central-bedfordshire"
    ).host_council


def team_form(team, **changes) -> dict:
    return {
        "name": team.name,
        "kind": team.kind,
        "email": team.email,
        "phone": team.phone,
        "manager_email": team.manager_email,
        **changes,
    }


def contact_form(contact, **changes) -> dict:
    data = {
        "purpose": contact.purpose,
        "name": contact.name,
        "phone": contact.phone,
        "email": contact.email,
        "url": contact.url,
        "description": contact.description,
        "priority": contact.priority,
    }
    if contact.not_for_referrals:
        data["not_for_referrals"] = "on"
    for hours in contact.opening_hours.all():
        day = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][hours.weekday]
        data[f"{day}_opens"], data[f"{day}_closes"] = f"{hours.opens:%H:%M}", f"{hours.closes:%H:%M}"
    return {**data, **changes}


def banner(response) -> str:
    text = response.content.decode()
    assert "govuk-notification-banner--success" in text
    return text


def test_overview_shows_the_hosts_configuration(admin_client):
    response = admin_client.get("/settings/")

    text = response.content.decode()
    assert response.status_code == 200
    for shown in (
        "Bedfordshire Police",
        "LU1 LU2 LU3 LU4",
        "referral-assessment@luton.example",
        UNIT,
        "Monday to Friday 08:00 to 22:00",
        "Routing rules",
        "Work for a new placement goes to Referral and Assessment, Virtual School",
    ):
        assert shown in text


def test_the_administrator_changes_a_teams_email_and_sees_a_banner(admin_client, host, host_admin):
    team = host.teams.get(kind="referral_assessment")

    response = admin_client.post(f"/settings/teams/{team.pk}/", team_form(team, email="ra@luton.gov.uk"), follow=True)

    assert response.redirect_chain[-1][0] == "/settings/teams/"
    assert "Team saved: Referral and Assessment" in banner(response)
    assert "ra@luton.gov.uk" in response.content.decode()
    team.refresh_from_db()
    assert team.email == "ra@luton.gov.uk"
    event = AuditEvent.objects.filter(action="team.update").get()
    assert (event.actor, event.changes) == (
        host_admin,
        {"email": ["referral-assessment@luton.example", "ra@luton.gov.uk"]},
    )


def test_a_changed_team_email_survives_load_reference_data(admin_client, host):
    """Issue 17: an upgrade re-runs load_reference_data; the council's correction is kept."""
    team = host.teams.get(kind="sqa")
    admin_client.post(f"/settings/teams/{team.pk}/", team_form(team, email="sqa@luton.gov.uk"))

    out = io.StringIO()
    call_command("load_reference_data", stdout=out)

    team.refresh_from_db()
    assert team.email == "sqa@luton.gov.uk"
    assert "Host council Luton (luton) already exists: left as it is" in out.getvalue()


def test_a_team_with_bad_answers_comes_back_with_each_problem_named(admin_client, host):
    team = host.teams.get(kind="lado")

    response = admin_client.post(
        f"/settings/teams/{team.pk}/", team_form(team, name="", email="lado at luton", phone="LADO")
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Enter the team&#39;s name" in text
    assert "Enter the team&#39;s e-mail address in the correct format" in text
    assert "Enter the team&#39;s phone number in the correct format" in text
    assert 'href="#id_email"' in text
    assert "<title>Error:" in text
    team.refresh_from_db()
    assert team.email == "lado@luton.example"


def test_the_administrator_adds_a_team(admin_client, host):
    response = admin_client.post(
        "/settings/teams/add/",
        {"name": "Leaving Care", "kind": "other", "email": "leaving.care@luton.gov.uk"},
        follow=True,
    )

    assert "Team added: Leaving Care" in banner(response)
    assert host.teams.filter(name="Leaving Care", email="leaving.care@luton.gov.uk").exists()


def test_the_administrator_changes_an_opening_hour(admin_client, host):
    unit = Contact.objects.get(host_council=host, name=UNIT)

    response = admin_client.post(
        f"/settings/contacts/{unit.pk}/", contact_form(unit, sunday_closes="20:00"), follow=True
    )

    assert "Contact saved: Bedfordshire Police missing persons unit" in banner(response)
    assert "Saturday 08:00 to 18:00, Sunday 08:00 to 20:00" in response.content.decode()
    assert (
        AuditEvent.objects.filter(action="contact.update")
        .get()
        .changes["opening_hours"][1]
        .endswith("Sunday 08:00 to 20:00")
    )


def test_bad_times_and_numbers_are_refused_with_a_message_naming_the_field(admin_client, host):
    unit = Contact.objects.get(host_council=host, name=UNIT)

    response = admin_client.post(
        f"/settings/contacts/{unit.pk}/",
        contact_form(unit, phone="ring the police", saturday_opens="8am", sunday_closes="07:00"),
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Enter the phone number in the correct format, like 01582 547653, or a short number like 101" in text
    assert "Enter Saturday&#39;s opening time as a 24-hour time, like 08:00" in text
    assert "Sunday&#39;s closing time must be after its opening time" in text
    assert 'href="#id_saturday_opens"' in text
    assert 'value="8am"' in text  # what was typed comes back
    assert Contact.objects.get(pk=unit.pk).phone == "101"


def test_a_contact_order_that_is_not_a_number_is_refused(admin_client, host):
    unit = Contact.objects.get(host_council=host, name=UNIT)

    response = admin_client.post(f"/settings/contacts/{unit.pk}/", contact_form(unit, priority="first"))

    assert "Order must be a whole number from 1 to 99" in response.content.decode()


def test_the_administrator_adds_and_removes_a_contact(admin_client, host):
    response = admin_client.post(
        "/settings/contacts/add/",
        {
            "purpose": "report_missing",
            "name": "Missing People helpline",
            "phone": "116 000",
            "priority": "7",
            "monday_opens": "09:00",
            "monday_closes": "17:00",
        },
        follow=True,
    )
    assert "Contact added: Missing People helpline" in banner(response)
    contact = Contact.objects.get(host_council=host, name="Missing People helpline")
    assert [(h.weekday, h.opens.hour, h.closes.hour) for h in contact.opening_hours.all()] == [(0, 9, 17)]

    confirm = admin_client.get(f"/settings/contacts/{contact.pk}/remove/")
    assert "Remove Missing People helpline?" in confirm.content.decode()
    removed = admin_client.post(f"/settings/contacts/{contact.pk}/remove/", follow=True)

    assert "Contact removed: Missing People helpline" in banner(removed)
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert AuditEvent.objects.filter(action="contact.remove", object_id=str(contact.pk)).exists()


def test_the_administrator_changes_the_police_force_and_districts(admin_client, host):
    response = admin_client.post(
        "/settings/area/",
        {
            "police_force_name": "Bedfordshire Police",
            "police_force_phone": "101",
            "postcode_districts": "LU1 LU2 LU3 LU4 LU5",
        },
        follow=True,
    )

    assert "Police force and postcode districts saved" in banner(response)
    host.refresh_from_db()
    assert host.postcode_districts == "LU1 LU2 LU3 LU4 LU5"


def test_districts_that_are_not_districts_are_refused(admin_client, host):
    response = admin_client.post(
        "/settings/area/",
        {"police_force_name": "Bedfordshire Police", "police_force_phone": "101", "postcode_districts": "LU1 Luton"},
    )

    assert "Luton is not a postcode district" in response.content.decode()
    host.refresh_from_db()
    assert host.postcode_districts == "LU1 LU2 LU3 LU4"


def test_another_hosts_configuration_is_a_404(admin_client, other_host):
    team = other_host.teams.first()
    contact = other_host.contacts.first()

    for url in (
        f"/settings/teams/{team.pk}/",
        f"/settings/contacts/{contact.pk}/",
        f"/settings/contacts/{contact.pk}/remove/",
    ):
        assert admin_client.get(url).status_code == 404
    assert admin_client.post(f"/settings/teams/{team.pk}/", team_form(team, email="x@luton.gov.uk")).status_code == 404
    assert admin_client.post(f"/settings/contacts/{contact.pk}/remove/").status_code == 404
    assert other_host.contacts.filter(pk=contact.pk).exists()
    team.refresh_from_db()
    assert team.email == ""


def test_another_hosts_administrator_sees_only_their_own(client, sign_in, host, other_host):
    admin = UserFactory(role=Role.HOST_ADMIN, organisation=other_host.organisation)
    sign_in(admin)

    text = client.get("/settings/").content.decode()

    assert "Central Bedfordshire" in text
    assert "Bedfordshire Police missing persons unit" not in text
    assert "referral-assessment@luton.example" not in text
    assert client.get(f"/settings/teams/{host.teams.first().pk}/").status_code == 404


def test_a_disabled_administrator_cannot_open_the_pages(client, host):
    admin = UserFactory(role=Role.HOST_ADMIN, organisation=host.organisation, is_active=False)
    client.force_login(admin)

    assert client.get("/settings/").status_code == 302  # signed out: to the sign-in page


def test_the_administrators_home_and_navigation_link_to_the_configuration(client, sign_in, host, other_host):
    admin = UserFactory(role=Role.HOST_ADMIN, organisation=other_host.organisation)
    sign_in(admin)

    text = client.get("/").content.decode()

    assert 'href="/settings/"' in text
    assert 'class="govuk-service-navigation__link" href="/settings/"' in text
    # A host added with the standard teams is told what is left to do.
    assert "Enter your area&#39;s postcode districts" in text
    assert "Enter the e-mail address of Referral and Assessment" in text
    assert 'href="/settings/routing/"' in text


def test_each_team_has_a_change_link_not_its_markup_as_text(admin_client, host):
    text = admin_client.get("/settings/teams/").content.decode()
    team = host.teams.order_by("name").first()
    assert f'<a class="govuk-link" href="/settings/teams/{team.pk}/">Change' in text
    assert "&lt;a class=" not in text
