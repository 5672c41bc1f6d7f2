"""The inclusion service's pages: the CME register and its cases, schools' returns, the referral form,
the EHE register and the (switched off) register of children not in school. Thin: permission, selector,
form, service, redirect or render."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguard.core.errors import ServiceRefusal
from safeguard.core.forms import form_save
from safeguard.core.throttle import client_address
from safeguard.reference.selectors import councils, default_host_council

from . import ehe_services, selectors, services
from .forms import (
    AdmissionReturnForm,
    CloseForm,
    CmeFilterForm,
    DeletionReturnForm,
    EheCloseForm,
    EheContactForm,
    EheRecordForm,
    EnquiryForm,
    EscalateForm,
    NoticeForm,
    OrderForm,
    ReferralForm,
    ReopenForm,
    ReturnsUploadForm,
    RiskForm,
    cnis_form,
)
from .models import CmeCase, EheRecord, SchoolReturn
from .returns_csv import COLUMNS, GROUND_CODES, CsvInvalid, returns_rows
from .throttle import CME_REFERRAL

logger = logging.getLogger(__name__)


def _officer(request) -> None:
    if not selectors.may_see_inclusion(request.user):
        raise Http404


def _form_page(
    request, form, *, title: str, button: str, back: tuple[str, str], intro: str = "", caption: str = "", status=200
):
    return render(
        request,
        "inclusion/form_page.html",
        {"form": form, "title": title, "button": button, "back": back, "intro": intro, "caption": caption},
        status=status,
    )


def _post(request):
    return request.POST if request.method == "POST" else None


# --- the CME register --------------------------------------------------------------------------------


@require_GET
@login_required
def cme_register(request: HttpRequest) -> HttpResponse:
    """The host's children missing education, open ones first by default, newest first."""
    _officer(request)
    form = CmeFilterForm(request.GET or {"status": "open"})
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    filters = selectors.CmeFilters(status=data.get("status", ""), risk=data.get("risk", ""), name=data.get("name", ""))
    cases = selectors.cme_register_for(request.user, filters)
    if not valid:
        cases = cases.none()
    counts = selectors.cme_counts_for(request.user)
    paginator = Paginator(cases, 50)
    if valid and not filters.risk and not filters.name:
        # Filtered by status alone, the count is already in the tabs' counts: not counted twice.
        paginator.count = selectors.cme_count_of(counts, filters.status)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy() if request.GET else QueryDict("status=open", mutable=True)
    query.pop("page", None)
    return render(
        request,
        "inclusion/cme_register.html",
        {"form": form, "page": page, "query": query.urlencode(), "counts": counts},
    )


@require_GET
@login_required
def cme_figures(request: HttpRequest) -> HttpResponse:
    _officer(request)
    rows = selectors.cme_figures_for(request.user)
    return render(request, "inclusion/cme_figures.html", {"rows": rows, "outcomes": CmeCase.Outcome.choices})


@require_GET
@login_required
def cme_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _officer(request)
    case = selectors.cme_case_get_for(request.user, pk)
    return render(
        request,
        "inclusion/cme_case_detail.html",
        {
            "case": case,
            "checklist": selectors.enquiry_checklist(case),
            "clock": selectors.case_clock(case),
            "history": case.history.select_related("changed_by"),
            "returns": case.returns.select_related("school"),
            "targets": CmeCase.TRANSITIONS.targets(case.status),
        },
    )


def _case_form(request, pk, form_class, call, *, title, button, done, initial=None):
    _officer(request)
    case = selectors.cme_case_peek_for(request.user, pk)
    form = form_class(_post(request), initial=initial or {})
    if request.method == "POST" and form.is_valid() and form_save(form, lambda: call(case, form.cleaned_data)):
        messages.success(request, done)
        return redirect("inclusion:cme_case_detail", pk=case.pk)
    return _form_page(
        request,
        form,
        title=title,
        button=button,
        back=(f"Back to {case.reference}", f"/education/cme/cases/{case.pk}/"),
        caption=f"{case.reference} {case.full_name}",
    )


@require_http_methods(["GET", "POST"])
@login_required
def cme_enquiry_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        EnquiryForm,
        lambda case, data: services.cme_enquiry_record(actor=request.user, case=case, **data),
        title="Record an enquiry",
        button="Record the enquiry",
        done="The enquiry is recorded",
        initial={"made_by": request.user.full_name},
    )


