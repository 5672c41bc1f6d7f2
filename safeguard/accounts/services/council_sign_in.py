"""Writes about single sign-on through a host council's provider (docs/adr/0034): its configuration,
and the sign-ins and refusals it gives."""

import re

from django.db import transaction

from safeguard.core.audit import SystemActor, Target, audit_event_record
from safeguard.core.models import AuditEvent
from safeguard.core.secrets import SecretUnreadable, secret_decrypt, secret_encrypt

from ..models import HOST_ROLES, CouncilSignIn, HostCouncil, Role, User
from ..single_sign_on import ProviderUnavailable, SignInRefused, issuer_allowed, provider_check
from .people import PersonInvalid

# Who acts when the provider refuses or changes a role: the council's sign-in service, not a person.
COUNCIL_SIGN_IN = SystemActor("The council's sign-in service (single sign-on)")


# A domain as councils have them: labels of letters, digits and hyphens, at least one dot ("luton.gov.uk").
DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def email_domains_parse(text: str) -> list[str]:
    return [d.strip().lower().lstrip("@") for d in text.replace(",", " ").split() if d.strip()]


def council_sign_in_errors(
    *,
    issuer: str,
    client_id: str,
    client_secret_needed: bool,
    scopes: str,
    email_domains: str,
    group_claim: str,
    group_roles: dict,
) -> dict[str, str]:
    """What is wrong with a council's provider settings, by field, in words that say what to do."""
    errors = {}
    if not issuer.strip():
        errors["issuer"] = "Enter the issuer's address, like https://login.microsoftonline.com/<tenant>/v2.0"
    elif not issuer_allowed(issuer.strip()):
        errors["issuer"] = (
            "The issuer's address must start with https:// (like https://login.microsoftonline.com/<tenant>/v2.0)"
        )
    if not client_id.strip():
        errors["client_id"] = "Enter the client ID the provider gave Safeguard"
    if client_secret_needed:
        errors["client_secret"] = "Enter the client secret the provider gave Safeguard"
    if "openid" not in scopes.split():
        errors["scopes"] = "The scopes must include openid, like openid email profile"
    domains = email_domains_parse(email_domains)
    wrong_domains = [d for d in domains if not DOMAIN.match(d)]
    if not domains:
        errors["email_domains"] = "Enter the council's email domains, like luton.gov.uk"
    elif wrong_domains:
        errors["email_domains"] = (
            f"{', '.join(wrong_domains)} is not an email domain: enter domains like luton.gov.uk, separated by spaces"
        )
    wrong = sorted({str(role) for role in group_roles.values() if role not in HOST_ROLES})
    if wrong:
        errors["group_roles"] = f"{', '.join(wrong)} is not a role of the council's staff: choose one from the list"
    if group_roles and not group_claim.strip():
        errors["group_claim"] = "Enter the claim that lists a person's groups (groups in Entra ID)"
    if group_claim.strip() and not group_roles:
        errors["group_roles"] = "Enter at least one group and the role it gives, or leave the group claim empty"
    return errors


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
    """Set (or change) the council's provider. An empty `client_secret` keeps the one stored; the
    secret is kept encrypted (core.secrets) and never written to the audit trail."""
    config = CouncilSignIn.objects.filter(host_council=host_council).first() or CouncilSignIn(host_council=host_council)
    group_roles = group_roles or {}
    errors = council_sign_in_errors(
        issuer=issuer,
        client_id=client_id,
        client_secret_needed=not client_secret.strip() and not config.client_secret,
        scopes=scopes,
        email_domains=email_domains,
        group_claim=group_claim,
        group_roles=group_roles,
    )
    if errors:
        raise PersonInvalid(errors)
    fields = ["issuer", "client_id", "scopes", "email_domains", "group_claim", "group_roles", "enabled"]
    before = {name: getattr(config, name) for name in fields} if config.pk else dict.fromkeys(fields)
    secret_changed = False
    if client_secret.strip():
        try:
            secret_changed = secret_decrypt(config.client_secret) != client_secret
        except SecretUnreadable:
            secret_changed = True
        if secret_changed:
            config.client_secret = secret_encrypt(client_secret)
    config.issuer, config.client_id = issuer.strip().rstrip("/"), client_id.strip()
    config.scopes, config.email_domains = " ".join(scopes.split()), " ".join(email_domains_parse(email_domains))
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


def council_sign_in_check(*, actor, host_council: HostCouncil, issuer: str) -> dict:
    """The settings page's "check the provider": fetch the issuer's discovery document now and say what
    it gave ({"ok": True, "metadata": …}) or what is wrong ({"ok": False, "problem": …}). Nothing is
    saved but the audit event (who checked which issuer, and what it said)."""
    try:
        metadata = provider_check(issuer)
    except ProviderUnavailable as problem:
        result = {"ok": False, "issuer": issuer, "problem": str(problem)}
    else:
        result = {"ok": True, "issuer": issuer, "metadata": metadata}
    audit_event_record(
        actor=actor,
        kind=AuditEvent.Kind.SECURITY,
        action="host_council.sign_in_check",
        target=host_council,
        host_council=host_council,
        changes={
            "issuer": [None, issuer[:500]],
            "outcome": [None, "answered" if result["ok"] else result["problem"][:300]],
        },
    )
    return result


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
