"""Routing configuration: which teams of a host council get a work item for a new placement."""

from django.db import transaction

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import audit_event_record

from .models import RoutingRule


@transaction.atomic
def routing_rules_configure(*, actor=None, host_council: HostCouncil, rules: list[dict]) -> int:
    """Create or update the host's routing rules from its configuration (`routing` in hosts/<slug>.json)."""
    count = 0
    for rule in rules:
        team = host_council.teams.get(name=rule["team"])
        RoutingRule.objects.update_or_create(
            host_council=host_council,
            team=team,
            condition=rule.get("condition", RoutingRule.Condition.ALWAYS),
            defaults={"escalate_after_working_hours": rule.get("escalate_after_working_hours", 16), "active": True},
        )
        count += 1
    audit_event_record(
        actor=actor,
        action="routing.configure",
        target=host_council,
        host_council=host_council,
        changes={"rules": [None, count]},
    )
    return count
