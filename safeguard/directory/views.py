"""The directory's pages: the public search and a service's page (no sign-in; the host whose site
answers), and the host's editors' pages (their own host's directory only)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.accounts.models import HostCouncil
from safeguard.core.forms import form_save

from . import selectors, services
from .access import directory_editor_required
from .forms import CategoryForm, OrganisationForm, SearchForm, ServiceForm
from .oruk import schedule_words

PER_PAGE = 20


def _host(request: HttpRequest) -> HostCouncil:
    host = selectors.directory_host_for_request(request)
    if host is None:
        raise Http404
    return host


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else 1


def search(request: HttpRequest) -> HttpResponse:
    """Search the host's directory by words, category and postcode district; 20 a page."""
    host = _host(request)
    terms = list(selectors.terms_for(host))
    form = SearchForm(request.GET or None, terms=terms)
    result, query_string = None, ""
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        query = selectors.DirectoryQuery(
            text=data.get("text") or "", term=data.get("category"), postcode_district=data.get("postcode")
        )
        result = selectors.directory_search(
            host, query, page=_page_number(request), per_page=PER_PAGE, full=True, terms=terms
        )
        if result.size == 0 and result.page_number > 1:
            raise Http404
        query_string = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "directory/search.html",
        {
            "host": host,
            "form": form,
            "result": result,
            "pages": _page_items(result, query_string) if result else [],
            "query_string": query_string,
            "schedule_words": schedule_words,
        },
    )


def _page_items(result: selectors.DirectoryPage, query_string: str) -> list[dict]:
    """GOV.UK pagination's numbered links: the first, the last, and those beside the current page."""
    prefix = "?" + (query_string + "&" if query_string else "") + "page="
    items: list[dict] = []
    for number in range(1, result.total_pages + 1):
        if number in (1, result.total_pages) or abs(number - result.page_number) <= 1:
            items.append({"number": number, "href": f"{prefix}{number}", "current": number == result.page_number})
        elif abs(number - result.page_number) == 2:
            items.append({"ellipsis": True})
    return items


def service_detail(request: HttpRequest, pk) -> HttpResponse:
    """A service: who runs it, how to contact it, where, when it is open, who it is for."""
    host = _host(request)
    entry = selectors.directory_entry_get(host, pk)
    if entry is None:
        raise Http404
    return render(
        request,
        "directory/service_detail.html",
        {"host": host, "entry": entry, "service": entry.service, "schedule_words": schedule_words},
    )


# --- the editors' pages ------------------------------------------------------------------------------


@directory_editor_required
def manage(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    text = request.GET.get("text", "")[:200]
    return render(
        request,
        "directory/manage.html",
        {
            "host": host,
            "text": text,
            "services": selectors.services_for_editor(host, text)[:200],
            "organisations": selectors.organisations_for(host),
        },
    )


def _service_form(request: HttpRequest, host: HostCouncil, service=None) -> ServiceForm:
    return ServiceForm(
        request.POST or None,
        initial=ServiceForm.initial_for(service) if service else None,
        organisations=selectors.organisations_for(host),
        terms=selectors.terms_for(host),
    )


@require_http_methods(["GET", "POST"])
@directory_editor_required
def service_add(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    form = _service_form(request, host)
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form, lambda: services.service_save(actor=request.user, host_council=host, details=form.details())
        )
        if saved is not None:
            messages.success(request, f"Service added: {saved.name}")
            return redirect("directory:manage")
    return render(request, "directory/service_edit.html", {"host": host, "form": form, "service": None})


def _editor_service(host: HostCouncil, pk):
    service = selectors.service_get_for_editor(host, pk)
    if service is None:
        raise Http404
    return service


@require_http_methods(["GET", "POST"])
@directory_editor_required
def service_edit(request: HttpRequest, host: HostCouncil, pk) -> HttpResponse:
    service = _editor_service(host, pk)
    form = _service_form(request, host, service)
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form,
            lambda: services.service_save(
                actor=request.user, host_council=host, details=form.details(), service=service
            ),
        )
        if saved is not None:
            messages.success(request, f"Service saved: {saved.name}")
            return redirect("directory:manage")
    return render(request, "directory/service_edit.html", {"host": host, "form": form, "service": service})


@require_http_methods(["GET", "POST"])
@directory_editor_required
def service_remove(request: HttpRequest, host: HostCouncil, pk) -> HttpResponse:
    service = _editor_service(host, pk)
    if request.method == "POST":
        services.service_remove(actor=request.user, host_council=host, service=service)
        messages.success(request, f"Service removed: {service.name}")
        return redirect("directory:manage")
    return render(request, "directory/service_remove.html", {"host": host, "service": service})


@require_http_methods(["GET", "POST"])
@directory_editor_required
def organisation_add(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form, lambda: services.organisation_save(actor=request.user, host_council=host, details=form.details())
        )
        if saved is not None:
            messages.success(request, f"Organisation added: {saved.name}")
            return redirect("directory:manage")
    return render(request, "directory/organisation_edit.html", {"host": host, "form": form, "organisation": None})


@require_http_methods(["GET", "POST"])
@directory_editor_required
def organisation_edit(request: HttpRequest, host: HostCouncil, pk) -> HttpResponse:
    organisation = selectors.organisations_for(host).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    form = OrganisationForm(request.POST or None, initial=OrganisationForm.initial_for(organisation))
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form,
            lambda: services.organisation_save(
                actor=request.user, host_council=host, details=form.details(), organisation=organisation
            ),
        )
        if saved is not None:
            messages.success(request, f"Organisation saved: {saved.name}")
            return redirect("directory:manage")
    return render(
        request, "directory/organisation_edit.html", {"host": host, "form": form, "organisation": organisation}
    )


@require_http_methods(["GET"])
@directory_editor_required
def categories(request: HttpRequest, host: HostCouncil) -> HttpResponse:
    return render(request, "directory/categories.html", {"host": host, "terms": selectors.terms_for(host)})


@require_http_methods(["GET", "POST"])
@directory_editor_required
def category_edit(request: HttpRequest, host: HostCouncil, pk=None) -> HttpResponse:
    """Add a category, or change one's words (its code stays)."""
    term = None
    if pk is not None:
        term = selectors.term_get(host, pk)
        if term is None:
            raise Http404
    initial = {"name": term.name, "description": term.description} if term else None
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form,
            lambda: services.term_save(
                actor=request.user,
                host_council=host,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                term=term,
            ),
        )
        if saved is not None:
            messages.success(request, f"Category saved: {saved.name}")
            return redirect("directory:categories")
    return render(request, "directory/category_edit.html", {"host": host, "form": form, "term": term})
