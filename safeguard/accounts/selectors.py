"""Reads about people, scoped by who is asking: a host council's administrator sees its own staff
and the carers of providers in its area; anyone else sees nobody (a 404 on a person's page)."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q, QuerySet
from django.http import Http404

from safeguard.core.models import AuditEvent, OutboxMessage

from .models import HOST_ROLES, CouncilSignIn, Organisation, Role, Team, User
from .tokens import ExpiringTokenGenerator, uid_decode

# The roles an administrator gives: their council's staff roles, and carers of providers in the area.
MANAGED_ROLES = [role for role in Role if role in HOST_ROLES] + [Role.CARER, Role.SCHOOL_STAFF]


class Status:
    ACTIVE = "active"
    INVITED = "invited"
    DISABLED = "disabled"
    CHOICES = [(ACTIVE, "Active"), (INVITED, "Invited"), (DISABLED, "Disabled")]


def may_manage_people(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == Role.HOST_ADMIN and user.host_council is not None


def people_visible_to(user) -> QuerySet[User]:
    """The host's staff (host roles) and the carers of providers located in its area.

    System administrators (Django's is_staff or is_superuser) are managed in the Django admin only.
    """
    if not may_manage_people(user):
        return User.objects.none()
    host = user.host_council
    return (
        User.objects.filter(
            Q(organisation=host.organisation, role__in=HOST_ROLES)
            | Q(organisation__kind=Organisation.Kind.PROVIDER, organisation__located_in=host, role=Role.CARER)
            | Q(organisation__kind=Organisation.Kind.SCHOOL, organisation__located_in=host, role=Role.SCHOOL_STAFF)
        )
        .exclude(is_staff=True)
        .exclude(is_superuser=True)
        .select_related("organisation", "team")
    )


def person_get_for(user, pk: int) -> User:
    person = people_visible_to(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def organisations_for(user) -> QuerySet[Organisation]:
    """The organisations an administrator invites people into: their council, and providers and schools
    in its area (a school joins when the administrator sets it up on the schools' staff accounts page)."""
    if not may_manage_people(user):
        return Organisation.objects.none()
    host = user.host_council
    return Organisation.objects.filter(
        Q(pk=host.organisation_id) | Q(kind__in=(Organisation.Kind.PROVIDER, Organisation.Kind.SCHOOL), located_in=host)
    ).order_by("kind", "name")


def teams_for(user) -> QuerySet[Team]:
    if not may_manage_people(user):
        return Team.objects.none()
    return Team.objects.filter(host_council=user.host_council).order_by("name")


def person_status(person: User) -> str:
    if not person.is_active:
        return Status.DISABLED
    if not person.has_usable_password():
        return Status.INVITED
    return Status.ACTIVE


def people_filter(
    people: QuerySet[User], *, q: str = "", role: str = "", team: Team | None = None, status: str = ""
) -> QuerySet[User]:
    """Search by name or e-mail address; filter by role, team and whether the account is in use."""
    for word in q.split():
        people = people.filter(Q(full_name__icontains=word) | Q(email__icontains=word))
    if role:
        people = people.filter(role=role)
    if team is not None:
        people = people.filter(team=team)
    invited = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
    if status == Status.DISABLED:
        people = people.filter(is_active=False)
    elif status == Status.INVITED:
        people = people.filter(invited, is_active=True)
    elif status == Status.ACTIVE:
        people = people.filter(is_active=True).exclude(invited)
    return people.order_by("full_name", "email")


def person_for_link(uidb64: str, token: str, generator: ExpiringTokenGenerator) -> User | None:
    """The active person a set-password link is for, if the link is genuine, unused and in date."""
    pk = uid_decode(uidb64)
    person = User.objects.filter(pk=pk, is_active=True).first() if pk is not None else None
    if person is None or not generator.check_token(person, token):
        return None
    return person


# The audit trail: who may read which events (the filtering itself is core's).
AUDIT_ROLES = frozenset({Role.SQA_MANAGER})


def may_read_audit(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in AUDIT_ROLES and user.host_council is not None


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """Events about the reader's host council, or by its staff. None for anyone else.

    Confidential events (the LADO's records) and what the LADO team does are the LADO team's alone.
    """
    if not may_read_audit(user):
        return AuditEvent.objects.none()
    host = user.host_council
    return (
        AuditEvent.objects.filter(Q(host_council=host) | Q(actor__organisation=host.organisation))
        .exclude(confidential=True)
        .exclude(actor__role=Role.LADO)
        .select_related("actor")
    )


def may_read_outbox(user) -> bool:
    """E-mails waiting and failed: the SQA managers of a host council (as the audit trail)."""
    return may_read_audit(user)


def outbox_messages_visible_to(user) -> QuerySet[OutboxMessage]:
    """The host council's e-mails not delivered yet (waiting) or given up on (failed). A confidential
    message (the LADO's) is the LADO team's alone: counted, never listed."""
    if not may_read_outbox(user):
        return OutboxMessage.objects.none()
    return OutboxMessage.objects.filter(
        host_council=user.host_council,
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED],
        confidential=False,
    )


def outbox_confidential_undelivered(user) -> int:
    if not may_read_outbox(user):
        return 0
    return OutboxMessage.objects.filter(
        host_council=user.host_council,
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED],
        confidential=True,
    ).count()


def council_sign_ins() -> QuerySet[CouncilSignIn]:
    """The host councils whose staff sign in through the council's own provider, for the sign-in page
    (public: it names councils and nothing else)."""
    return CouncilSignIn.objects.filter(enabled=True).select_related("host_council__organisation")


def council_sign_in_get(slug: str) -> CouncilSignIn:
    config = council_sign_ins().filter(host_council__slug=slug).first()
    if config is None:
        raise Http404("No single sign-on for that council")
    return config


def council_sign_in_of(user) -> CouncilSignIn | None:
    """The single sign-on settings of the host council `user` administers (None before they are set).
    Only its administrator's: the caller has checked `may_manage_people`."""
    if not may_manage_people(user):
        return None
    return CouncilSignIn.objects.filter(host_council=user.host_council).first()
