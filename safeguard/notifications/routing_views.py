"""The routing rules page of a host council's configuration: its administrator's alone (another
host's rule, like any other role, is a 404). Kept apart from views.py, which is the intake's."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.accounts.models import HostCouncil
from safeguard.core.forms import form_save
from safeguard.reference.access import host_admin_required

from . import services
from .forms import RoutingRuleAddForm, RoutingRuleEditForm
from .models import RoutingRule


def _rule_get_for(host: HostCouncil, pk: int) -> RoutingRule:
    rule = host.routing_rules.select_related("team").filter(pk=pk).first()
    if rule is None:
        raise Http404("No such routing rule")
    return rule


@require_GET
@host_admin_required
def routing_rule_list(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    rules = host.routing_rules.select_related("team").order_by("-active", "team__name", "condition")
    return render(request, "notifications/routing_rule_list.html", {"host": host, "rules": rules})


@require_http_methods(["GET", "POST"])
@host_admin_required
def routing_rule_add(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    form = RoutingRuleAddForm(
        request.POST or None,
        teams=host.teams.all(),
        initial={"condition": RoutingRule.Condition.ALWAYS, "escalate_after_working_hours": 16},
    )
    if request.method == "POST" and form.is_valid():
        rule = form_save(
            form,
            lambda: services.routing_rule_add(
                actor=request.user,
                host_council=host,
                team=form.chosen_team(),
                condition=form.cleaned_data["condition"],
                escalate_after_working_hours=form.cleaned_data["escalate_after_working_hours"],
            ),
        )
        if rule is not None:
            messages.success(request, f"Routing rule added: {rule.team.name} ({rule.get_condition_display()})")
            return redirect("notifications:routing_rule_list")
    return render(request, "notifications/routing_rule_edit.html", {"host": host, "form": form, "rule": None})


@require_http_methods(["GET", "POST"])
@host_admin_required
def routing_rule_edit(request: HttpRequest, host: HostCouncil, pk: int) -> HttpResponse:
    rule = _rule_get_for(host, pk)
    initial = {
        "escalate_after_working_hours": rule.escalate_after_working_hours,
        "active": "yes" if rule.active else "no",
    }
    form = RoutingRuleEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["active"] not in ("yes", "no"):
            form.add_error("active", "Select whether the rule applies")
        else:
            saved = form_save(
                form,
                lambda: services.routing_rule_update(
                    actor=request.user,
                    rule=rule,
                    escalate_after_working_hours=form.cleaned_data["escalate_after_working_hours"],
                    active=form.cleaned_data["active"] == "yes",
                ),
            )
            if saved is not None:
                messages.success(request, f"Routing rule saved: {saved}")
                return redirect("notifications:routing_rule_list")
    return render(request, "notifications/routing_rule_edit.html", {"host": host, "form": form, "rule": rule})
