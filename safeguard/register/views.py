from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.accounts.models import REGISTER_ROLES
from safeguard.core.edits import edit_version_for_page, edit_version_opened
from safeguard.core.forms import form_save
from safeguard.reference.codes import code_label

from . import export, selectors, services
from .extensions import child_flags_for
from .forms import ChildCorrectForm, RegisterFilterForm


class _Paginator(Paginator):
    """Django's, with the count from `count()` (the register's is cached: selectors.register_count)."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()


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
    register_query = form.query()
    children = selectors.register_list_for(request.user, register_query, valid=valid)
    paginator = _Paginator(children, 50, count=lambda: selectors.register_count(request.user, register_query, children))
    page = paginator.get_page(request.GET.get("page"))
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


@require_http_methods(["GET", "POST"])
@login_required
def child_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A placing social worker or SQA officer corrects the child's details, saying why."""
    child = selectors.child_correctable_by(request.user).filter(pk=pk).first()
    if child is None:
        raise Http404
    child = selectors.child_get_for(request.user, pk)  # records the read
    initial = {name: getattr(child, name) for name in services.CORRECTABLE_FIELDS}
    form = ChildCorrectForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        corrected = form_save(
            form,
            lambda: services.child_correct(
                actor=request.user,
                child=child,
                facts=form.facts(),
                reason=form.cleaned_data["reason"],
                opened=edit_version_opened(request),
            ),
        )
        if corrected is not None:
            messages.success(request, f"{corrected.full_name}'s details are corrected")
            return redirect("home:child_detail", pk=child.pk)
    return render(
        request,
        "register/child_correct.html",
        {"child": child, "form": form, "edit_version": edit_version_for_page(request, form, child)},
    )
