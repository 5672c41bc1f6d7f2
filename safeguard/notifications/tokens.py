"""API tokens for placing councils' case systems. Only a hash is kept; the token is shown once."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import Organisation
from safeguard.core.audit import audit_event_record

from .models import ApiToken

TOKEN_PREFIX = "sg_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, actor, placing_authority: Organisation, name: str = "Case system") -> tuple[ApiToken, str]:
    """A new token for a placing council. Returns the record and the token, which is not stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        placing_authority=placing_authority, name=name, prefix=token[:10], token_hash=_hash(token)
    )
    audit_event_record(
        actor=actor,
        action="api_token.create",
        target=record,
        changes={"placing_authority": [None, placing_authority.dfe_code], "name": [None, name]},
    )
    return record, token


def api_token_authenticate(token: str) -> ApiToken | None:
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    record = (
        ApiToken.objects.select_related("placing_authority")
        .filter(token_hash=_hash(token), revoked_at__isnull=True)
        .first()
    )
    if record is not None:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    """Refuse the token from now on (the API answers 401). A token revoked already keeps its date."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_event_record(
        actor=actor,
        action="api_token.revoke",
        target=token,
        changes={"revoked_at": [None, token.revoked_at]},
    )


def api_tokens_list(*, placing_authority: Organisation | None = None):
    """Every token, newest first within each council; only its prefix, never the token."""
    tokens = ApiToken.objects.select_related("placing_authority").order_by("placing_authority__name", "-created_at")
    if placing_authority is not None:
        tokens = tokens.filter(placing_authority=placing_authority)
    return tokens


class TokenNotFound(Exception):
    pass


def api_token_find(identifier: str) -> ApiToken:
    """The token with this id, this prefix (as listed) or this whole token (as leaked).

    Raises TokenNotFound when none matches, or when a prefix matches more than one.
    """
    identifier = identifier.strip()
    tokens = ApiToken.objects.select_related("placing_authority")
    if identifier.isdigit():
        matches = list(tokens.filter(pk=int(identifier)))
    elif identifier.startswith(TOKEN_PREFIX) and len(identifier) > 12:
        matches = list(tokens.filter(token_hash=_hash(identifier)))
    else:
        matches = list(tokens.filter(prefix=identifier)[:2])
    if len(matches) != 1:
        raise TokenNotFound(
            f"More than one token starts {identifier!r}: give its id."
            if matches
            else f"There is no API token {identifier!r}. List them with `manage.py list_api_tokens`."
        )
    return matches[0]
