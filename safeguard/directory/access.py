"""Who edits a host's directory: its partnership editors, and nobody else (a procedures manual editor
keeps the manual only, docs/adr/0022)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from safeguard.accounts.models import Role
from safeguard.content.access import is_editor


def directory_editor_required(view):
    """Signed in as a host's partnership editor: the view is given their host council. Anyone else: 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_editor(request.user) or request.user.role != Role.PARTNERSHIP_EDITOR:
            raise Http404
        return view(request, request.user.host_council, *args, **kwargs)

    return wrapper
