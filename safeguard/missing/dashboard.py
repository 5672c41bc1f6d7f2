"""The missing-from-care dashboard (patterns, per month, per placing council) and the SSDA903 export."""

import itertools

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguard.accounts.models import Organisation
from safeguard.core.exports import csv_lines

from . import figures, selectors
from .forms import YearForm


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Missing episodes per month and per placing council, repeat episodes, RHI timeliness."""
    if not selectors.may_see_figures(request.user):
        raise Http404
    form = YearForm(request.GET or None)
    year = form.chosen_year()
    children = selectors.figures_children_for(request.user, year=year)
    return render(
        request,
        "missing/dashboard.html",
        {
            "form": form,
            "year": year,
            "year_label": figures.collection_year_label(year),
            "figures": figures.missing_figures(children, year, scope=selectors.figures_scope(request.user)),
            "repeat": figures.repeat_missing_children(children),
            "repeat_rule": {"episodes": settings.MISSING_REPEAT_EPISODES, "days": settings.MISSING_REPEAT_DAYS},
        },
    )


@require_GET
@login_required
def ssda903_export(request: HttpRequest, placing_authority: int) -> StreamingHttpResponse:
    """The SSDA903 Missing table (CHILD, DOB, MISSING, MIS_START, MIS_END) for one placing council."""
    if not selectors.may_see_figures(request.user):
        raise Http404
    council = Organisation.objects.filter(pk=placing_authority, kind=Organisation.Kind.COUNCIL).first()
    if council is None:
        raise Http404
    form = YearForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise Http404
    year = form.chosen_year()
    children = selectors.ssda903_children_for(request.user, placing_authority=council)
    rows = itertools.chain([figures.SSDA903_MISSING_COLUMNS], figures.ssda903_missing_rows(children, council, year))
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    code = council.dfe_code or str(council.pk)
    response["Content-Disposition"] = f'attachment; filename="ssda903-missing-{code}-{year}-{year + 1}.csv"'
    return response
