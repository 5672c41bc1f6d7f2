"""Who may open a host council's configuration pages: its administrator, and nobody else."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .selectors import administered_host


def host_admin_required(view):
    """Signed in as a host council's administrator: the view is given their host council.

    Anyone else gets a 404, not a 403: they must not learn the page exists.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        host_council = administered_host(request.user)
        if host_council is None:
            raise Http404
        return view(request, host_council, *args, **kwargs)

    return wrapper
