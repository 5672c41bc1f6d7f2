"""Schools' API tokens for the school returns API (inclusion/api.py), on the pattern of the placing
councils' tokens (notifications/services/tokens.py): only a hash is kept, the token is shown once, the
audit trail names the token by its prefix, a revoked token is refused.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import SystemActor, audit_event_record
from safeguard.education.models import School
from safeguard.notifications.selectors import token_hash

from .models import SchoolApiToken

# A school's token starts with this (a council's starts "sg_"): one is never taken for the other.
SCHOOL_TOKEN_PREFIX = "sgs_"
LAST_USED_EVERY = timedelta(minutes=1)


class SchoolTokenNotFound(Exception):
    pass


@transaction.atomic
def school_api_token_create(
    *, actor, host_council: HostCouncil, school: School, name: str = "School system"
) -> tuple[SchoolApiToken, str]:
    """A new token for a school's returns to `host_council`. Returns the record and the token (not stored)."""
    token = SCHOOL_TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = SchoolApiToken.objects.create(
        host_council=host_council, school=school, name=name[:100], prefix=token[:11], token_hash=token_hash(token)
    )
    audit_event_record(
        actor=actor,
        action="school_api_token.create",
        target=record,
        host_council=host_council,
        changes={"school": [None, school.urn], "name": [None, record.name]},
    )
    return record, token


def school_api_token_authenticate(token: str) -> SchoolApiToken | None:
    """The live token record for `token`, or None; notes when it was last used (at most once a minute)."""
    if not token or not token.startswith(SCHOOL_TOKEN_PREFIX) or len(token) > 200:
        return None
    record = (
        SchoolApiToken.objects.select_related("school", "host_council__organisation")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if record is not None and (record.last_used_at is None or now - record.last_used_at >= LAST_USED_EVERY):
        SchoolApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        record.last_used_at = now
    return record


def school_api_token_actor(token: SchoolApiToken) -> SystemActor:
    """Who acts for a request made with `token`: that token of the school, by its prefix."""
    return SystemActor(f"School API token {token.prefix}… of {token.school.name} (URN {token.school.urn})")


@transaction.atomic
def school_api_token_revoke(*, actor, token: SchoolApiToken) -> None:
    """Refuse the token from now on (the API answers 401). A token revoked already keeps its date."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_event_record(
        actor=actor,
        action="school_api_token.revoke",
        target=token,
        host_council=token.host_council,
        changes={"revoked_at": [None, token.revoked_at]},
    )


def school_api_token_find(identifier: str) -> SchoolApiToken:
    """The token with this id, prefix (as listed) or whole token; SchoolTokenNotFound otherwise."""
    identifier = identifier.strip()
    tokens = SchoolApiToken.objects.select_related("school", "host_council")
    if identifier.isdigit():
        matches = list(tokens.filter(pk=int(identifier)))
    elif identifier.startswith(SCHOOL_TOKEN_PREFIX) and len(identifier) > 12:
        matches = list(tokens.filter(token_hash=token_hash(identifier)))
    else:
        matches = list(tokens.filter(prefix=identifier)[:2])
    if len(matches) != 1:
        raise SchoolTokenNotFound(
            f"More than one token starts {identifier!r}: give its id." if matches else f"No school token {identifier!r}"
        )
    return matches[0]
