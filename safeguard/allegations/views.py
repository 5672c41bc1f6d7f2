"""LADO pages: the public referral form, and the LADO team's queue, cases, reports and figures."""

import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguard.core import exports
from safeguard.core.edits import edit_version_for_page, edit_version_opened
from safeguard.core.forms import form_save
from safeguard.core.working_days import add_months
from safeguard.manual.selectors import Act, procedures_for
from safeguard.notifications.email_intake import EmailIntakeError, parse_message
from safeguard.reference.selectors import default_host_council

from . import selectors, services, throttle
from .forms import (
    ActionForm,
    CaseDetailsForm,
    ChildSearchForm,
    CloseForm,
    ConsultationForm,
    EmailReferralForm,
    EmailRejectForm,
    EmailUploadForm,
    EraseForm,
    MeetingForm,
    ReferralForm,
    TriageForm,
    UpdateForm,
)
from .models import LadoCase

logger = logging.getLogger(__name__)

# The whole referral form is a few pages of text; anything much larger is not a referral.
MAX_REFERRAL_REQUEST_BYTES = 200_000
SENT_SESSION_KEY = "lado_referral_sent"


def _lado_contact(host):
    return host.contacts.filter(purpose="lado").first() if host else None


# The public referral form --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest) -> HttpResponse:
    """Anyone may refer, signed in or not; the referrer gets a reference and a copy, never the case."""
    host = default_host_council()
    if host is None:
        raise Http404
    context = {
        "contact": _lado_contact(host),
        "host": host,
        "procedures": procedures_for(host, Act.ALLEGATION),
    }
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_REFERRAL_REQUEST_BYTES:
            return render(request, "allegations/refer_too_large.html", context, status=413)
        wait = throttle.admit(request)  # counted at once, so a burst in parallel cannot all pass
        if wait is not None:
            # The form again, with what was typed, so nothing is lost while the referrer waits.
            response = render(
                request,
                "allegations/refer.html",
                {**context, "form": ReferralForm(request.POST), "limited_minutes": max(1, -(-wait // 60))},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        form = ReferralForm(request.POST)
        suspected = form.honeypot_filled
        if suspected:
            logger.warning("LADO referral honeypot filled from %s", throttle.client_address(request))
        if form.is_valid():
            case = form_save(
                form,
                lambda: services.lado_referral_submit(
                    host_council=host,
                    answers=form.answers(),
                    children=form.children(),
                    suspected_automated=suspected,
                ),
            )
            if case is not None:
                request.session[SENT_SESSION_KEY] = case.reference
                return redirect("allegations:refer_sent")
        if suspected:
            # A field no person sees was filled, and the rest is not a referral anyone finished: a
            # bot. Nothing is stored or sent, and it learns nothing (ADR 0009).
            request.session[SENT_SESSION_KEY] = ""
            return redirect("allegations:refer_sent")
        throttle.release(request)  # nothing accepted: the form comes back to be put right
    else:
        form = ReferralForm()
    return render(request, "allegations/refer.html", {**context, "form": form})


@require_GET
def refer_sent(request: HttpRequest) -> HttpResponse:
    if SENT_SESSION_KEY not in request.session:
        return redirect("allegations:refer")
    reference = request.session.pop(SENT_SESSION_KEY)
    host = default_host_council()
    return render(request, "allegations/refer_sent.html", {"reference": reference, "contact": _lado_contact(host)})


# The LADO team's pages ------------------------------------------------------------------------


def lado_only(view):
    """Signed in, and the host council's LADO; anyone else gets a 404 (they must not learn the page exists)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.is_lado(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@lado_only
def case_list(request: HttpRequest) -> HttpResponse:
    """The queue: open cases by their clock; search by reference, names and organisations."""
    query = request.GET.get("q", "")[:200]
    status = request.GET.get("status", "open")
    cases = selectors.lado_case_list_for(request.user, query=query, status=status).prefetch_related("children")
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    from urllib.parse import urlencode

    return render(
        request,
        "allegations/case_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "statuses": [("open", "Open")] + LadoCase.Status.choices + [("all", "All")],
            "filters": urlencode({"q": query, "status": status}),
            "now": timezone.now(),
            "overdue_actions": selectors.overdue_actions(request.user)[:20],
            "procedures": procedures_for(request.user.host_council, Act.ALLEGATION),
        },
    )


@require_GET
@lado_only
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.lado_case_get_for(request.user, pk)
    return render(
        request,
        "allegations/case_detail.html",
        {
            "case": case,
            "now": timezone.now(),
            "today": timezone.localdate(),
            "children": case.children.select_related("register_child"),
            "meetings": case.meetings.all(),
            "actions": case.actions.all(),
            "updates": case.updates.select_related("recorded_by"),
            "procedures": procedures_for(case.host_council, Act.ALLEGATION),
        },
    )


@require_GET
@lado_only
def original_message(request: HttpRequest, pk: int) -> FileResponse:
    case = selectors.lado_case_message_get_for(request.user, pk)
    response = FileResponse(case.original_message.open("rb"), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}.eml"'
    response["Cache-Control"] = "private, no-store"
    return response


def _form_page(request, case, form_class, template, call, success, initial=None, edits=False):
    """A form about the case. With `edits`, the form edits the case itself and carries its version
    (core.edits): a save over someone else's change since it was opened is refused and shown."""
    bound = request.method == "POST"
    form = form_class(request.POST if bound else None, initial=initial)
    if bound and form.is_valid() and form_save(form, lambda: call(form)) is not None:
        messages.success(request, success)
        return redirect("allegations:case_detail", pk=case.pk)
    context = {"case": case, "form": form}
    if edits:
        context["edit_version"] = edit_version_for_page(request, form, case)
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@lado_only
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.lado_case_get_for(request.user, pk)
    return _form_page(
        request,
        case,
        CaseDetailsForm,
        "allegations/case_edit.html",
        lambda form: services.lado_case_update_details(
            actor=request.user, case=case, answers=form.answers(), opened=edit_version_opened(request)
        ),
        "Case details saved",
        initial=CaseDetailsForm.initial_from(case),
        edits=True,
    )


@require_http_methods(["GET", "POST"])
@lado_only
def case_triage(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.lado_case_get_for(request.user, pk)
    return _form_page(
        request,
        case,
        TriageForm,
        "allegations/case_triage.html",
        lambda form: services.lado_case_triage(
            actor=request.user,
            case=case,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            advice_given=form.cleaned_data["advice_given"],
        ),
        "Initial consideration recorded",
    )


@require_http_methods(["GET", "POST"])
@lado_only
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.lado_case_get_for(request.user, pk)
    return _form_page(
        request,
        case,
        MeetingForm,
        "allegations/meeting_add.html",
        lambda form: services.lado_meeting_record(actor=request.user, case=case, **form.cleaned_data),
        "Meeting recorded",
    )


@require_http_methods(["GET", "POST"])
@lado_only
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.lado_case_get_for(request.user, pk)
    return _form_page(
        request,
        case,
        ActionForm,
        "allegations/action_add.html",
        lambda form: services.lado_action_add(actor=request.user, case=case, **form.cleaned_data),
        "Action added",
    )


@require_POST
@lado_only
def action_complete(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.lado_action_get_for(request.user, pk)
    try:
        services.lado_action_complete(actor=request.user, action=action)
    except services.CaseInvalid as invalid:
        messages.error(request, " ".join(invalid.errors.values()))
    else:
        messages.success(request, f"{action.get_kind_display()} marked done")
    return redirect("allegations:case_detail", pk=action.case_id)


@require_http_methods(["GET", "POST"])
@lado_only
def update_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.lado_case_get_for(request.user, pk)
    return _form_page(
        request,
        case,
        UpdateForm,
        "allegations/update_add.html",
        lambda form: services.lado_update_add(actor=request.user, case=case, text=form.cleaned_data["text"]),
        "Update added",
    )


@require_http_methods(["GET", "POST"])
@lado_only
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.lado_case_get_for(request.user, pk)
    return _form_page(
        request,
        case,
        CloseForm,
        "allegations/case_close.html",
        lambda form: services.lado_case_close(actor=request.user, case=case, **form.service_kwargs()),
        "Case closed",
        initial={"person_date_of_birth": case.person_date_of_birth},
    )


@require_http_methods(["GET", "POST"])
@lado_only
def case_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page: erase a closed case at its retention date, leaving a tombstone."""
    case = selectors.lado_case_get_for(request.user, pk)
    if case.status == LadoCase.Status.ERASED:
        return redirect("allegations:case_detail", pk=case.pk)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        call = lambda: services.lado_case_erase(  # noqa: E731
            actor=request.user, case=case, confirmed=form.cleaned_data["confirmed"]
        )
        if form_save(form, call) is not None:
            messages.success(request, f"Case {case.reference} erased")
            return redirect("allegations:case_detail", pk=case.pk)
    return render(request, "allegations/case_erase.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
@lado_only
def child_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a child named in the case to a register child of the LADO's own council (search, then choose)."""
    lado_child = selectors.lado_child_get_for(request.user, pk)
    case = lado_child.case
    if request.method == "POST":
        register_pk = request.POST.get("register_child", "")
        register_child = None
        if register_pk and register_pk != "none":
            register_child = selectors.register_child_for_link(request.user, register_pk)
            if register_child is None:
                raise Http404
        services.lado_child_link(actor=request.user, lado_child=lado_child, register_child=register_child)
        messages.success(
            request, "Link removed" if register_child is None else f"{lado_child.name} linked to the register"
        )
        return redirect("allegations:case_detail", pk=case.pk)
    searched = "name" in request.GET
    form = ChildSearchForm(request.GET if searched else None, initial={"name": lado_child.name})
    results = []
    if searched and form.is_valid():
        results = selectors.register_children_matching(
            request.user, name=form.cleaned_data["name"], date_of_birth=form.cleaned_data["date_of_birth"]
        )
    return render(
        request,
        "allegations/child_link.html",
        {"case": case, "lado_child": lado_child, "form": form, "results": results, "searched": searched},
    )


@require_http_methods(["GET", "POST"])
@lado_only
def email_upload(request: HttpRequest) -> HttpResponse:
    """An e-mailed referral saved as a file: uploaded, it is a draft to check like one from the mailbox."""
    bound = request.method == "POST"
    form = EmailUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        email = services.lado_email_receive(
            actor=request.user, raw=form.cleaned_data["message"].read(), host_council=request.user.host_council
        )
        return redirect("allegations:email_check", pk=email.pk)
    return render(request, "allegations/email_upload.html", {"form": form})


# E-mailed referrals to check ------------------------------------------------------------------


@require_GET
@lado_only
def email_list(request: HttpRequest) -> HttpResponse:
    """E-mails sent to the LADO: those to check (oldest first), and those already decided."""
    return render(request, "allegations/email_list.html", selectors.lado_email_list_for(request.user))


def _message_lines(email) -> list[str]:
    """The message's text as received, line by line, for the page beside the draft."""
    with email.original_message.open("rb") as message:
        try:
            text = parse_message(message.read(), max_bytes=services.MAX_EMAIL_BYTES, read_documents=False).text
        except EmailIntakeError:
            return []
    return text.replace("\x00", "").splitlines()


@require_http_methods(["GET", "POST"])
@lado_only
def email_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft referral beside the message: the LADO corrects what the e-mail said and accepts it as a
    case, or rejects it as not a referral. The page opens with every problem already shown."""
    email = selectors.lado_email_get_for(request.user, pk)
    draft = services.lado_email_draft(email)
    if request.method == "POST":
        form = EmailReferralForm(request.POST)
        if form.is_valid():
            case = form_save(
                form,
                lambda: services.lado_email_accept(
                    actor=request.user, email=email, answers=form.answers(), children=form.children()
                ),
            )
            if case is not None:
                messages.success(request, f"Referral accepted as {case.reference}. Consider it within one working day.")
                return redirect("allegations:case_detail", pk=case.pk)
    else:
        form = EmailReferralForm(EmailReferralForm.data_from(draft.answers, draft.children))
        if email.status == email.Status.TO_CHECK and form.is_valid():
            problems = {**services.lado_email_problems(form.answers(), form.children()), **draft.problems}
            for name, message in problems.items():
                if name in form.fields and name not in form.errors:
                    form.add_error(name, message)
    return render(
        request,
        "allegations/email_check.html",
        {"email": email, "form": form, "lines": _message_lines(email), "found": draft_found(email)},
    )


def draft_found(email) -> list[str]:
    return list((email.prefill or {}).get("found", []))


@require_http_methods(["GET", "POST"])
@lado_only
def email_reject(request: HttpRequest, pk: int) -> HttpResponse:
    email = selectors.lado_email_get_for(request.user, pk)
    bound = request.method == "POST"
    form = EmailRejectForm(request.POST if bound else None)
    if bound and form.is_valid():
        rejected = form_save(
            form,
            lambda: services.lado_email_reject(actor=request.user, email=email, reason=form.cleaned_data["reason"]),
        )
        if rejected is not None:
            messages.success(request, "E-mail marked as not a referral. It is kept under E-mails already checked.")
            return redirect("allegations:email_list")
    return render(request, "allegations/email_reject.html", {"email": email, "form": form})


@require_GET
@lado_only
def email_message(request: HttpRequest, pk: int) -> FileResponse:
    """The e-mail as it came, attachments and all: a download, never shown in the page."""
    email = selectors.lado_email_message_get_for(request.user, pk)
    response = FileResponse(
        email.original_message.open("rb"),
        as_attachment=True,
        filename=f"lado-email-{email.pk}.eml",
        content_type="message/rfc822",
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_http_methods(["GET", "POST"])
@lado_only
def consultation_record(request: HttpRequest) -> HttpResponse:
    """A phone consultation: who called, what they said, the advice given."""
    bound = request.method == "POST"
    form = ConsultationForm(request.POST if bound else None)
    if bound and form.is_valid():
        case = form_save(form, lambda: services.lado_consultation_record(actor=request.user, **form.service_kwargs()))
        if case is not None:
            messages.success(request, f"Consultation recorded as {case.reference}")
            return redirect("allegations:case_detail", pk=case.pk)
    return render(request, "allegations/consultation_record.html", {"form": form})


@require_GET
@lado_only
def retention_report(request: HttpRequest) -> HttpResponse:
    """Closed cases whose retention review date has come, and false or malicious ones for removal."""
    due = selectors.retention_report_for(request.user)
    return render(
        request,
        "allegations/retention_report.html",
        {
            "due": due,
            "soon": selectors.retention_due(request.user, by=add_months(timezone.localdate(), 12)).exclude(
                pk__in=due.values("pk")
            ),
            "removals": selectors.personnel_record_removals(request.user),
            "erased_count": selectors.lado_cases_visible_to(request.user).filter(status=LadoCase.Status.ERASED).count(),
        },
    )


# Annual figures (LADO and the partnership editor: aggregates only) ---------------------------


def _figures_request(request):
    host = selectors.figures_host(request.user)
    if host is None:
        raise Http404
    years = selectors.figures_years(host)
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        year = years[0]
    if year not in years:
        year = years[0]
    return host, years, year


@require_GET
@login_required
def figures(request: HttpRequest) -> HttpResponse:
    host, years, year = _figures_request(request)
    data = selectors.annual_figures(host, year)
    selectors.figures_record_access(request.user, host, year)
    return render(
        request,
        "allegations/figures.html",
        {
            "figures": data,
            "years": years,
            "year": year,
            "csv_url": reverse("allegations:figures_csv") + f"?year={year}",
            "w": selectors.figure_wording_for(request.user),
        },
    )


@require_GET
@login_required
def figures_csv(request: HttpRequest) -> HttpResponse:
    host, _years, year = _figures_request(request)
    data = selectors.annual_figures(host, year)
    w = selectors.figure_wording_for(request.user)
    selectors.figures_record_access(request.user, host, year, export=True)
    lines: list[list] = []
    lines.append(["LADO annual figures", host.name, data.label])
    lines.append([])
    lines.append(["Table", "Row", "Referrals", "Consultations", "Total"])
    for table, rows in (("Sector", data.by_sector), ("Category", data.by_category)):
        for row in rows:
            lines.append([table, row.label, w.count(row.referrals), w.count(row.consultations), w.total(row)])
    lines.append([])
    lines.append(["Outcome of cases closed in the year", "", "Cases"])
    for _key, label, count in data.outcomes:
        lines.append(["Outcome", label, w.count(count)])
    lines.append(["Outcome", "Referred to the DBS", w.count(data.dbs_referrals)])
    lines.append([])
    lines.append(["Measure", "Value"])
    lines.append(["Received", w.count(data.received)])
    lines.append(["Awaiting initial consideration", w.count(data.awaiting)])
    lines.append(
        [
            "Initial consideration within one working day (%)",
            data.on_time_percent if data.on_time_percent is not None and not w.hidden(data.considered) else "",
        ]
    )
    lines.append(
        [
            "Median working days to initial consideration",
            data.median_working_days_to_consideration if data.median_working_days_to_consideration is not None else "",
        ]
    )
    lines.append(["Cases closed", w.count(data.closed)])
    lines.append(
        [
            "Median days from receipt to closure",
            data.median_days_to_closure if data.median_days_to_closure is not None else "",
        ]
    )
    response = HttpResponse(exports.csv_text(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lado-figures-{year}-{year + 1 - 2000:02d}.csv"'
    return response
