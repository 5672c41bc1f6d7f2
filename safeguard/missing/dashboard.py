"""The missing-from-care dashboard (patterns, per month, per placing council) and the SSDA903 export."""

import itertools

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguard.accounts.models import REGISTER_ROLES, Organisation, Role
from safeguard.core.audit import Target, audit_access_record
from safeguard.core.exports import csv_lines
from safeguard.register.selectors import children_visible_to

from . import figures
from .forms import YearForm

FIGURES_ROLES = REGISTER_ROLES | {Role.PLACING_SOCIAL_WORKER}


def _children_for_figures(request: HttpRequest):
    if request.user.role not in FIGURES_ROLES:
        raise Http404
    return children_visible_to(request.user)


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Missing episodes per month and per placing council, repeat episodes, RHI timeliness."""
    children = _children_for_figures(request)
    form = YearForm(request.GET or None)
    year = form.chosen_year()
    audit_access_record(
        actor=request.user,
        action="missing.figures",
        target=Target("missing.missingepisode", str(year)),
        host_council=request.user.host_council,
    )
    return render(
        request,
        "missing/dashboard.html",
        {
            "form": form,
            "year": year,
            "year_label": figures.collection_year_label(year),
            "figures": figures.missing_figures(children, year),
            "repeat": figures.repeat_missing_children(children),
            "repeat_rule": {"episodes": settings.MISSING_REPEAT_EPISODES, "days": settings.MISSING_REPEAT_DAYS},
        },
    )


@require_GET
@login_required
def ssda903_export(request: HttpRequest, placing_authority: int) -> StreamingHttpResponse:
    """The SSDA903 Missing table (CHILD, DOB, MISSING, MIS_START, MIS_END) for one placing council."""
    children = _children_for_figures(request)
    if request.user.role == Role.PLACING_SOCIAL_WORKER and request.user.organisation_id != placing_authority:
        raise Http404
    council = Organisation.objects.filter(pk=placing_authority, kind=Organisation.Kind.COUNCIL).first()
    if council is None:
        raise Http404
    form = YearForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise Http404
    year = form.chosen_year()
    audit_access_record(
        actor=request.user,
        action="missing.export_ssda903",
        target=Target("accounts.organisation", str(council.pk)),
        host_council=request.user.host_council,
    )
    rows = itertools.chain([figures.SSDA903_MISSING_COLUMNS], figures.ssda903_missing_rows(children, council, year))
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    code = council.dfe_code or str(council.pk)
    response["Content-Disposition"] = f'attachment; filename="ssda903-missing-{code}-{year}-{year + 1}.csv"'
    return response
