"""Writes about people (docs: README.md beside this package).

`sign_in`: sessions, the second factor, failed attempts. `people`: invitations, roles and teams,
authenticators, leavers, passwords.
"""

from .council_sign_in import (
    COUNCIL_SIGN_IN,
    council_role_apply,
    council_sign_in_check,
    council_sign_in_configure,
    council_sign_in_refused_record,
)
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
    council_sign_in_for,
    second_factor_required,
    sign_in_failed_record,
    totp_device_confirm,
    totp_device_for,
    totp_device_start,
    user_sign_in,
    user_sign_out,
)

__all__ = [
    "COUNCIL_SIGN_IN",
    "council_role_apply",
    "council_sign_in_check",
    "council_sign_in_configure",
    "council_sign_in_for",
    "council_sign_in_refused_record",
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
