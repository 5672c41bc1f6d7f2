"""Each role's home page: the template and the work it shows."""

from django.utils import timezone

from safeguard.accounts.models import Role
from safeguard.allegations.selectors import lado_cases_visible_to
from safeguard.missing.selectors import open_episodes_for_children
from safeguard.reference.models import Contact
from safeguard.reference.selectors import default_host_council, who_to_call_now
from safeguard.register.selectors import children_visible_to, current_placements

HOME_TEMPLATES = {
    Role.SQA_OFFICER: "core/home/sqa.html",
    Role.SQA_MANAGER: "core/home/sqa.html",
    Role.RA_SOCIAL_WORKER: "core/home/referral_assessment.html",
    Role.RA_DUTY_MANAGER: "core/home/referral_assessment.html",
    Role.VIRTUAL_SCHOOL_OFFICER: "core/home/virtual_school.html",
    Role.LADO: "core/home/lado.html",
    Role.PARTNERSHIP_EDITOR: "core/home/partnership.html",
    Role.PLACING_SOCIAL_WORKER: "core/home/placing_social_worker.html",
    Role.CARER: "core/home/carer.html",
    Role.POLICE: "core/home/police.html",
}


def home_for(user) -> tuple[str, dict]:
    template = HOME_TEMPLATES.get(user.role, "core/home/no_role.html")
    children = children_visible_to(user)
    context: dict = {"role_label": Role(user.role).label if user.role else ""}
    if user.role in {
        Role.SQA_OFFICER,
        Role.SQA_MANAGER,
        Role.RA_SOCIAL_WORKER,
        Role.RA_DUTY_MANAGER,
        Role.VIRTUAL_SCHOOL_OFFICER,
    }:
        placed_now = children.filter(placements__in=current_placements()).distinct()
        context.update(children_placed_now=placed_now.count(), missing_now=open_episodes_for_children(children))
    elif user.role in {Role.PLACING_SOCIAL_WORKER, Role.CARER}:
        context.update(
            children=children.order_by("last_name", "first_name")[:50], missing_now=open_episodes_for_children(children)
        )
    elif user.role == Role.POLICE:
        context.update(missing_now=open_episodes_for_children(children))
    elif user.role == Role.LADO:
        cases = lado_cases_visible_to(user)
        context.update(open_cases=cases.exclude(status="closed").count(), recent_cases=cases[:10])
    host = user.host_council or default_host_council()
    if user.role in {Role.CARER, Role.POLICE, Role.PLACING_SOCIAL_WORKER} and host is not None:
        context["call_advice"] = who_to_call_now(host, Contact.Purpose.REPORT_MISSING, timezone.now())
    return template, context
