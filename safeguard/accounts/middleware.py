from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .services import second_factor_required
from .single_sign_on import SIGNED_IN_BY, provider_origin


class SecondFactorRequiredMiddleware:
    """A session of someone who must use a second factor and has not is ended. A session the council's
    own provider started (single sign-on) stands on the provider's second factor instead; its pages
    may send their sign-out form on to the provider, to end its session too (CSP form-action).

    Sign-in only logs such a person in after the code, so this catches sessions that predate a change
    of role or of the demo setting.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in_by = request.session.get(SIGNED_IN_BY) if hasattr(request, "session") else None
        if (
            user is not None
            and user.is_authenticated
            and second_factor_required(user)
            and not user.is_verified()
            and not signed_in_by
        ):
            logout(request)
            return redirect("accounts:sign_in")
        response = self.get_response(request)
        if signed_in_by and (origin := provider_origin(signed_in_by)):
            response._csp_update = {"form-action": [origin]}
        return response
