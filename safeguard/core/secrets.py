"""Secrets that Safeguard must give back to another service (a council's single sign-on client secret,
its mailbox password) are kept encrypted at rest with Fernet (the `cryptography` library), under
SAFEGUARD_SECRETS_KEY (docs/adr/0034). A password people sign in with is hashed instead: these are
not ours to check but to send.

SAFEGUARD_SECRETS_KEY is a comma-separated list of Fernet keys: the first encrypts, every one decrypts
(MultiFernet), so a key is rotated by putting the new one first, running `manage.py secrets_rotate`,
and then dropping the old one. When it is empty, keys derived from SECRET_KEY and SECRET_KEY_FALLBACKS
stand in (so the runbook's rotation of SECRET_KEY, with the old key kept as a fallback until
`secrets_rotate` has run, keeps them readable).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


class SecretUnreadable(Exception):
    """A stored secret that none of the keys in SAFEGUARD_SECRETS_KEY opens (the key was lost or changed
    without rotating): the secret must be typed again."""


def _keys() -> list[bytes]:
    configured = getattr(settings, "SAFEGUARD_SECRETS_KEY", [])
    if isinstance(configured, str):
        configured = configured.split(",")
    configured = [k for k in configured if k.strip()]
    if configured:
        return [k.strip().encode() for k in configured]
    secret_keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        base64.urlsafe_b64encode(hashlib.sha256(f"safeguard-secrets:{key}".encode()).digest()) for key in secret_keys
    ]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def secret_encrypt(plain: str) -> str:
    if not plain:
        return ""
    return PREFIX + _fernet().encrypt(plain.encode()).decode()


def secret_decrypt(stored: str) -> str:
    """The secret; a value stored before encryption (no prefix) is returned as it is."""
    if not stored or not stored.startswith(PREFIX):
        return stored or ""
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise SecretUnreadable("None of the keys in SAFEGUARD_SECRETS_KEY opens this secret") from None


def secret_rotate(stored: str) -> str:
    """The same secret encrypted under the first key (MultiFernet.rotate)."""
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        return secret_encrypt(stored)
    try:
        return PREFIX + _fernet().rotate(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise SecretUnreadable("None of the keys in SAFEGUARD_SECRETS_KEY opens this secret") from None


class EncryptedSecretField(models.TextField):
    """A text column holding "fernet:<token>". The model attribute holds the ciphertext: read the secret
    with `secret_decrypt` where it is sent, so it is never decrypted by accident (in a form's initial
    value, the admin, a log line)."""

    description = "A secret encrypted with SAFEGUARD_SECRETS_KEY"
