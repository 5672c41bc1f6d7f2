"""The SQA manager loads the host's existing register from a spreadsheet (docs/adr/0036): upload,
choose the columns, see the dry run, import. Every page is the host's SQA manager's only (404 for
anyone else, and for another host's imports)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeguard.core.forms import form_save
from safeguard.core.models import ImportJob

from . import selectors, services
from .forms import RegisterColumnsForm, RegisterFileForm, fact_field_name
from .register_file import FACTS, mapping_guess
from .services.register_import import DRY_RUN_OUTCOMES, KIND_DRY_RUN, OUTCOMES


def _manager(request: HttpRequest) -> None:
    if not selectors.may_import_register(request.user):
        raise Http404


def _job(request: HttpRequest, pk: int) -> ImportJob:
    _manager(request)
    try:
        return selectors.register_import_job_get_for(request.user, pk)
    except ImportJob.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@login_required
def register_import_upload(request: HttpRequest) -> HttpResponse:
    _manager(request)
    bound = request.method == "POST"
    form = RegisterFileForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        job = form_save(
            form, lambda: services.register_import_upload(actor=request.user, upload=form.cleaned_data["file"])
        )
        if job is not None:
            return redirect("notifications:register_import_columns", pk=job.pk)
    return render(
        request,
        "notifications/register_import_upload.html",
        {"form": form, "jobs": selectors.register_import_jobs_of(request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def register_import_columns(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.kind != KIND_DRY_RUN or job.params.get("columns"):
        return redirect("notifications:register_import_job", pk=job.pk)
    headers = job.params.get("headers", [])
    initial = mapping_guess(headers, selectors.register_import_columns_saved(request.user.host_council))
    form = RegisterColumnsForm(
        request.POST if request.method == "POST" else None, headers=headers, facts=FACTS, initial_columns=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.register_import_columns_save(actor=request.user, job=job, columns=form.columns())
        except services.RegisterImportRefused as refusal:
            for path, message in refusal.errors.items():
                name = fact_field_name(path)
                form.add_error(name if name in form.fields else None, message)
        else:
            return redirect("notifications:register_import_job", pk=job.pk)
    return render(
        request,
        "notifications/register_import_columns.html",
        {"form": form, "job": job, "file_name": job.files[0]["name"] if job.files else ""},
    )


@require_http_methods(["GET"])
@login_required
def register_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.kind == KIND_DRY_RUN and not job.params.get("columns"):
        return redirect("notifications:register_import_columns", pk=job.pk)
    dry = job.kind == KIND_DRY_RUN
    report = job.report or {}
    return render(
        request,
        "notifications/register_import_job.html",
        {
            "job": job,
            "dry": dry,
            "counts": report.get("counts", {}),
            "lines": report.get("lines", []),
            "incomplete": report.get("incomplete", 0),
            "words": DRY_RUN_OUTCOMES if dry else OUTCOMES,
            "file_name": job.files[0]["name"] if job.files else "",
        },
    )


@require_POST
@login_required
def register_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        again = services.register_import_confirm(actor=request.user, job=job)
    except services.RegisterImportRefused:
        return redirect("notifications:register_import_job", pk=job.pk)
    return redirect("notifications:register_import_job", pk=again.pk)