@require_http_methods(["GET", "POST"])
@login_required
def cme_risk(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        RiskForm,
        lambda case, data: services.cme_risk_set(actor=request.user, case=case, **data),
        title="Risk grade",
        button="Save the risk grade",
        done="The risk grade is saved",
    )


@require_http_methods(["GET", "POST"])
@login_required
def cme_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        EscalateForm,
        lambda case, data: services.cme_case_escalate(actor=request.user, case=case, **data),
        title="Escalate to the police and children's social care",
        button="Escalate",
        done="The police and children's social care are told",
    )


@require_http_methods(["GET", "POST"])
@login_required
def cme_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form(
        request,
        pk,
        ReopenForm,
        lambda case, data: services.cme_case_reopen(actor=request.user, case=case, **data),
        title="Back to enquiries",
        button="Take back to enquiries",
        done="The case is back with enquiries",
    )


@require_http_methods(["GET", "POST"])
@login_required
def cme_close(request: HttpRequest, pk: int) -> HttpResponse:
    def close(case, data):
        council = councils().filter(pk=data["destination_council"]).first() if data["destination_council"] else None
        return services.cme_case_close(
            actor=request.user,
            case=case,
            outcome=data["outcome"],
            note=data["note"],
            destination_council=council,
            destination_email=data["destination_email"],
        )

    return _case_form(
        request, pk, CloseForm, close, title="Close the case", button="Close the case", done="The case is closed"
    )


