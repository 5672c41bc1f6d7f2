"""Who may edit content: the roles of the host council's editors (one set; a manual editor role joins here)."""

from safeguard.accounts.models import Role

EDITOR_ROLES = frozenset({Role.PARTNERSHIP_EDITOR, Role.MANUAL_EDITOR})


def is_editor(user) -> bool:
    """A host council's content editor: signed in, active, an editor's role, and staff of a host."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role in EDITOR_ROLES
        and user.host_council is not None
    )
