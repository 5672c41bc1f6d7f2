"""Writes about people: invitations, roles and teams, authenticators, leavers, passwords.

Issue 17. Each write runs in one transaction with its audit event; e-mails go through the outbox
and are sent after commit. A host council's administrator acts only on the people that
`selectors.people_visible_to` gives them; anyone else is a 404, as for a record that does not exist.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY, password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguard.core.audit import SystemActor, Target, audit_event_record, changes_between
from safeguard.core.errors import ServiceRefusal
from safeguard.core.models import AuditEvent, OutboxMessage
from safeguard.core.outbox import outbox_email_enqueue

from .. import selectors
from ..models import (
    HOST_ROLES,
    ROLE_ORGANISATION_KIND,
    SECOND_FACTOR_ROLES,
    HostCouncil,
    Organisation,
    Role,
    Team,
    User,
)
from ..tokens import invitation_tokens, password_reset_tokens, uid_encode


class PersonInvalid(ServiceRefusal):
    """A change to a person's account refused, field by field. Nothing was saved."""


KIND_WORDS = {
    Organisation.Kind.COUNCIL: "a council",
    Organisation.Kind.PROVIDER: "a carer or provider",
    Organisation.Kind.POLICE: "a police force",
    Organisation.Kind.SCHOOL: "a school",
}
# Who acts when someone not signed in asks for a forgotten-password link: we do not know who they are.
PASSWORD_RESET_VISITOR = SystemActor("Someone not signed in (the forgotten-password page)")
# Repeated requests for a forgotten password send one e-mail in this time, not one each.
PASSWORD_RESET_EMAIL_INTERVAL = timedelta(minutes=2)


def role_fit_errors(*, role: str, organisation: Organisation | None, team: Team | None = None) -> dict[str, str]:
    """The rule for every account, however it is made (these pages, the Django admin, a command).

    A role fits its organisation's kind (`ROLE_ORGANISATION_KIND`: a carer belongs to a carer or
    provider, a police officer to a police force); host council staff belong to a council that runs
    Safeguard; a team is one of that host council's, and only host council staff have one.
    An account with no role (a system administrator) is left alone.
    """
    errors: dict[str, str] = {}
    if not role:
        if team is not None:
            errors["team"] = "Select a role for a person in a team"
        return errors
    if role not in Role.values:
        return {"role": "Select a role from the list"}
    label = Role(role).label
    kind = ROLE_ORGANISATION_KIND[role]
    if organisation is None:
        return {"organisation": f"Select the organisation this {label} works for"}
    if organisation.kind != kind:
        errors["role"] = (
            f"Select a role that fits the organisation: {label} is a role in {KIND_WORDS[kind]}, "
            f"and {organisation.name} is {KIND_WORDS[Organisation.Kind(organisation.kind)]}"
        )
        return errors
    host = HostCouncil.objects.filter(organisation=organisation).first()
    if role in HOST_ROLES and host is None:
        errors["organisation"] = f"Select a council that runs Safeguard: {label} is a role of host council staff"
    elif team is not None and role not in HOST_ROLES:
        errors["team"] = f"Select no team: a {label} is not in a host council's team"
    elif team is not None and team.host_council_id != host.pk:
        errors["team"] = f"Select a team of {host.name}"
    return errors


def _refuse_unless_fits(*, role: str, organisation: Organisation | None, team: Team | None) -> None:
    errors = role_fit_errors(role=role, organisation=organisation, team=team)
    if errors:
        raise PersonInvalid(errors)


def _manageable(actor, person: User) -> None:
    """The same 404 for a person who does not exist and for one the actor may not manage."""
    if not selectors.people_visible_to(actor).filter(pk=person.pk).exists():
        raise Http404


def _host_of(person: User) -> HostCouncil | None:
    organisation = person.organisation
    if organisation is None:
        return None
    return getattr(organisation, "host", None) or organisation.located_in


def _link(url_name: str, user: User, token: str) -> str:
    return f"{settings.SAFEGUARD_BASE_URL}{reverse(url_name, kwargs={'uidb64': uid_encode(user.pk), 'token': token})}"


