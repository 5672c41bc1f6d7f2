import base64
import logging

import segno
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from safeguard.core.throttle import RateLimit, client_address

from .. import services
from ..forms import SecurityCodeForm, SignInForm
from ..models import User
from ..selectors import council_sign_ins
from ..single_sign_on import SIGNED_IN_BY, end_session_redirect

PENDING_USER = "safeguard_pending_user"
PENDING_NEXT = "safeguard_pending_next"
PENDING_FAILURES = "safeguard_pending_code_failures"
MAX_CODE_FAILURES = 5

logger = logging.getLogger(__name__)

# Per client address, beyond the per-account lockout (axes): wrong passwords for many accounts from
# one address (password spraying). Generous, since a council office signs in from one shared address.
# (failed sign-ins, attempts, window seconds): a right password gives its place among the failures back.
SIGN_IN_LIMIT = RateLimit("sign-in", "SIGN_IN_RATE", default=(30, 100, 900))


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("home:home")


def _pending_user(request: HttpRequest) -> User | None:
    pk = request.session.get(PENDING_USER)
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home:home")
    form = SignInForm(request.POST if request.method == "POST" else None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and (wait := SIGN_IN_LIMIT.admit(request)) is not None:
        logger.warning("Sign-in rate limit reached from %s", client_address(request))
        minutes = max(1, -(-wait // 60))
        form.is_valid()  # the address typed is shown again; the password never is
        form.add_error(
            None,
            "There have been too many attempts to sign in from your network. "
            f"Try again in {minutes} {'minute' if minutes == 1 else 'minutes'}",
        )
        context = {"form": form, "next": next_url, "council_sign_in": council_sign_ins().exists()}
        response = render(request, "accounts/sign_in.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        user = authenticate(request, username=email, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            services.sign_in_failed_record(email=email, locked_out=True)
            return lockout_response(request, None)
        if user is None:
            services.sign_in_failed_record(email=email)
            form.add_error(None, "Your email address or password is incorrect")
            form.add_error("email", "Check your email address and password")
        else:
            SIGN_IN_LIMIT.release(request)  # only failures count against the address
            return password_accepted(request, user, _safe_next(request, next_url))
    context = {"form": form, "next": next_url, "council_sign_in": council_sign_ins().exists()}
    return render(request, "accounts/sign_in.html", context)


def password_accepted(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """After the password (typed at sign-in, or just set from a link): the second factor where the
    role needs one (set up first if they have none), otherwise signed in. Staff of a council that signs
    its staff in with its own accounts go there instead: their password alone signs nobody in."""
    config = services.council_sign_in_for(user)
    if config is not None:
        query = urlencode({"next": next_url})
        return redirect(reverse("accounts:council_sign_in_start", args=[config.host_council.slug]) + f"?{query}")
    if services.second_factor_required(user):
        request.session.cycle_key()
        request.session[PENDING_USER] = user.pk
        request.session[PENDING_NEXT] = next_url
        request.session[PENDING_FAILURES] = 0
        if services.totp_device_for(user) is None:
            return redirect("accounts:second_factor_set_up")
        return redirect("accounts:second_factor")
    services.user_sign_in(request=request, user=user)
    return redirect(next_url)


def _code_failed(request: HttpRequest, form: SecurityCodeForm) -> HttpResponse | None:
    failures = request.session.get(PENDING_FAILURES, 0) + 1
    request.session[PENDING_FAILURES] = failures
    if failures >= MAX_CODE_FAILURES:
        user = _pending_user(request)
        services.sign_in_failed_record(email=user.email if user else "")
        request.session.flush()
        return render(request, "accounts/code_attempts_exceeded.html", status=403)
    form.add_error("code", "The security code is not right. Check your app and enter the code it shows now")
    return None


@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign_in")
    device = services.totp_device_for(user)
    if device is None:
        return redirect("accounts:second_factor_set_up")
    form = SecurityCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            next_url = request.session.get(PENDING_NEXT) or reverse("home:home")
            services.user_sign_in(request=request, user=user, device=device)
            return redirect(next_url)
        if (response := _code_failed(request, form)) is not None:
            return response
    return render(request, "accounts/second_factor.html", {"form": form})


@require_http_methods(["GET", "POST"])
def second_factor_set_up(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign_in")
    if services.totp_device_for(user) is not None:
        return redirect("accounts:second_factor")
    device = services.totp_device_for(user, confirmed=False) or services.totp_device_start(user=user)
    form = SecurityCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["code"]):
            next_url = request.session.get(PENDING_NEXT) or reverse("home:home")
            services.user_sign_in(request=request, user=user, device=device)
            return redirect(next_url)
        if (response := _code_failed(request, form)) is not None:
            return response
    secret = base64.b32encode(device.bin_key).decode("ascii")
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
    }
    return render(request, "accounts/second_factor_set_up.html", context)


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """POST signs out. GET (a typed or bookmarked address) asks, with a button: never a bare 405."""
    if request.method == "GET":
        if not request.user.is_authenticated:
            return redirect("accounts:sign_in")
        return render(request, "accounts/sign_out_confirm.html")
    signed_in_by = request.session.get(SIGNED_IN_BY)
    services.user_sign_out(request=request)
    if signed_in_by:  # signed in by the council's provider: end its session too, where it offers that
        provider_sign_out = end_session_redirect(
            signed_in_by, request.build_absolute_uri(reverse("accounts:signed_out"))
        )
        if provider_sign_out:
            return redirect(provider_sign_out)
    return render(request, "accounts/signed_out.html")


def sign_in_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account django-axes counts failures against: the e-mail address, as we store it.

    Axes passes the credentials under the user model's USERNAME_FIELD ("email") when it checks a
    lockout, and under Django's "username" when it records a failure: read both, so that a sign-in
    from a page without an "email" field (setting a password from a link) is counted and checked too.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or request.POST.get("email", "")
    return str(value).strip().lower()


def lockout_response(request: HttpRequest, credentials, *args, **kwargs) -> HttpResponse:
    """django-axes calls this when an account is locked after repeated failed sign-ins."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
