"""Placing councils' own packs (seed 001): a placing council's officer sends theirs to the host whose site
answers; the host's SQA and R&A staff find them listed by council. Anyone else: not found."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.content.selectors import host_home_for_request
from safeguard.core.forms import form_save

from . import pack_selectors as selectors
from .pack_services import PACK_MAX_BYTES, placing_pack_send


class PackForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example “Services for looked-after children in Hertfordshire”",
        required=False,
    )
    link = forms.URLField(
        label="Link to your pack (if it is online)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.gov.uk/pack"},
    )
    document = forms.FileField(
        label="Or upload it as a PDF",
        required=False,
        help_text=f"A PDF smaller than {PACK_MAX_BYTES // (1024 * 1024)} MB",
    )


def _host(request):
    home = host_home_for_request(request)
    if home is None:
        raise Http404
    return home.host_council


@require_http_methods(["GET", "POST"])
@login_required
def own_pack(request: HttpRequest) -> HttpResponse:
    host = _host(request)
    if not selectors.is_pack_sender(request.user):
        raise Http404
    form = PackForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("document")
        data = upload.read(PACK_MAX_BYTES + 1) if upload else None
        sent = form_save(
            form,
            lambda: placing_pack_send(
                actor=request.user,
                host_council=host,
                title=form.cleaned_data.get("title") or "",
                link=form.cleaned_data.get("link") or "",
                document=data,
            ),
        )
        if sent is not None:
            messages.success(request, f"{host.name}'s staff can now read “{sent.title}”")
            return redirect("partnership:own_pack")
    return render(
        request,
        "partnership/own_pack.html",
        {"host": host, "form": form, "packs": selectors.own_packs(request.user, host)},
    )


@require_GET
@login_required
def council_packs(request: HttpRequest) -> HttpResponse:
    host = _host(request)
    if not selectors.is_pack_reader(request.user, host):
        raise Http404
    return render(
        request,
        "partnership/council_packs.html",
        {"host": host, "councils": selectors.packs_by_council(request.user, host)},
    )


@require_GET
@login_required
def council_pack_document(request: HttpRequest, pk) -> FileResponse:
    host = _host(request)
    pack = selectors.pack_get_for(request.user, host, pk)
    if pack is None or not pack.document:
        raise Http404
    response = FileResponse(pack.document.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="placing-council-pack.pdf"'
    return response
