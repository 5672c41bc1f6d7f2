from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from .access import is_editor
from .publishing import publishing_as
from .services import editor_access_ensure


class CmsGateMiddleware:
    """The editor's admin (/cms/) is for a host council's content editors only.

    Someone not signed in is sent to Safeguard's own sign-in (with its second factor and lockout); a
    signed-in person who is not an editor gets 404, as for any record out of their scope. An editor
    joins their host's editors' group, and whatever they publish in this request is audited as theirs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.prefix = settings.SAFEGUARD_CMS_PREFIX

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        if not is_editor(user):
            raise Http404
        editor_access_ensure(actor=user, user=user)
        with publishing_as(user):
            response = self.get_response(request)
        # Wagtail's admin draws some of its own styles inline and previews a page in a frame of its own.
        response._csp_update = {"style-src": ["'unsafe-inline'"], "img-src": ["blob:"], "frame-ancestors": ["'self'"]}
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response
