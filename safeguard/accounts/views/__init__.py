"""Pages about people: signing in (`sign_in`), setting and resetting a password (`passwords`), and a
host council administrator's people and roles (`people`), and the audit trail of what people did
(`audit`)."""

from .audit import audit_event_list
from .council_sign_in import council_sign_in_callback, council_sign_in_choose, council_sign_in_start, signed_out
from .council_sign_in_settings import council_sign_in_settings
from .outbox import outbox_list
from .passwords import invitation_accept, password_forgotten, password_forgotten_sent, password_reset
from .people import (
    person_authenticator_reset,
    person_detail,
    person_disable,
    person_enable,
    person_invitation_resend,
    person_invite,
    person_list,
    person_role_change,
)
from .sign_in import lockout_response, second_factor, second_factor_set_up, sign_in, sign_in_username, sign_out

__all__ = [
    "audit_event_list",
    "council_sign_in_callback",
    "council_sign_in_choose",
    "council_sign_in_settings",
    "council_sign_in_start",
    "invitation_accept",
    "lockout_response",
    "outbox_list",
    "password_forgotten",
    "password_forgotten_sent",
    "password_reset",
    "person_authenticator_reset",
    "person_detail",
    "person_disable",
    "person_enable",
    "person_invitation_resend",
    "person_invite",
    "person_list",
    "person_role_change",
    "second_factor",
    "second_factor_set_up",
    "sign_in",
    "sign_in_username",
    "sign_out",
    "signed_out",
]
