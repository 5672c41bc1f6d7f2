"""API tokens for placing councils' case systems, and the API's idempotency records.

Only a token's hash is kept; the token is shown once. Reads of tokens (listing, finding one) are in
selectors.py.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import Organisation
from safeguard.core.audit import SystemActor, audit_event_record

from ..models import ApiToken, IdempotencyRecord
from ..selectors import TOKEN_PREFIX, token_hash


@transaction.atomic
def api_token_create(*, actor, placing_authority: Organisation, name: str = "Case system") -> tuple[ApiToken, str]:
    """A new token for a placing council. Returns the record and the token, which is not stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        placing_authority=placing_authority, name=name, prefix=token[:10], token_hash=token_hash(token)
    )
    audit_event_record(
        actor=actor,
        action="api_token.create",
        target=record,
        changes={"placing_authority": [None, placing_authority.dfe_code], "name": [None, name]},
    )
    return record, token


LAST_USED_EVERY = timedelta(minutes=1)


def api_token_authenticate(token: str) -> ApiToken | None:
    """The live token record for `token`, or None; notes when it was last used."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    record = (
        ApiToken.objects.select_related("placing_authority")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    # Noted at most once a minute: a client sending hundreds a second would otherwise queue its requests
    # on the token's row.
    if record is not None and (record.last_used_at is None or now - record.last_used_at >= LAST_USED_EVERY):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        record.last_used_at = now
    return record


def api_token_actor(token: ApiToken) -> SystemActor:
    """Who acts for a request made with `token`: that token of the placing council, by its prefix (the
    name a council gives its tokens need not be unique; the prefix is, and is what list_api_tokens shows).
    """
    return SystemActor(f"API token {token.prefix}… of {token.placing_authority.name}")


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


def idempotency_record(
    *, token: ApiToken, key: str, request_hash: str, response_status: int, response_body: dict
) -> IdempotencyRecord:
    """Keep the first answer to a POST with an Idempotency-Key, to replay when the client retries.

    Called inside the request's transaction, so the answer is kept only with what it answers. A key
    used at the same moment by another request raises IntegrityError (one key per token).
    """
    return IdempotencyRecord.objects.create(
        token=token, key=key, request_hash=request_hash, response_status=response_status, response_body=response_body
    )
