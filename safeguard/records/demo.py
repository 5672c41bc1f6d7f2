"""The demo's records management: the shipped schedule, one change the council made to it, and a hold
of the kind the Independent Inquiry into Child Sexual Abuse asked councils for. Invented; safe to run again."""

from safeguard.accounts.models import HostCouncil

from .models import LegalHold, RetentionRule
from .schedule import RecordClass
from .services import HoldDetails, RuleDetails, legal_hold_place, retention_rule_set

DEMO_HOLD = "Inquiry into the abuse of children in care (demo)"


def records_demo_load(*, host: HostCouncil, admin) -> None:
    if not RetentionRule.objects.filter(host_council=host).exists():
        retention_rule_set(
            actor=admin,
            host_council=host,
            record_class=RecordClass.LADO_SUBSTANTIATED,
            details=RuleDetails(
                period_months=100 * 12,
                runs_from="date_of_birth",
                or_pension_age=False,
                disposal="review",
                grace_days=30,
                source="The council's published retention schedule (demo): allegations found substantiated, "
                "100 years from the person's date of birth.",
            ),
        )
    if not LegalHold.objects.filter(host_council=host, name=DEMO_HOLD).exists():
        legal_hold_place(
            actor=admin,
            host_council=host,
            details=HoldDetails(
                name=DEMO_HOLD,
                reason="The inquiry asked councils to suspend the destruction of any record that may concern "
                "the sexual abuse or exploitation of children in care, until it reports.",
                requested_by="A public inquiry (in the manner of the Independent Inquiry into Child Sexual Abuse, 2015)",
                record_classes=[RecordClass.EXPLOITATION_CONCERN, RecordClass.MISSING_EPISODE],
                child_references=[],
            ),
        )