def sessions_end(user: User) -> int:
    """End every session of this person (they are signed out at their next click). Returns how many."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


# --- Accounts -----------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor,
    email: str,
    full_name: str,
    role: str,
    organisation: Organisation | None,
    password: str | None = None,
    team: Team | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
    audit_action: str = "user.create",
) -> User:
    """Create an account: the one way an account is made (these pages' invitations, the Django admin,
    `create_host_admin`, `createsuperuser`, tests). The role must fit the organisation
    (`role_fit_errors`) and the e-mail address must be free; refused with PersonInvalid otherwise.

    Without a password the account cannot sign in until one is set (an invitation's link).
    `audit_action` names the way in when it is not a plain creation ("user.invite").
    """
    email = User.objects.normalize_email(email.strip()).lower()
    full_name = full_name.strip()
    _refuse_unless_fits(role=role, organisation=organisation, team=team)
    if _email_taken(email):
        raise PersonInvalid({"email": "An account with this email address already exists"})
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        role=role,
        organisation=organisation,
        team=team,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    changes = {
        "email": [None, user.email],
        "full_name": [None, full_name],
        "role": [None, role],
        "organisation": [None, organisation.pk if organisation else None],
        "team": [None, team.pk if team else None],
    }
    if is_staff or is_superuser:
        changes |= {"is_staff": [False, is_staff], "is_superuser": [False, is_superuser]}
    audit_event_record(actor=actor, action=audit_action, target=user, host_council=_host_of(user), changes=changes)
    return user


ADMIN_AUDITED_FIELDS = [
    "email",
    "full_name",
    "organisation_id",
    "role",
    "team_id",
    "is_active",
    "is_staff",
    "is_superuser",
]


@transaction.atomic
def user_admin_save(*, actor, user: User, before: dict) -> User:
    """Save a change to an account from the Django admin, audited: a change of role, team,
    organisation or access. `before` is the account's values before the change. (The admin's add
    form creates accounts through `user_create`.) The admin's change form already checks
    `role_fit_errors`; this checks again so that nothing skips it."""
    if user.pk is None:
        raise PersonInvalid({"__all__": "Create an account with user_create"})
    _refuse_unless_fits(role=user.role, organisation=user.organisation, team=user.team)
    user.save()
    after = {name: getattr(user, name) for name in ADMIN_AUDITED_FIELDS}
    changes = changes_between(before, after)
    if changes:
        audit_event_record(actor=actor, action="user.change", target=user, host_council=_host_of(user), changes=changes)
    return user


def _invitation_send(*, actor, person: User) -> None:
    host = _host_of(person)
    days = settings.INVITATION_VALID_DAYS
    link = _link("accounts:invitation_accept", person, invitation_tokens.make_token(person))
    second_factor = (
        "\n\nAfter that, you will set up an authenticator app on your phone or computer. It gives you a "
        "security code to enter each time you sign in."
        if person.role in SECOND_FACTOR_ROLES
        else ""
    )
    by = f"{actor.full_name} has invited you" if getattr(actor, "is_authenticated", False) else "You have been invited"
    service = f"Safeguard, {host.name}'s service for children placed in its area" if host else "Safeguard"
    outbox_email_enqueue(
        to=person.email,
        subject="Set your password for Safeguard",
        body=(
            f"Dear {person.full_name},\n\n"
            f"{by} to use {service}, as {person.get_role_display()}.\n\n"
            f"Set your password within {days} days, using this link:\n{link}"
            f"{second_factor}\n\n"
            "If the link has expired, ask your Safeguard administrator to send a new invitation.\n"
            "If you did not expect this e-mail, you can ignore it."
        ),
        purpose="accounts.invitation",
        host_council=host,
    )


@transaction.atomic
def user_invite(
    *, actor, email: str, full_name: str, role: str, organisation: Organisation, team: Team | None = None
) -> User:
    """Invite a member of staff: an account without a password, and an e-mail with a link to set one.

    The link expires after INVITATION_VALID_DAYS (7). The administrator invites only into their own
    host council, or into carers and providers located in its area (`selectors.organisations_for`).
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if not selectors.organisations_for(actor).filter(pk=organisation.pk).exists():
        raise PersonInvalid({"organisation": "Select an organisation from the list"})
    if team is not None and not selectors.teams_for(actor).filter(pk=team.pk).exists():
        raise PersonInvalid({"team": "Select a team from the list"})
    # Checked here as well as in user_create, for this page's own wording and order of messages.
    _refuse_unless_fits(role=role, organisation=organisation, team=team)
    if _email_taken(email):
        raise PersonInvalid({"email": "Someone already has an account with this email address"})
    person = user_create(
        actor=actor,
        email=email,
        full_name=full_name,
        role=role,
        organisation=organisation,
        team=team,
        audit_action="user.invite",
    )
    _invitation_send(actor=actor, person=person)
    return person


