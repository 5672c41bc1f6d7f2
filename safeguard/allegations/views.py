from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeguard.accounts.models import Role

from . import selectors


@require_GET
@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated or request.user.role != Role.LADO:
        raise Http404
    return render(request, "allegations/case_list.html", {"cases": selectors.lado_cases_visible_to(request.user)})


@require_GET
@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.lado_case_get_for(request.user, pk)
    return render(request, "allegations/case_detail.html", {"case": case})
