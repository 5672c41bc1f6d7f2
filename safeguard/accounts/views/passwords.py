"""Setting a password from a link: an invitation, or a forgotten password (issue 17).

The link's token is moved from the address into the session at once (as Django's own password reset
does), so it is not left in the browser's history or sent on in a Referer header. Once the password
is set, the person goes on as if they had just typed it at sign-in: through django-axes (a locked
account stays locked) and on to their second factor.
"""

from django.contrib import messages
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from safeguard.core.forms import form_save

from .. import selectors, services
from ..forms import PasswordForgottenForm, PasswordSetForm
from ..tokens import ExpiringTokenGenerator, invitation_tokens, password_reset_tokens
from .sign_in import lockout_response, password_accepted

LINK_TOKEN = "safeguard_password_link_token"
LINK_IN_SESSION = "set-password"
FORGOTTEN_EMAIL = "safeguard_password_forgotten_email"


def _password_link(
    request: HttpRequest, uidb64: str, token: str, *, generator: ExpiringTokenGenerator, url_name: str, purpose: str
) -> HttpResponse:
    if token != LINK_IN_SESSION:
        if request.user.is_authenticated:
            services.user_sign_out(request=request)  # someone else's link: not on their session
        request.session[LINK_TOKEN] = token
        return redirect(url_name, uidb64=uidb64, token=LINK_IN_SESSION)
    person = selectors.person_for_link(uidb64, request.session.get(LINK_TOKEN, ""), generator)
    if person is None:
        return render(request, "accounts/password_link_expired.html", {"purpose": purpose})
    form = PasswordSetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        saved = form_save(
            form,
            lambda: services.password_set(
                person=person, password=password, confirmation=form.cleaned_data["confirmation"], purpose=purpose
            ),
        )
        if saved is not None:
            request.session.pop(LINK_TOKEN, None)
            user = authenticate(request, username=person.email, password=password)
            if getattr(request, "axes_locked_out", False):
                services.sign_in_failed_record(email=person.email, locked_out=True)
                return lockout_response(request, None)
            if user is None:
                return redirect("accounts:sign_in")
            messages.success(request, "Your password is set")
            return password_accepted(request, user, reverse("home:home"))
    return render(request, "accounts/password_set.html", {"form": form, "person": person, "purpose": purpose})


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """An invited member of staff sets their password (the link lasts INVITATION_VALID_DAYS)."""
    return _password_link(
        request,
        uidb64,
        token,
        generator=invitation_tokens,
        url_name="accounts:invitation_accept",
        purpose="invitation",
    )


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """A person who forgot their password chooses a new one (the link lasts PASSWORD_RESET_TIMEOUT)."""
    return _password_link(
        request,
        uidb64,
        token,
        generator=password_reset_tokens,
        url_name="accounts:password_reset",
        purpose="reset",
    )


@require_http_methods(["GET", "POST"])
def password_forgotten(request: HttpRequest) -> HttpResponse:
    """Ask for a link by e-mail. The next page is the same whether or not the address has an account."""
    form = PasswordForgottenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"])
        request.session[FORGOTTEN_EMAIL] = form.cleaned_data["email"].strip().lower()
        return redirect("accounts:password_forgotten_sent")
    return render(request, "accounts/password_forgotten.html", {"form": form})


@require_GET
def password_forgotten_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/password_forgotten_sent.html",
        {"email": request.session.get(FORGOTTEN_EMAIL), "reset_valid_for": services.password_reset_valid_for()},
    )