# --- referrals -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def cme_refer(request: HttpRequest) -> HttpResponse:
    """Anyone may tell the council about a child who may be missing education; they get thanks, never the case."""
    host = default_host_council()
    if host is None:
        raise Http404
    form = ReferralForm(_post(request))
    if request.method == "POST":
        wait = CME_REFERRAL.admit(request)  # counted at once, so a burst in parallel cannot all pass
        if wait is not None:
            response = render(
                request,
                "inclusion/refer.html",
                {"form": form, "host": host, "limited_minutes": max(1, -(-wait // 60))},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            if (form.cleaned_data.get("website") or "").strip():
                # A field no person sees was filled, but the referral is complete: it is kept (never
                # silently dropped), and the log says so for the officer who reads it.
                logger.warning("CME referral honeypot filled from %s; kept", client_address(request))
            data = {k: v for k, v in form.cleaned_data.items() if k in services.REFERRAL_FACTS or k == "way_in"}
            actor = request.user if request.user.is_authenticated else services.PUBLIC_REFERRER
            if form_save(form, lambda: services.cme_referral_submit(actor=actor, host_council=host, **data)):
                return redirect("inclusion:cme_refer_done")
        if (form.data.get("website") or "").strip():
            # Incomplete, and a field no person sees was filled: software. Nothing is kept, and it learns nothing.
            return redirect("inclusion:cme_refer_done")
        CME_REFERRAL.release(request)  # nothing accepted: the form comes back to be put right
    return render(request, "inclusion/refer.html", {"form": form, "host": host})


@require_GET
def cme_refer_done(request: HttpRequest) -> HttpResponse:
    return render(request, "inclusion/refer_done.html", {"host": default_host_council()})


# --- schools' returns ------------------------------------------------------------------------------------


@require_GET
@login_required
def return_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_see_returns(request.user):
        raise Http404
    page = Paginator(selectors.returns_for(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inclusion/return_list.html",
        {
            "page": page,
            "school": selectors.school_of(request.user),
            "may_submit": selectors.may_submit_returns(request.user),
        },
    )


@require_GET
@login_required
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not selectors.may_see_returns(request.user):
        raise Http404
    school_return = selectors.return_get_for(request.user, pk)
    return render(
        request,
        "inclusion/return_detail.html",
        {
            "r": school_return,
            "clock": selectors.return_clock(school_return),
            "lateness": selectors.admission_lateness(school_return),
            "officer": selectors.may_see_inclusion(request.user),
        },
    )


def _return_add(request, kind: str, form_class, title: str):
    if not selectors.may_submit_returns(request.user):
        raise Http404
    school = selectors.school_of(request.user)
    form = form_class(_post(request))
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form,
            lambda: services.school_return_submit(
                actor=request.user,
                host_council=selectors.host_of_school_staff(request.user),
                school=school,
                kind=kind,
                **form.cleaned_data,
            ),
        )
        if saved:
            messages.success(request, f"The return for {saved.full_name} is sent to the council")
            return redirect("inclusion:return_detail", pk=saved.pk)
    return _form_page(
        request,
        form,
        title=title,
        button="Send the return",
        back=("Back to your returns", "/education/cme/returns/"),
        caption=school.name,
    )


@require_http_methods(["GET", "POST"])
@login_required
def return_deletion_add(request: HttpRequest) -> HttpResponse:
    return _return_add(
        request, SchoolReturn.Kind.DELETION, DeletionReturnForm, "A pupil deleted from the admission register"
    )


@require_http_methods(["GET", "POST"])
@login_required
def return_admission_add(request: HttpRequest) -> HttpResponse:
    return _return_add(request, SchoolReturn.Kind.ADMISSION, AdmissionReturnForm, "A new pupil")


@require_http_methods(["GET", "POST"])
@login_required
def return_upload(request: HttpRequest) -> HttpResponse:
    """A CSV of returns: all or nothing; bad lines named by their line number."""
    if not selectors.may_submit_returns(request.user):
        raise Http404
    school = selectors.school_of(request.user)
    form = ReturnsUploadForm(_post(request), request.FILES if request.method == "POST" else None)
    line_errors: dict = {}
    if request.method == "POST" and form.is_valid():
        try:
            rows = returns_rows(form.cleaned_data["file"].read())
        except CsvInvalid as error:
            form.add_error("file", str(error))
        else:
            try:
                saved = services.school_returns_import(
                    actor=request.user,
                    host_council=selectors.host_of_school_staff(request.user),
                    school=school,
                    rows=rows,
                )
            except services.ReturnInvalid as refusal:
                line_errors = refusal.errors
                count = sum(1 for key in line_errors if key.startswith("line "))
                form.add_error(
                    "file",
                    f"{count} {'line has' if count == 1 else 'lines have'} problems: nothing was sent. Correct "
                    "them and upload the file again"
                    if count
                    else "; ".join(line_errors.values()),
                )
            else:
                messages.success(
                    request, f"{len(saved)} {'return is' if len(saved) == 1 else 'returns are'} sent to the council"
                )
                return redirect("inclusion:return_list")
    return render(
        request,
        "inclusion/return_upload.html",
        {"form": form, "school": school, "columns": COLUMNS, "grounds": GROUND_CODES, "line_errors": line_errors},
    )


# --- elective home education ---------------------------------------------------------------------------


@require_GET
@login_required
def ehe_register(request: HttpRequest) -> HttpResponse:
    _officer(request)
    status = request.GET.get("status", "open")
    if status not in ("", "open", *EheRecord.Status.values):
        status = "open"
    records = selectors.ehe_register_for(request.user, status=status)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    rows = [(record, selectors.ehe_clock(record)) for record in page.object_list]
    return render(
        request,
        "inclusion/ehe_register.html",
        {"page": page, "rows": rows, "status": status, "statuses": EheRecord.Status.choices},
    )


@require_http_methods(["GET", "POST"])
@login_required
def ehe_add(request: HttpRequest) -> HttpResponse:
    _officer(request)
    form = EheRecordForm(_post(request))
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form,
            lambda: ehe_services.ehe_record_add(
                actor=request.user, host_council=request.user.host_council, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, f"{saved.full_name} is on the register of home educated children")
            return redirect("inclusion:ehe_detail", pk=saved.pk)
    return _form_page(
        request,
        form,
        title="Add a home educated child",
        button="Add to the register",
        back=("Back to home education", "/education/ehe/"),
    )


@require_GET
@login_required
def ehe_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _officer(request)
    record = selectors.ehe_record_get_for(request.user, pk)
    return render(
        request,
        "inclusion/ehe_detail.html",
        {
            "record": record,
            "clock": selectors.ehe_clock(record),
            "contacts": record.contacts.all(),
            "targets": EheRecord.TRANSITIONS.targets(record.status),
        },
    )


def _ehe_form(request, pk, form_class, call, *, title, button, done, intro=""):
    _officer(request)
    record = selectors.ehe_record_get_for(request.user, pk, audited=False)
    form = form_class(_post(request))
    if request.method == "POST" and form.is_valid() and form_save(form, lambda: call(record, form.cleaned_data)):
        messages.success(request, done)
        return redirect("inclusion:ehe_detail", pk=record.pk)
    return _form_page(
        request,
        form,
        title=title,
        button=button,
        intro=intro,
        back=(f"Back to {record.full_name}", f"/education/ehe/{record.pk}/"),
        caption=f"{record.reference} {record.full_name}",
    )


@require_http_methods(["GET", "POST"])
@login_required
def ehe_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _ehe_form(
        request,
        pk,
        EheContactForm,
        lambda record, data: ehe_services.ehe_contact_record(actor=request.user, record=record, **data),
        title="Record a contact",
        button="Record the contact",
        done="The contact is recorded",
    )


@require_http_methods(["GET", "POST"])
@login_required
def ehe_notice(request: HttpRequest, pk: int) -> HttpResponse:
    return _ehe_form(
        request,
        pk,
        NoticeForm,
        lambda record, data: ehe_services.ehe_notice_serve(actor=request.user, record=record, **data),
        title="Serve the s437(1) notice",
        button="Record the notice",
        done="The notice is recorded",
        intro="The notice requires the parents to satisfy the council that the child is receiving suitable "
        "education, within the period it gives: at least 15 days, beginning with the day it is served.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def ehe_order(request: HttpRequest, pk: int) -> HttpResponse:
    return _ehe_form(
        request,
        pk,
        OrderForm,
        lambda record, data: ehe_services.ehe_order_serve(actor=request.user, record=record, **data),
        title="Serve the school attendance order",
        button="Record the order",
        done="The school attendance order is recorded",
    )


@require_http_methods(["GET", "POST"])
@login_required
def ehe_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    from django import forms

    return _ehe_form(
        request,
        pk,
        forms.Form,
        lambda record, data: ehe_services.ehe_concern_resolve(actor=request.user, record=record),
        title="The education is suitable",
        button="Record that the concerns are resolved",
        done="The concerns are resolved",
        intro="The council is satisfied the child is receiving a suitable education: the record goes back to home educated.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def ehe_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _ehe_form(
        request,
        pk,
        EheCloseForm,
        lambda record, data: ehe_services.ehe_record_close(actor=request.user, record=record, **data),
        title="Close the record",
        button="Close the record",
        done="The record is closed",
    )


# --- children not in school ----------------------------------------------------------------------------


@require_GET
@login_required
def cnis_register(request: HttpRequest) -> HttpResponse:
    """Not yet in force: the page says so; the register shows only where the host has switched it on."""
    _officer(request)
    enabled = selectors.cnis_enabled(request.user.host_council)
    records = selectors.cnis_records_for(request.user) if enabled else []
    return render(
        request,
        "inclusion/cnis_register.html",
        {"enabled": enabled, "records": records, "fields": selectors.cnis_fields()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def cnis_add(request: HttpRequest) -> HttpResponse:
    _officer(request)
    if not selectors.cnis_enabled(request.user.host_council):
        raise Http404
    form = cnis_form(selectors.cnis_fields(), _post(request))
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form,
            lambda: ehe_services.cnis_record_add(
                actor=request.user, host_council=request.user.host_council, facts=form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, "The child is on the register of children not in school")
            return redirect("inclusion:cnis_register")
    return _form_page(
        request,
        form,
        title="Add a child not in school",
        button="Add to the register",
        back=("Back to children not in school", "/education/cnis/"),
        intro="Not yet in force: the facts asked for follow the Act as passed until the regulations are made.",
    )


# --- schools' staff accounts (the host council's administrator) ----------------------------------------------


@require_GET
@login_required
def school_accounts(request: HttpRequest) -> HttpResponse:
    """The schools of the area: which are set up for staff accounts, how many staff each has, and the way
    to invite more (into the school, as school staff)."""
    if not selectors.may_manage_school_accounts(request.user):
        raise Http404
    query = (request.GET.get("q") or "").strip()[:100]
    rows = selectors.school_accounts_for(request.user, query=query)
    return render(request, "inclusion/school_accounts.html", {"rows": rows, "query": query})


@require_POST
@login_required
def school_account_set_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the school up (once) and go on to invite a member of its staff."""
    school = selectors.school_for_accounts(request.user, pk)
    try:
        organisation = services.school_organisation_set_up(
            actor=request.user, host_council=request.user.host_council, school=school
        )
    except ServiceRefusal as refusal:
        messages.error(request, "; ".join(refusal.errors.values()))
        return redirect("inclusion:school_accounts")
    return redirect(f"{reverse('accounts:person_invite')}?organisation={organisation.pk}")
