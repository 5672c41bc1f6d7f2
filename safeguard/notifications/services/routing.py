"""Routing rules: which teams of a host council get a work item for a new placement, and after how
many working hours unacknowledged work escalates to the team's manager (seed 001: R&A and the
Virtual School, for every placement).

A host's rules are seeded once from its configuration file (the `routing` section, registered with
reference in this app's `ready`), then kept by its administrator on the routing page.
"""

from typing import Any

from django.db import transaction

from safeguard.accounts.models import HostCouncil, Team
from safeguard.core.audit import audit_event_record, changes_between, snapshot
from safeguard.core.errors import ServiceRefusal

from ..models import RoutingRule

ESCALATE_MAX_WORKING_HOURS = 400
RULE_FIELDS = ("team_id", "condition", "escalate_after_working_hours", "active")
# A host added without a file starts with seed 001's routing.
STANDARD_ROUTING = [
    {"team": Team.Kind.REFERRAL_ASSESSMENT.label, "condition": "always", "escalate_after_working_hours": 16},
    {"team": Team.Kind.VIRTUAL_SCHOOL.label, "condition": "always", "escalate_after_working_hours": 16},
]


class RoutingRuleInvalid(ServiceRefusal):
    """{field: problem}; nothing was saved."""


def _hours_problem(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= ESCALATE_MAX_WORKING_HOURS:
        return f"Enter the working hours as a whole number from 1 to {ESCALATE_MAX_WORKING_HOURS}"
    return None


def routing_config_check(value: Any, config: dict) -> dict[str, str]:
    """The `routing` section of a host's configuration file: {key: problem}."""
    if not isinstance(value, list):
        return {"routing": "Must be a list ([…])"}
    teams = {team.get("name") for team in config.get("teams", []) if isinstance(team, dict)}
    problems = {}
    for i, rule in enumerate(value):
        prefix = f"routing[{i}]."
        if not isinstance(rule, dict):
            problems[f"routing[{i}]"] = "Must be an object ({…})"
            continue
        for key in set(rule) - {"team", "condition", "escalate_after_working_hours"}:
            problems[prefix + key] = "Unknown key; expected one of condition, escalate_after_working_hours, team"
        if rule.get("team") not in teams:
            problems[prefix + "team"] = f"Name one of the file's teams, not {rule.get('team')!r}"
        if rule.get("condition", RoutingRule.Condition.ALWAYS) not in RoutingRule.Condition.values:
            problems[prefix + "condition"] = f"Must be one of {', '.join(RoutingRule.Condition.values)}"
        hours_problem = _hours_problem(rule.get("escalate_after_working_hours", 16))
        if hours_problem:
            problems[prefix + "escalate_after_working_hours"] = hours_problem
    return problems


def routing_rules_seed(*, actor, host_council: HostCouncil, value: list[dict]) -> str:
    """A new host's rules from its configuration file (already checked by `routing_config_check`)."""
    teams = {team.name: team for team in host_council.teams.all()}
    rules = [
        RoutingRule(
            host_council=host_council,
            team=teams[rule["team"]],
            condition=rule.get("condition", RoutingRule.Condition.ALWAYS),
            escalate_after_working_hours=rule.get("escalate_after_working_hours", 16),
        )
        for rule in value
    ]
    RoutingRule.objects.bulk_create(rules)
    audit_event_record(
        actor=actor,
        action="routing_rule.seed",
        target=host_council,
        host_council=host_council,
        changes={"rules": [None, [str(rule) for rule in rules]]},
    )
    return "1 routing rule" if len(rules) == 1 else f"{len(rules)} routing rules"


def routing_summary(host_council: HostCouncil) -> str:
    rules = list(host_council.routing_rules.filter(active=True).select_related("team"))
    if not rules:
        return "No team gets work for a new placement"
    return "Work for a new placement goes to " + ", ".join(sorted({rule.team.name for rule in rules}))


def _check(host_council: HostCouncil, team: Team | None, condition: str, hours: Any) -> None:
    problems = {}
    if team is None or team.host_council_id != host_council.pk:
        problems["team"] = "Select the team that gets the work"
    if condition not in RoutingRule.Condition.values:
        problems["condition"] = "Select when the team gets the work"
    hours_problem = _hours_problem(hours)
    if hours_problem:
        problems["escalate_after_working_hours"] = hours_problem
    if problems:
        raise RoutingRuleInvalid(problems)


@transaction.atomic
def routing_rule_add(
    *, actor, host_council: HostCouncil, team: Team | None, condition: str, escalate_after_working_hours: int
) -> RoutingRule:
    """A team gets a work item for each new placement (or only a child with an EHC plan)."""
    _check(host_council, team, condition, escalate_after_working_hours)
    if RoutingRule.objects.filter(host_council=host_council, team=team, condition=condition).exists():
        raise RoutingRuleInvalid({"team": f"{team.name} already has a rule for this: change that rule instead"})
    rule = RoutingRule.objects.create(
        host_council=host_council,
        team=team,
        condition=condition,
        escalate_after_working_hours=escalate_after_working_hours,
    )
    audit_event_record(
        actor=actor,
        action="routing_rule.add",
        target=rule,
        host_council=host_council,
        changes=changes_between({}, snapshot(rule, RULE_FIELDS)),
    )
    return rule


@transaction.atomic
def routing_rule_update(*, actor, rule: RoutingRule, escalate_after_working_hours: int, active: bool) -> RoutingRule:
    """When a rule's work escalates, and whether it still applies. A rule is stopped rather than
    deleted, so it can be started again as it was."""
    rule = RoutingRule.objects.select_for_update().select_related("team").get(pk=rule.pk)
    _check(rule.host_council, rule.team, rule.condition, escalate_after_working_hours)
    before = snapshot(rule, RULE_FIELDS)
    rule.escalate_after_working_hours = escalate_after_working_hours
    rule.active = bool(active)
    changes = changes_between(before, snapshot(rule, RULE_FIELDS))
    if changes:
        rule.save(update_fields=list(changes))
        audit_event_record(
            actor=actor, action="routing_rule.update", target=rule, host_council=rule.host_council, changes=changes
        )
    return rule
