"""Who organises a host's learning events: its partnership editors (the business unit), and nobody else."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from safeguard.accounts.models import Role
from safeguard.content.access import is_editor


def organiser_required(view):
    """Signed in as a host's partnership editor: the view is given their host council. Anyone else: 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_editor(request.user) or request.user.role != Role.PARTNERSHIP_EDITOR:
            raise Http404
        return view(request, request.user.host_council, *args, **kwargs)

    return wrapper
