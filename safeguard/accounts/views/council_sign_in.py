"""Signing in through the council's own provider (docs/adr/0034): choose the council, go to its
sign-in page, come back to the callback."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import selectors, services
from ..single_sign_on import (
    PENDING_HOST,
    CouncilSignInBackend,
    ProviderUnavailable,
    SignInRefused,
    authorization_redirect,
    provider_metadata,
    role_from_groups,
)
from .sign_in import _safe_next


@require_GET
def council_sign_in_choose(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home:home")
    context = {"councils": selectors.council_sign_ins(), "next": request.GET.get("next", "")}
    return render(request, "accounts/council_sign_in_choose.html", context)


def _unavailable(request: HttpRequest, config) -> HttpResponse:
    context = {"council": config.host_council.display_name_or_name}
    return render(request, "accounts/council_sign_in_unavailable.html", context, status=502)


@require_GET
def council_sign_in_start(request: HttpRequest, slug: str) -> HttpResponse:
    config = selectors.council_sign_in_get(slug)
    if request.user.is_authenticated:
        return redirect("home:home")
    try:
        return redirect(authorization_redirect(request, config, _safe_next(request, request.GET.get("next"))))
    except ProviderUnavailable:
        return _unavailable(request, config)


def _refused(request: HttpRequest, config, reason: str) -> HttpResponse:
    context = {"council": config.host_council.display_name_or_name, "reason": reason}
    return render(request, "accounts/council_sign_in_refused.html", context, status=403)


@require_GET
def council_sign_in_callback(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_HOST) or {}
    config = selectors.council_sign_ins().filter(host_council__slug=pending.get("host", "")).first()
    if config is None:
        return redirect("accounts:sign_in")
    if request.GET.get("error"):
        return _refused(request, config, "Your council's sign-in service did not sign you in")
    states = request.session.get("oidc_states") or {}
    entry = states.pop(request.GET.get("state", ""), None)
    request.session["oidc_states"] = states
    if entry is None or not request.GET.get("code"):
        return _refused(request, config, "The sign-in was started in another window or took too long")
    try:
        backend = CouncilSignInBackend(config)
        user = backend.authenticate(request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier"))
        role = role_from_groups(config, backend.claims)
    except ProviderUnavailable:
        return _unavailable(request, config)
    except SignInRefused as refusal:
        services.council_sign_in_refused_record(config=config, refusal=refusal)
        return _refused(request, config, refusal.reason)
    user = services.council_role_apply(user=user, role=role)
    next_url = pending.get("next") or reverse("home:home")
    request.session.pop(PENDING_HOST, None)
    signed_in_by = {
        "host": config.host_council.slug,
        "id_token": backend.id_token,
        "client_id": config.client_id,
        "end_session_endpoint": provider_metadata(config).end_session_endpoint,
    }
    services.user_sign_in(request=request, user=user, signed_in_by=signed_in_by)
    return redirect(next_url)


@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    """Where the council's provider sends a person back after ending its own session too."""
    return render(request, "accounts/signed_out.html", {"both": True})
