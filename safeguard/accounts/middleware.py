from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .services import second_factor_required


class SecondFactorRequiredMiddleware:
    """A session of someone who must use a second factor and has not is ended.

    Sign-in only logs such a person in after the code, so this catches sessions that predate a change
    of role or of the demo setting.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and second_factor_required(user) and not user.is_verified():
            logout(request)
            return redirect("accounts:sign_in")
        return self.get_response(request)