@transaction.atomic
def invitation_resend(*, actor, person: User) -> User:
    """Send a new invitation to a person who has not yet set a password. Earlier links stop working
    (a new unusable password changes what their tokens were made from)."""
    _manageable(actor, person)
    if person.has_usable_password():
        raise PersonInvalid({"__all__": f"{person.full_name} has already set a password"})
    if not person.is_active:
        raise PersonInvalid({"__all__": f"{person.full_name}'s account is disabled: enable it first"})
    person.set_unusable_password()
    person.save(update_fields=["password"])
    audit_event_record(actor=actor, action="user.invitation_resend", target=person, host_council=_host_of(person))
    _invitation_send(actor=actor, person=person)
    return person


@transaction.atomic
def user_role_change(*, actor, person: User, role: str, team: Team | None) -> User:
    """Change a person's role and team. The role must fit their organisation; an administrator
    cannot take away their own administrator role (the council would be left without one)."""
    _manageable(actor, person)
    if team is not None and not selectors.teams_for(actor).filter(pk=team.pk).exists():
        raise PersonInvalid({"team": "Select a team from the list"})
    if person.pk == actor.pk and role != Role.HOST_ADMIN:
        raise PersonInvalid({"role": "You cannot remove your own administrator role: ask another administrator"})
    _refuse_unless_fits(role=role, organisation=person.organisation, team=team)
    before = {"role": person.role, "team": person.team_id}
    person.role, person.team = role, team
    person.save(update_fields=["role", "team"])
    changes = changes_between(before, {"role": person.role, "team": person.team_id})
    if changes:
        audit_event_record(
            actor=actor, action="user.role_change", target=person, host_council=_host_of(person), changes=changes
        )
    return person


@transaction.atomic
def user_authenticator_reset(*, actor, person: User) -> User:
    """A lost authenticator: remove the person's authenticator apps so they set one up again at their
    next sign-in, end their sessions, and tell them by e-mail (so that they know if it was not them)."""
    _manageable(actor, person)
    if person.pk == actor.pk:
        raise PersonInvalid({"__all__": "You cannot reset your own authenticator: ask another administrator"})
    removed, _ = TOTPDevice.objects.filter(user=person).delete()
    sessions_end(person)
    audit_event_record(
        actor=actor,
        kind=AuditEvent.Kind.SECURITY,
        action="user.authenticator_reset",
        target=person,
        host_council=_host_of(person),
        changes={"authenticators": [removed, 0]},
    )
    outbox_email_enqueue(
        to=person.email,
        subject="Your Safeguard authenticator was reset",
        body=(
            f"Dear {person.full_name},\n\n"
            f"{actor.full_name} reset the authenticator app on your Safeguard account. The next time you "
            "sign in, you will be asked to set up an authenticator app again.\n\n"
            "If you did not ask for this, tell your Safeguard administrator straight away."
        ),
        purpose="accounts.authenticator_reset",
        host_council=_host_of(person),
    )
    return person


@transaction.atomic
def user_disable(*, actor, person: User) -> User:
    """A leaver: they can no longer sign in, and their sessions end now. Their records stay."""
    _manageable(actor, person)
    if person.pk == actor.pk:
        raise PersonInvalid({"__all__": "You cannot disable your own account"})
    if not person.is_active:
        return person
    person.is_active = False
    person.save(update_fields=["is_active"])
    sessions_end(person)
    audit_event_record(
        actor=actor,
        kind=AuditEvent.Kind.SECURITY,
        action="user.disable",
        target=person,
        host_council=_host_of(person),
        changes={"is_active": [True, False]},
    )
    return person


@transaction.atomic
def user_enable(*, actor, person: User) -> User:
    """Let a disabled person sign in again, with the password and authenticator they had."""
    _manageable(actor, person)
    if person.is_active:
        return person
    person.is_active = True
    person.save(update_fields=["is_active"])
    audit_event_record(
        actor=actor,
        kind=AuditEvent.Kind.SECURITY,
        action="user.enable",
        target=person,
        host_council=_host_of(person),
        changes={"is_active": [False, True]},
    )
    return person


