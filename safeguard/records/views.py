"""The retention schedule (any member of the council's staff reads it; its administrator changes it)
and legal holds (the administrator's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.accounts.models import HostCouncil, Role
from safeguard.core import exports
from safeguard.core.forms import form_save
from safeguard.reference.access import host_admin_required

from . import disposal, selectors, services
from .forms import DisposeForm, ExtendForm, HoldForm, LiftForm, RuleForm
from .models import LegalHold


def _schedule_context(request: HttpRequest) -> dict:
    host = selectors.schedule_host_for(request.user)
    return {
        "host": host,
        "lines": selectors.schedule_for(host),
        "may_change": request.user.role == Role.HOST_ADMIN,
        "may_review": bool(selectors.owners_of(request.user)),
        "today": timezone.localdate(),
    }


@require_GET
@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    return render(request, "records/schedule.html", _schedule_context(request))


@require_GET
@login_required
def schedule_print(request: HttpRequest) -> HttpResponse:
    """The schedule as the council publishes it: no links, no buttons, every source in full."""
    return render(request, "records/schedule_print.html", _schedule_context(request))


@require_GET
@login_required
def schedule_csv(request: HttpRequest) -> HttpResponse:
    context = _schedule_context(request)
    host = context["host"]
    rows: list[list] = [
        ["Retention schedule", host.display_name_or_name, f"as at {context['today'].isoformat()}"],
        [],
        ["Class of record", "Kept for", "From", "Or State Pension age if later", "Disposal", "Reviewed by", "Source"],
    ]
    for line in context["lines"]:
        rows.append(
            [
                line.label,
                line.period_words,
                line.runs_from,
                "yes" if line.or_pension_age else "no",
                line.disposal_words,
                line.owner_words,
                line.source,
            ]
        )
    response = HttpResponse(exports.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="retention-schedule-{host.slug}.csv"'
    return response


@require_http_methods(["GET", "POST"])
@host_admin_required
def rule_edit(request: HttpRequest, host: HostCouncil, record_class: str) -> HttpResponse:
    line = selectors.schedule_line_for(host, record_class)
    form = RuleForm(request.POST or None, initial=RuleForm.initial_for(line))
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form,
            lambda: services.retention_rule_set(
                actor=request.user, host_council=host, record_class=record_class, details=form.details()
            ),
        )
        if saved is not None:
            messages.success(request, f"Retention saved: {line.label}")
            return redirect("records:schedule")
    return render(request, "records/rule_edit.html", {"host": host, "line": line, "form": form})


@require_GET
@host_admin_required
def hold_list(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    return render(request, "records/hold_list.html", {"host": host, "holds": selectors.holds_for(host)})


@require_http_methods(["GET", "POST"])
@host_admin_required
def hold_place(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        hold = form_save(
            form, lambda: services.legal_hold_place(actor=request.user, host_council=host, details=form.details())
        )
        if hold is not None:
            messages.success(request, f"Legal hold placed: {hold.name}")
            return redirect("records:hold_detail", hold.pk)
    return render(request, "records/hold_place.html", {"host": host, "form": form})


@require_GET
@host_admin_required
def hold_detail(request: HttpRequest, host: HostCouncil, pk: int) -> HttpResponse:
    return render(request, "records/hold_detail.html", {"host": host, "hold": selectors.hold_get_for(host, pk)})


@require_http_methods(["GET", "POST"])
@host_admin_required
def hold_lift(request: HttpRequest, host: HostCouncil, pk: int) -> HttpResponse:
    hold = selectors.hold_get_for(host, pk)
    if not hold.in_force:
        raise Http404("This hold has been lifted")
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lifted = form_save(
            form,
            lambda: services.legal_hold_lift(actor=request.user, hold=hold, reason=form.cleaned_data["lift_reason"]),
        )
        if lifted is not None:
            messages.success(request, f"Legal hold lifted: {hold.name}")
            return redirect("records:hold_detail", hold.pk)
    return render(request, "records/hold_lift.html", {"host": host, "hold": hold, "form": form})


# Review and disposal ---------------------------------------------------------------------------------


@require_GET
@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    host, items = selectors.review_list_for(request.user)
    holds = list(LegalHold.objects.filter(host_council=host, lifted_at__isnull=True))
    rows = [
        (item, [h for h in holds if h.covers(record_class=item.record_class, child_reference=item.child_reference)])
        for item in items
    ]
    return render(request, "records/review_list.html", {"host": host, "rows": rows, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
@login_required
def review_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.review_item_get_for(request.user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    dispose_form = DisposeForm(request.POST if action == "dispose" else None)
    extend_form = ExtendForm(request.POST if action == "extend" else None)
    if action == "dispose" and dispose_form.is_valid():
        done = form_save(
            dispose_form,
            lambda: disposal.review_item_dispose(
                actor=request.user, item=item, confirmed=dispose_form.cleaned_data["confirmed"]
            ),
        )
        if done is not None:
            messages.success(request, f"Disposed of: {item.reference}")
            return redirect("records:review_list")
    if action == "extend" and extend_form.is_valid():
        done = form_save(
            extend_form,
            lambda: disposal.review_item_extend(
                actor=request.user,
                item=item,
                until=extend_form.cleaned_data["until"],
                reason=extend_form.cleaned_data["reason"] or "",
            ),
        )
        if done is not None:
            messages.success(request, f"Kept longer: {item.reference}")
            return redirect("records:review_list")
    line = selectors.schedule_line_for(item.host_council, item.record_class)
    holds = selectors.holds_covering(
        item.host_council, record_class=item.record_class, child_reference=item.child_reference
    )
    return render(
        request,
        "records/review_item.html",
        {"item": item, "line": line, "holds": holds, "dispose_form": dispose_form, "extend_form": extend_form},
    )
