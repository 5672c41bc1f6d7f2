"""Writes about people (docs: README.md beside this package).

`sign_in`: sessions, the second factor, failed attempts. `people`: invitations, roles and teams,
authenticators, leavers, passwords.
"""

from .people import (
    PersonInvalid,
    host_admin_create,
    invitation_resend,
    password_reset_request,
    password_reset_valid_for,
    password_set,
    role_fit_errors,
    sessions_end,
    user_admin_save,
    user_authenticator_reset,
    user_create,
    user_disable,
    user_enable,
    user_invite,
    user_role_change,
)
from .sign_in import (
    second_factor_required,
    sign_in_failed_record,
    totp_device_confirm,
    totp_device_for,
    totp_device_start,
    user_sign_in,
    user_sign_out,
)

__all__ = [
    "PersonInvalid",
    "host_admin_create",
    "invitation_resend",
    "password_reset_request",
    "password_reset_valid_for",
    "password_set",
    "role_fit_errors",
    "second_factor_required",
    "sessions_end",
    "sign_in_failed_record",
    "totp_device_confirm",
    "totp_device_for",
    "totp_device_start",
    "user_admin_save",
    "user_authenticator_reset",
    "user_create",
    "user_disable",
    "user_enable",
    "user_invite",
    "user_role_change",
    "user_sign_in",
    "user_sign_out",
]
