"""Routing rules as a host's administrator keeps them: services (checked, audited) and pages."""

import pytest

from safeguard.accounts.models import Role
from safeguard.accounts.tests.factories import UserFactory
from safeguard.core.audit import SystemActor
from safeguard.core.models import AuditEvent
from safeguard.notifications import services
from safeguard.notifications.models import Notification, RoutingRule
from safeguard.notifications.services import RoutingRuleInvalid
from safeguard.notifications.services.routing import routing_config_check
from safeguard.reference import services as reference_services

from .payloads import start_payload


@pytest.fixture
def admin_client(client, sign_in, host_admin):
    return sign_in(host_admin)


def rule_for(host, team_name) -> RoutingRule:
    return RoutingRule.objects.get(host_council=host, team__name=team_name)


def test_a_stopped_rule_sends_no_more_work_and_the_change_is_audited(host, host_admin, placing_social_worker):
    rule = rule_for(host, "Virtual School")

    services.routing_rule_update(actor=host_admin, rule=rule, escalate_after_working_hours=24, active=False)

    event = AuditEvent.objects.get(action="routing_rule.update")
    assert event.actor == host_admin and event.host_council == host
    assert event.changes == {"active": [True, False], "escalate_after_working_hours": [16, 24]}
    notification, _ = services.notification_receive(
        actor=placing_social_worker, channel=Notification.Channel.WEB, payload=start_payload()
    )
    assert list(notification.work_items.values_list("team__name", flat=True)) == ["Referral and Assessment"]


def test_a_new_rule_sends_work_to_another_team(host, host_admin, placing_social_worker):
    lado = host.teams.get(kind="lado")

    services.routing_rule_add(
        actor=host_admin, host_council=host, team=lado, condition="always", escalate_after_working_hours=8
    )

    assert AuditEvent.objects.get(action="routing_rule.add").changes["team_id"] == [None, lado.pk]
    notification, _ = services.notification_receive(
        actor=placing_social_worker, channel=Notification.Channel.WEB, payload=start_payload()
    )
    assert "LADO" in notification.work_items.values_list("team__name", flat=True)


def test_a_rule_is_refused_for_another_hosts_team_or_bad_hours(host, host_admin):
    other = reference_services.host_council_add(
        actor=SystemActor.command("add_host_council"), dfe_code="823", slug="central-bedfordshire"
    ).host_council

    with pytest.raises(RoutingRuleInvalid) as refused:
        services.routing_rule_add(
            actor=host_admin,
            host_council=host,
            team=other.teams.get(kind="lado"),
            condition="sometimes",
            escalate_after_working_hours=0,
        )

    assert refused.value.errors == {
        "team": "Select the team that gets the work",
        "condition": "Select when the team gets the work",
        "escalate_after_working_hours": "Enter the working hours as a whole number from 1 to 400",
    }
    assert not AuditEvent.objects.filter(action="routing_rule.add").exists()


def test_a_second_rule_for_the_same_team_and_condition_is_refused(host, host_admin):
    with pytest.raises(RoutingRuleInvalid, match="Virtual School already has a rule for this"):
        services.routing_rule_add(
            actor=host_admin,
            host_council=host,
            team=host.teams.get(kind="virtual_school"),
            condition="always",
            escalate_after_working_hours=16,
        )


def test_the_routing_section_of_a_configuration_file_is_checked():
    config = {"teams": [{"name": "Virtual School"}]}
    value = [
        {"team": "Virtual School", "condition": "always", "escalate_after_working_hours": 16},
        {"team": "Nobody", "condition": "sometimes", "escalate_after_working_hours": "soon", "notify": True},
    ]

    assert routing_config_check(value, config) == {
        "routing[1].team": "Name one of the file's teams, not 'Nobody'",
        "routing[1].condition": "Must be one of always, ehc_plan",
        "routing[1].escalate_after_working_hours": "Enter the working hours as a whole number from 1 to 400",
        "routing[1].notify": "Unknown key; expected one of condition, escalate_after_working_hours, team",
    }


# Pages


def test_the_routing_page_lists_the_hosts_rules(admin_client):
    text = admin_client.get("/settings/routing/").content.decode()

    assert "Referral and Assessment" in text and "Virtual School" in text
    assert "16 working hours" in text


def test_the_administrator_adds_a_rule_and_sees_a_banner(admin_client, host):
    lado = host.teams.get(kind="lado")

    response = admin_client.post(
        "/settings/routing/add/",
        {"team": str(lado.pk), "condition": "ehc_plan", "escalate_after_working_hours": "8"},
        follow=True,
    )

    text = response.content.decode()
    assert "govuk-notification-banner--success" in text
    assert "Routing rule added: LADO (When the child has an EHC plan)" in text
    assert rule_for(host, "LADO").condition == "ehc_plan"


def test_the_administrator_stops_a_rule(admin_client, host):
    rule = rule_for(host, "Virtual School")

    response = admin_client.post(
        f"/settings/routing/{rule.pk}/", {"escalate_after_working_hours": "16", "active": "no"}, follow=True
    )

    assert "Routing rule saved" in response.content.decode()
    assert "Stopped" in response.content.decode()
    rule.refresh_from_db()
    assert rule.active is False


def test_bad_answers_on_the_routing_pages_are_named(admin_client, host):
    rule = rule_for(host, "Virtual School")

    edit = admin_client.post(
        f"/settings/routing/{rule.pk}/", {"escalate_after_working_hours": "two days", "active": ""}
    )
    add = admin_client.post("/settings/routing/add/", {"team": "", "condition": "", "escalate_after_working_hours": ""})

    edit_text, add_text = edit.content.decode(), add.content.decode()
    assert "Enter the working hours as a whole number, like 16" in edit_text
    assert "Select the team that gets the work" in add_text
    assert "Select when the team gets the work" in add_text
    assert "Enter the working hours as a whole number from 1 to 400" in add_text
    rule.refresh_from_db()
    assert rule.active and rule.escalate_after_working_hours == 16


def test_another_hosts_rule_is_a_404(client, sign_in, host):
    other = reference_services.host_council_add(
        actor=SystemActor.command("add_host_council"), dfe_code="823", slug="central-bedfordshire"
    ).host_council
    sign_in(UserFactory(role=Role.HOST_ADMIN, organisation=other.organisation))
    luton_rule = rule_for(host, "Virtual School")

    assert client.get(f"/settings/routing/{luton_rule.pk}/").status_code == 404
    assert (
        client.post(
            f"/settings/routing/{luton_rule.pk}/", {"escalate_after_working_hours": "1", "active": "no"}
        ).status_code
        == 404
    )
    luton_rule.refresh_from_db()
    assert luton_rule.active


def test_each_rule_has_a_change_link_not_its_markup_as_text(admin_client):
    text = admin_client.get("/settings/routing/").content.decode()
    assert '<a class="govuk-link" href="/settings/routing/' in text
    assert "&lt;a class=" not in text
