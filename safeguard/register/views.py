from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safeguard.accounts.models import REGISTER_ROLES
from safeguard.reference.codes import code_label

from . import export, selectors
from .extensions import child_flags_for
from .forms import RegisterFilterForm


def _filters(request: HttpRequest) -> tuple[RegisterFilterForm, bool]:
    form = RegisterFilterForm(request.GET or None)
    return form, not (form.is_bound and not form.is_valid())


@require_GET
@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    """The register for host staff (filter, search, sort, export); each other role's own children."""
    if not selectors.may_see_children(request.user):
        raise Http404
    form, valid = _filters(request)
    children = selectors.register_list_for(request.user, form.query(), valid=valid)
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "register/child_list.html",
        {
            "page": page,
            "form": form,
            # Flags the apps above the register add (missing, exploitation): extensions.py.
            "flags": child_flags_for(request.user, [c.pk for c in page]),
            "today": timezone.localdate(),
            "query": query.urlencode(),
            "is_register": request.user.role in REGISTER_ROLES,
            "type_label": lambda code: code_label("placement_type", code) if code else "",
        },
    )


@require_GET
@login_required
def child_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered register as CSV or Excel. An export is an access event."""
    if not selectors.may_export(request.user):
        raise Http404
    form, valid = _filters(request)
    children = selectors.register_export_for(request.user, form.query(), fmt, valid=valid)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    if fmt == "csv":
        response = StreamingHttpResponse(export.csv_stream(children), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="register-{stamp}.csv"'
        return response
    response = HttpResponse(
        export.excel_bytes(children),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="register-{stamp}.xlsx"'
    return response
