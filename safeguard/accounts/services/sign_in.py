"""Writes about signing in: sessions, the second factor, failed attempts."""

from django.conf import settings
from django.contrib.auth import login, logout
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.core.audit import SystemActor, Target, audit_event_record
from safeguard.core.models import AuditEvent

from ..backends import SIGN_IN_BACKEND
from ..models import SECOND_FACTOR_ROLES, User
from ..single_sign_on import SIGNED_IN_BY


def council_sign_in_for(user: User):
    """The council's single sign-on when this person must use it instead of a password: staff of a
    host council whose provider is switched on, with an address within the council's domains."""
    host = user.host_council
    config = getattr(host, "council_sign_in", None) if host is not None else None
    if config is None or not config.enabled or not config.email_within(user.email):
        return None
    return config


def second_factor_required(user: User) -> bool:
    """Host-council and police staff, and system administrators, use TOTP outside the demo."""
    if settings.SAFEGUARD_DEMO:
        return False
    return user.role in SECOND_FACTOR_ROLES or user.is_staff


# Who acts when a sign-in fails: whoever typed the address, not (yet) a person we know.
SIGN_IN_VISITOR = SystemActor("Someone not signed in (the sign-in page)")


def _host_of(user: User):
    return user.host_council


def sign_in_failed_record(*, email: str, locked_out: bool = False) -> None:
    user = User.objects.filter(email__iexact=email).first()
    audit_event_record(
        actor=SIGN_IN_VISITOR,
        kind=AuditEvent.Kind.SECURITY,
        action="user.locked_out" if locked_out else "user.sign_in_failed",
        target=user if user else Target("accounts.user", ""),
        host_council=_host_of(user) if user else None,
        changes={"email": [None, email[:254]]},
    )


@transaction.atomic
def user_sign_in(*, request, user: User, device: TOTPDevice | None = None, signed_in_by: dict | None = None) -> None:
    """Start the session (a new session key) and record it. `signed_in_by`: the council's provider
    signed the person in (single_sign_on.SIGNED_IN_BY), its second factor standing in for ours."""
    login(request, user, backend=SIGN_IN_BACKEND)
    if device is not None:
        otp_login(request, device)
    changes = {"second_factor": [None, device is not None]}
    if signed_in_by is not None:
        request.session[SIGNED_IN_BY] = signed_in_by
        changes = {"single_sign_on": [None, signed_in_by["host"]]}
    audit_event_record(
        actor=user,
        kind=AuditEvent.Kind.SECURITY,
        action="user.sign_in",
        target=user,
        host_council=_host_of(user),
        changes=changes,
    )


def user_sign_out(*, request) -> None:
    user = request.user
    if user.is_authenticated:
        audit_event_record(
            actor=user, kind=AuditEvent.Kind.SECURITY, action="user.sign_out", target=user, host_council=_host_of(user)
        )
    logout(request)


def totp_device_for(user: User, *, confirmed: bool | None = True) -> TOTPDevice | None:
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=confirmed)
    return devices.first()


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the person to scan; replaces any earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm the authenticator when the person types a code it shows."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_event_record(
        actor=user,
        kind=AuditEvent.Kind.SECURITY,
        action="user.second_factor_set_up",
        target=user,
        host_council=_host_of(user),
    )
    return True
