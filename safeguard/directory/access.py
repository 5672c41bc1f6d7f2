"""Who edits a host's directory: its content editors (the partnership editor), and nobody else."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from safeguard.content.access import is_editor


def directory_editor_required(view):
    """Signed in as a host's content editor: the view is given their host council. Anyone else: 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_editor(request.user):
            raise Http404
        return view(request, request.user.host_council, *args, **kwargs)

    return wrapper
