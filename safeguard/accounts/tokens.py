"""Links that let a person set a password: an invitation, or a forgotten password.

Django's PasswordResetTokenGenerator, with a salt of its own for each purpose so that one kind of
link never opens the other's page, and an expiry of its own. A token is used once: it is a hash of
the account's password (and last sign-in), so setting a password, or re-sending an invitation
(which replaces the unusable password), makes every earlier link stop working.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode


class ExpiringTokenGenerator(PasswordResetTokenGenerator):
    def __init__(self, key_salt: str, valid_for):
        super().__init__()
        self.key_salt = key_salt
        self._valid_for = valid_for  # a function returning a timedelta, read when checking

    @property
    def valid_for(self) -> timedelta:
        return self._valid_for()

    def check_token(self, user, token) -> bool:
        """As Django's, with this generator's own expiry instead of PASSWORD_RESET_TIMEOUT."""
        if not (user and token):
            return False
        try:
            ts_b36, _ = str(token).split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return 0 <= self._num_seconds(self._now()) - ts <= self.valid_for.total_seconds()


invitation_tokens = ExpiringTokenGenerator(
    "safeguard.accounts.invitation", lambda: timedelta(days=settings.INVITATION_VALID_DAYS)
)
password_reset_tokens = ExpiringTokenGenerator(
    "safeguard.accounts.password_reset", lambda: timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
)


def uid_encode(pk: int) -> str:
    return urlsafe_base64_encode(force_bytes(pk))


def uid_decode(uidb64: str) -> int | None:
    try:
        return int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
