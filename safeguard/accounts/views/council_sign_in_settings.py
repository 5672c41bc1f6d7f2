"""The host council administrator's single sign-on settings (docs/adr/0034): set up the council's
provider, check it answers, switch it on or off. Anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from mozilla_django_oidc.utils import absolutify

from safeguard.core.forms import form_save

from .. import selectors, services
from ..forms import CouncilSignInForm, group_roles_text
from ..models import HOST_ROLES, Role
from ..single_sign_on import CALLBACK_URL_NAME

# The roles a group may give: the host council's staff, in the order of Role.
STAFF_ROLES = [role for role in Role if role in HOST_ROLES]


@require_http_methods(["GET", "POST"])
@login_required
def council_sign_in_settings(request: HttpRequest) -> HttpResponse:
    if not selectors.may_manage_people(request.user):
        raise Http404
    host = request.user.host_council
    config = selectors.council_sign_in_of(request.user)
    initial = {"enabled": "no", "scopes": "openid email profile"}
    if config is not None:
        initial = {
            "enabled": "yes" if config.enabled else "no",
            "issuer": config.issuer,
            "client_id": config.client_id,
            "scopes": config.scopes,
            "email_domains": config.email_domains,
            "group_claim": config.group_claim,
            "group_roles": group_roles_text(config.group_roles, STAFF_ROLES),
        }
    form = CouncilSignInForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        roles=STAFF_ROLES,
        secret_stored=bool(config and config.client_secret),
    )
    check = None
    if request.method == "POST" and request.POST.get("action") == "check":
        check = _check(request, form)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = form_save(
            form,
            lambda: services.council_sign_in_configure(
                actor=request.user,
                host_council=host,
                issuer=data["issuer"],
                client_id=data["client_id"],
                client_secret=data["client_secret"],
                email_domains=data["email_domains"],
                scopes=data["scopes"],
                group_claim=data["group_claim"],
                group_roles=data["group_roles"],
                enabled=data["enabled"] == "yes",
            ),
        )
        if saved is not None:
            state = "switched on" if saved.enabled else "saved, and switched off"
            messages.success(request, f"Single sign-on for {host.display_name_or_name} is {state}")
            return redirect("accounts:council_sign_in_settings")
    secret_typed = request.method == "POST" and bool(request.POST.get("client_secret"))
    context = {
        "form": form,
        "host": host,
        "config": config,
        "check": check,
        "secret_typed_again": secret_typed and (check is not None or form.errors),
        "callback_url": absolutify(request, reverse(CALLBACK_URL_NAME)),
        "signed_out_url": absolutify(request, reverse("accounts:signed_out")),
        "sign_in_start": reverse("accounts:council_sign_in_start", args=[host.slug]),
        "staff_roles": STAFF_ROLES,
    }
    status = 400 if form.errors else 200
    return render(request, "accounts/council_sign_in_settings.html", context, status=status)


def _check(request: HttpRequest, form: CouncilSignInForm) -> dict | None:
    """Fetch the typed issuer's discovery document now, and say what it gave or what is wrong. Nothing
    is saved; the check is recorded in the audit trail."""
    issuer = (form.data.get("issuer") or "").strip()
    form.is_valid()  # the other fields' errors show too, so nothing typed is lost or left unexplained
    if not issuer or "issuer" in form.errors:
        return None
    result = services.council_sign_in_check(actor=request.user, host_council=request.user.host_council, issuer=issuer)
    if not result["ok"]:
        form.add_error("issuer", f"The provider check failed: {result['problem']}. Nothing was saved.")
    return result
