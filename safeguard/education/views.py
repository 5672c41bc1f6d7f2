"""The Virtual School's pages: the list of placed children, a child's education, its forms, term dates."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.core.forms import form_save

from . import selectors, services
from .attendance import CODES, FileUnreadable
from .forms import (
    AttendanceThresholdForm,
    AttendanceUploadForm,
    EducationListFilterForm,
    EducationRecordForm,
    PepForm,
    SchoolLeaveForm,
    SchoolPlaceForm,
    SchoolSearchForm,
    SchoolTermForm,
)
from .models import AttendanceImport


@require_GET
@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    """Every child placed in the area now, most urgent first: without a school place longest, then PEPs
    overdue. Filters: no school place, PEP overdue, placing council."""
    if not selectors.may_list(request.user):
        raise Http404
    form = EducationListFilterForm(
        request.GET or None, placing_councils=selectors.placing_councils_in_list(request.user)
    )
    valid = not form.is_bound or form.is_valid()
    data = form.cleaned_data if form.is_bound and valid else {}
    show = set(data.get("show") or [])
    filters = selectors.ListFilters(
        no_place="no_place" in show,
        pep_overdue="pep_overdue" in show,
        placing_authority=data.get("placing_authority"),
    )
    records = selectors.education_list_for(request.user, filters)
    if not valid:
        records = records.none()
    # The page's ids first (the index in order, nothing else read), then those 50 records with their
    # school and last PEP: a later page does not look up the school of every record skipped (ADR 0030).
    page = Paginator(records.values_list("pk", flat=True), 50).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    by_pk = {record.pk: record for record in records.filter(pk__in=ids)} if ids else {}
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "education/child_list.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.list_rows([by_pk[pk] for pk in ids if pk in by_pk], host_calendars={}),
            "query": query.urlencode(),
            "threshold": settings.EDUCATION_SCHOOL_PLACE_WITHIN_SCHOOL_DAYS,
            "today": timezone.localdate(),
        },
    )


def _child_context(request, pk: int) -> dict:
    child = selectors.child_for_education(request.user, pk)  # 404 out of scope; records the read
    return {"child": child, "state": selectors.education_state(child)}


@require_http_methods(["GET", "POST"])
@login_required
def attendance_import(request: HttpRequest) -> HttpResponse:
    """The Virtual School uploads a file of session marks for the children placed in its area; the page
    after it counts what was kept and names each refused row by line."""
    if not selectors.may_import_attendance(request.user):
        raise Http404
    posted = request.method == "POST"
    form = AttendanceUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["attendance_file"]
        lines = io.TextIOWrapper(upload.file, encoding="utf-8-sig", errors="replace", newline="")
        try:
            result = services.attendance_import(
                actor=request.user,
                lines=lines,
                source=AttendanceImport.Source.UPLOAD,
                host_council=request.user.host_council,
                file_name=upload.name,
            )
        except FileUnreadable as error:
            form.add_error("attendance_file", error.message)
        else:
            return redirect("education:attendance_import_detail", pk=result.pk)
    return render(
        request,
        "education/attendance_import.html",
        {
            "form": form,
            "imports": selectors.attendance_imports_of(request.user)[:10],
            "codes": CODES,
            "threshold": selectors.attendance_threshold_of(request.user.host_council.pk),
        },
    )


@require_GET
@login_required
def attendance_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.attendance_import_get_for(request.user, pk)
    return render(request, "education/attendance_import_detail.html", {"result": found})


@require_GET
@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A child's education: school and its history, the school-place clock, year group, EHC plan,
    designated teacher, the placing council's Virtual School contact, and the PEP with its clock."""
    return render(request, "education/record_detail.html", _child_context(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    context = _child_context(request, pk)
    child, state = context["child"], context["state"]
    record = state.record
    initial = {
        "entered_care_on": state.entered_care_on,
        "year_group": record.year_group if record else None,
    }
    if record is not None:
        for name in services.RECORD_FIELDS:
            if name not in ("entered_care_on", "year_group", "ehc_maintaining_authority"):
                initial[name] = getattr(record, name)
        initial["has_ehc_plan"] = {True: "yes", False: "no"}.get(record.has_ehc_plan, "")
        initial["ehc_maintaining_authority"] = record.ehc_maintaining_authority_id
    form = EducationRecordForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        computed_year=state.year_group_computed,
        ehc_from_notification=state.ehc_from_notification,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form_save(
            form, lambda: services.education_record_update(actor=request.user, child=child, **form.service_arguments())
        )
    ):
        messages.success(request, f"{child.full_name}'s education record is saved")
        return redirect("education:record_detail", pk=child.pk)
    return render(request, "education/record_edit.html", {**context, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def school_place(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the child's school: search the schools (GIAS) by name, postcode or URN, choose one, give the
    start date. Works without JavaScript: the search is a GET form, the choice a POST."""
    context = _child_context(request, pk)
    child = context["child"]
    search = SchoolSearchForm(request.GET if "q" in request.GET else None)
    q = (
        request.POST.get("q", "")
        if request.method == "POST"
        else (search.cleaned_data.get("q", "") if search.is_valid() else "")
    )
    schools = selectors.schools_search(q, la_code=child.host_council.organisation.dfe_code or "")
    form = SchoolPlaceForm(request.POST if request.method == "POST" else None, schools=schools)
    if request.method == "POST" and form.is_valid():
        school = selectors.school_get(form.cleaned_data["school"])
        if school is None:
            form.add_error("school", "Choose a school from the list")
        elif form_save(
            form,
            lambda: services.school_place_record(
                actor=request.user, child=child, school=school, started_on=form.cleaned_data["started_on"]
            ),
        ):
            messages.success(request, f"{child.full_name}'s school is recorded: {school.name}")
            return redirect("education:record_detail", pk=child.pk)
    return render(
        request, "education/school_place.html", {**context, "search": search, "form": form, "q": q, "schools": schools}
    )


@require_http_methods(["GET", "POST"])
@login_required
def school_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """The child left their school with no new place: the clock of school days without a place starts."""
    context = _child_context(request, pk)
    child, state = context["child"], context["state"]
    if state.enrolment is None:
        raise Http404("No school to leave")
    form = SchoolLeaveForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_save(
            form,
            lambda: services.school_place_end(actor=request.user, child=child, ended_on=form.cleaned_data["ended_on"]),
        )
    ):
        messages.success(request, f"{child.full_name} has no school place from the next day")
        return redirect("education:record_detail", pk=child.pk)
    return render(request, "education/school_leave.html", {**context, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def pep_add(request: HttpRequest, pk: int) -> HttpResponse:
    context = _child_context(request, pk)
    child = context["child"]
    form = PepForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_save(form, lambda: services.pep_record(actor=request.user, child=child, **form.cleaned_data))
    ):
        messages.success(request, f"The PEP meeting is recorded for {child.full_name}")
        return redirect("education:record_detail", pk=child.pk)
    return render(request, "education/pep_add.html", {**context, "form": form})


@require_GET
@login_required
def term_list(request: HttpRequest) -> HttpResponse:
    """The host's term dates, that school days are counted in."""
    if not selectors.may_edit_terms(request.user):
        raise Http404
    return render(request, "education/term_list.html", {"terms": selectors.terms_of(request.user.host_council)})


@require_http_methods(["GET", "POST"])
@login_required
def term_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not selectors.may_edit_terms(request.user):
        raise Http404
    term = selectors.term_get_for(request.user, pk) if pk is not None else None
    initial = {}
    if term is not None:
        initial = {
            name: getattr(term, name)
            for name in ("name", "starts_on", "ends_on", "half_term_starts_on", "half_term_ends_on")
        }
    form = SchoolTermForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form,
            lambda: services.school_term_save(
                actor=request.user, host_council=request.user.host_council, term=term, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, f"{saved.name} is saved")
            return redirect("education:term_list")
    return render(request, "education/term_edit.html", {"form": form, "term": term})


@require_http_methods(["GET", "POST"])
@login_required
def attendance_threshold(request: HttpRequest) -> HttpResponse:
    """The host's attendance threshold (the Virtual School's and the administrator's to set)."""
    if not selectors.may_edit_terms(request.user):
        raise Http404
    host = request.user.host_council
    current = selectors.attendance_threshold_of(host.pk)
    form = AttendanceThresholdForm(
        request.POST if request.method == "POST" else None, initial={"threshold_percent": current}
    )
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form, lambda: services.attendance_threshold_set(actor=request.user, host_council=host, **form.cleaned_data)
        )
        if saved:
            messages.success(request, f"The attendance threshold is {saved.threshold_percent}%")
            return redirect("education:attendance_threshold")
    return render(request, "education/attendance_threshold.html", {"form": form, "current": current})