@transaction.atomic
def host_admin_create(
    *, actor, host: HostCouncil, email: str, full_name: str, password: str | None = None
) -> tuple[User, str | None]:
    """The first administrator of a host council, from `manage.py create_host_admin`.

    With a password (checked by the password rules) the account is ready; without one, the returned
    link (valid for INVITATION_VALID_DAYS) lets them set it. They set up an authenticator at first sign-in.
    The command names itself as the actor (`SystemActor.command`).
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if _email_taken(email):
        raise PersonInvalid({"email": "Someone already has an account with this email address"})
    if password:
        _password_check(password, User(email=email, full_name=full_name.strip()))
    person = user_create(
        actor=actor,
        email=email,
        full_name=full_name,
        role=Role.HOST_ADMIN,
        organisation=host.organisation,
        password=password or None,
    )
    link = None if password else _link("accounts:invitation_accept", person, invitation_tokens.make_token(person))
    return person, link


# --- Passwords ----------------------------------------------------------------------------------

PASSWORD_MESSAGES = {
    "password_too_short": "Password must be {min_length} characters or more",
    "password_too_common": "Enter a password that is harder to guess: this one is too common",
    "password_entirely_numeric": "Password must include letters or symbols, not only numbers",
    "password_too_similar": "Password must not be like your name or email address",
}


def _password_check(password: str, user: User, field: str = "password") -> None:
    """Django's password rules (AUTH_PASSWORD_VALIDATORS), with messages in GOV.UK style."""
    if not password:
        raise PersonInvalid({field: "Enter a password"})
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        messages = []
        for item in error.error_list:
            template = PASSWORD_MESSAGES.get(item.code)
            messages.append(template.format(**(item.params or {})) if template else " ".join(item.messages))
        raise PersonInvalid({field: ". ".join(messages)}) from None


@transaction.atomic
def password_set(*, person: User, password: str, confirmation: str, purpose: str) -> User:
    """Set the password of a person who followed an invitation or a forgotten-password link.

    The link has been checked by the view. Their other sessions end (Django signs out every session
    whose password hash no longer matches), and they still need their second factor to sign in.
    """
    _password_check(password, person)
    if password != confirmation:
        raise PersonInvalid({"confirmation": "Passwords must match"})
    invitation = purpose == "invitation"
    person.set_password(password)
    person.save(update_fields=["password"])
    audit_event_record(
        actor=person,
        kind=AuditEvent.Kind.SECURITY,
        action="user.invitation_accept" if invitation else "user.password_reset",
        target=person,
        host_council=_host_of(person),
    )
    if not invitation:
        outbox_email_enqueue(
            to=person.email,
            subject="Your Safeguard password was changed",
            body=(
                f"Dear {person.full_name},\n\n"
                "The password of your Safeguard account was changed using a forgotten-password link.\n\n"
                "If you did not do this, tell your Safeguard administrator straight away."
            ),
            purpose="accounts.password_changed",
            host_council=_host_of(person),
        )
    return person


def password_reset_valid_for() -> str:
    """How long a forgotten-password link works, in words (PASSWORD_RESET_TIMEOUT)."""
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    if minutes % 60 == 0 and minutes >= 120:
        return f"{minutes // 60} hours"
    return "1 hour" if minutes == 60 else f"{minutes} minutes"


@transaction.atomic
def password_reset_request(*, email: str) -> None:
    """Someone asked for a forgotten-password link. An active account gets one by e-mail (valid for
    PASSWORD_RESET_TIMEOUT); an unknown or disabled address gets nothing. Either way the caller shows
    the same page, so the form does not tell who has an account. Recorded either way."""
    email = email.strip().lower()
    person = User.objects.filter(email__iexact=email).first()
    audit_event_record(
        actor=PASSWORD_RESET_VISITOR,
        kind=AuditEvent.Kind.SECURITY,
        action="user.password_reset_request",
        target=person if person else Target("accounts.user", ""),
        host_council=_host_of(person) if person else None,
        changes={"email": [None, email[:254]]},
    )
    if person is None or not person.is_active:
        return
    recently = OutboxMessage.objects.filter(
        purpose="accounts.password_reset",
        to=person.email,
        created_at__gte=timezone.now() - PASSWORD_RESET_EMAIL_INTERVAL,
    )
    if recently.exists():
        return
    valid_for = password_reset_valid_for()
    link = _link("accounts:password_reset", person, password_reset_tokens.make_token(person))
    outbox_email_enqueue(
        to=person.email,
        subject="Reset your Safeguard password",
        body=(
            f"Dear {person.full_name},\n\n"
            f"Someone asked to reset the password of your Safeguard account. To choose a new password, use "
            f"this link within {valid_for}:\n{link}\n\n"
            "If you did not ask for this, you can ignore this e-mail: your password has not changed."
        ),
        purpose="accounts.password_reset",
        host_council=_host_of(person),
    )
