"""Writes about single sign-on through a host council's provider (docs/adr/0034): its configuration,
and the sign-ins and refusals it gives."""

from django.db import transaction

from safeguard.core.audit import SystemActor, Target, audit_event_record
from safeguard.core.models import AuditEvent

from ..models import HOST_ROLES, CouncilSignIn, HostCouncil, Role, User
from ..single_sign_on import SignInRefused, issuer_allowed
from .people import PersonInvalid

# Who acts when the provider refuses or changes a role: the council's sign-in service, not a person.
COUNCIL_SIGN_IN = SystemActor("The council's sign-in service (single sign-on)")


@transaction.atomic
def council_sign_in_configure(
    *,
    actor,
    host_council: HostCouncil,
    issuer: str,
    client_id: str,
    client_secret: str,
    email_domains: str,
    scopes: str = "openid email profile",
    group_claim: str = "",
    group_roles: dict | None = None,
    enabled: bool = True,
) -> CouncilSignIn:
    """Set (or change) the council's provider. The secret is never written to the audit trail."""
    errors = {}
    if not issuer_allowed(issuer):
        errors["issuer"] = "Enter the issuer's https address, like https://login.microsoftonline.com/<tenant>/v2.0"
    if not client_id.strip():
        errors["client_id"] = "Enter the client ID the provider gave Safeguard"
    if not client_secret.strip():
        errors["client_secret"] = "Enter the client secret the provider gave Safeguard"
    if "openid" not in scopes.split():
        errors["scopes"] = "The scopes must include openid"
    domains = [d.strip().lower().lstrip("@") for d in email_domains.replace(",", " ").split() if d.strip()]
    if not domains or any("." not in d or "@" in d for d in domains):
        errors["email_domains"] = "Enter the council's email domains, like luton.gov.uk"
    group_roles = group_roles or {}
    wrong = sorted(role for role in group_roles.values() if role not in HOST_ROLES)
    if wrong:
        errors["group_roles"] = f"{', '.join(wrong)} is not a role of the council's staff"
    if group_roles and not group_claim:
        errors["group_claim"] = "Enter the claim that lists a person's groups (groups in Entra ID)"
    if errors:
        raise PersonInvalid(errors)
    config = CouncilSignIn.objects.filter(host_council=host_council).first() or CouncilSignIn(host_council=host_council)
    fields = ["issuer", "client_id", "scopes", "email_domains", "group_claim", "group_roles", "enabled"]
    before = {name: getattr(config, name) for name in fields} if config.pk else dict.fromkeys(fields)
    secret_changed = config.client_secret != client_secret
    config.issuer, config.client_id, config.client_secret = issuer.rstrip("/"), client_id.strip(), client_secret
    config.scopes, config.email_domains = " ".join(scopes.split()), " ".join(domains)
    config.group_claim, config.group_roles, config.enabled = group_claim.strip(), group_roles, enabled
    config.save()
    changes = {name: [before[name], getattr(config, name)] for name in fields if before[name] != getattr(config, name)}
    if secret_changed:
        changes["client_secret"] = ["(hidden)", "(changed)"]
    audit_event_record(
        actor=actor,
        kind=AuditEvent.Kind.SECURITY,
        action="host_council.sign_in_configure",
        target=config,
        host_council=host_council,
        changes=changes,
    )
    return config


def council_sign_in_refused_record(*, config: CouncilSignIn, refusal: SignInRefused) -> None:
    user = User.objects.filter(email__iexact=refusal.email).first() if refusal.email else None
    audit_event_record(
        actor=COUNCIL_SIGN_IN,
        kind=AuditEvent.Kind.SECURITY,
        action="user.council_sign_in_refused",
        target=user if user else Target("accounts.user", ""),
        host_council=config.host_council,
        changes={"email": [None, refusal.email[:254]], "reason": [None, refusal.reason[:300]]},
    )


@transaction.atomic
def council_role_apply(*, user: User, role: str | None) -> User:
    """The role the council's groups give (role_from_groups), when a group claim is configured."""
    if role is None or role == user.role or role not in HOST_ROLES:
        return user
    before = user.role
    user.role = Role(role)
    user.save(update_fields=["role"])
    audit_event_record(
        actor=COUNCIL_SIGN_IN,
        action="user.role_change",
        target=user,
        host_council=user.host_council,
        changes={"role": [before, user.role]},
    )
    return user
