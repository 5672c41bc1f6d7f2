"""Signing host-council staff in through their council's OpenID Connect provider (docs/adr/0034).

mozilla-django-oidc does the protocol (state, nonce, PKCE, the token exchange, the ID token's
signature against the provider's keys). It reads one provider from Django's settings; a shared
deployment has one per host council, so `CouncilSignInBackend` and `authorization_redirect` take the
council's `CouncilSignIn` row and its discovery document instead. Neither is in
AUTHENTICATION_BACKENDS: the callback view calls the backend itself, so a refusal carries its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify, add_state_and_verifier_and_nonce_to_session, generate_code_challenge

from safeguard.core.secrets import SecretUnreadable, secret_decrypt

from .models import HOST_ROLES, CouncilSignIn, User

CALLBACK_URL_NAME = "accounts:council_sign_in_callback"
# The session key that says who signed this person in: {"host": slug, "id_token": …}. The provider's
# second factor stands in for Safeguard's while it is there (middleware.SecondFactorRequiredMiddleware).
SIGNED_IN_BY = "safeguard_council_sign_in"
PENDING_HOST = "safeguard_council_sign_in_host"
TIMEOUT_SECONDS = 10


class SignInRefused(Exception):
    """The provider said who the person is, and Safeguard will not sign them in: `reason` says why, in
    words for the refusal page (and the audit trail)."""

    def __init__(self, reason: str, email: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.email = email


class ProviderUnavailable(Exception):
    """The council's provider did not answer, or answered with something that is not OpenID Connect."""


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str
    signing_algorithm: str


def _verify_tls() -> bool:
    return getattr(settings, "COUNCIL_SIGN_IN_VERIFY_TLS", True)


def issuer_allowed(issuer: str) -> bool:
    """https, or http on loopback where COUNCIL_SIGN_IN_ALLOW_HTTP_LOOPBACK is on (a provider on the
    same machine, as the tests and a demo run one; never in production)."""
    parts = urlsplit(issuer)
    if parts.scheme == "https" and parts.hostname:
        return True
    loopback = parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost", "::1"}
    return loopback and getattr(settings, "COUNCIL_SIGN_IN_ALLOW_HTTP_LOOPBACK", False)


def _discovery_document(issuer: str) -> dict:
    """The issuer's discovery document, or ProviderUnavailable saying what went wrong in words an
    administrator can act on."""
    address = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(address, timeout=TIMEOUT_SECONDS, verify=_verify_tls())
    except requests.exceptions.SSLError:
        raise ProviderUnavailable(
            f"{issuer} answered, but its certificate is not one Safeguard trusts: check the address"
        ) from None
    except requests.exceptions.Timeout:
        raise ProviderUnavailable(f"{issuer} did not answer within {TIMEOUT_SECONDS} seconds") from None
    except requests.RequestException:
        raise ProviderUnavailable(
            f"{issuer} did not answer: check the address, and that this server may reach it"
        ) from None
    if response.status_code != 200:
        raise ProviderUnavailable(
            f"{address} answered {response.status_code} rather than its OpenID Connect configuration: "
            "check the issuer's address (for Entra ID it ends in /v2.0)"
        )
    try:
        document = response.json()
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"{address} is not an OpenID Connect configuration (it is not JSON)")
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ProviderUnavailable(
            f"The provider says its issuer is {document.get('issuer')!r}, not {issuer!r}: enter the issuer it gives"
        )
    return document


def _metadata_from(issuer: str, document: dict) -> ProviderMetadata:
    missing = [
        key
        for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
        if not document.get(key)
    ]
    if missing:
        raise ProviderUnavailable(f"{issuer}'s configuration has no {', '.join(missing)}")
    algorithms = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    return ProviderMetadata(
        issuer=issuer,
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        userinfo_endpoint=document["userinfo_endpoint"],
        jwks_uri=document["jwks_uri"],
        end_session_endpoint=document.get("end_session_endpoint", ""),
        signing_algorithm="RS256" if "RS256" in algorithms else algorithms[0],
    )


def provider_metadata(config: CouncilSignIn) -> ProviderMetadata:
    """The provider's discovery document (cached for an hour): its endpoints and signing algorithm."""
    issuer = config.issuer.rstrip("/")
    cache_key = f"council-sign-in-metadata:{issuer}"
    document = cache.get(cache_key)
    if document is None:
        document = _discovery_document(issuer)
        cache.set(cache_key, document, 3600)
    return _metadata_from(issuer, document)


def provider_check(issuer: str) -> ProviderMetadata:
    """The settings page's "check the provider": fetch the discovery document now (not from the cache)
    and say what is wrong with it. Raises ProviderUnavailable with the reason."""
    issuer = issuer.strip().rstrip("/")
    if not issuer_allowed(issuer):
        raise ProviderUnavailable("The issuer's address must start with https://")
    document = _discovery_document(issuer)
    metadata = _metadata_from(issuer, document)
    cache.set(f"council-sign-in-metadata:{issuer}", document, 3600)
    return metadata


def authorization_redirect(request: HttpRequest, config: CouncilSignIn, next_url: str) -> str:
    """The address of the provider's sign-in page for this council, with state, nonce and PKCE kept
    in the session for the callback."""
    metadata = provider_metadata(config)
    state = get_random_string(32)
    code_verifier = get_random_string(64)
    params = {
        "response_type": "code",
        "scope": config.scopes,
        "client_id": config.client_id,
        "redirect_uri": absolutify(request, reverse(CALLBACK_URL_NAME)),
        "state": state,
        "nonce": get_random_string(32),
        "code_challenge": generate_code_challenge(code_verifier, "S256"),
        "code_challenge_method": "S256",
    }
    add_state_and_verifier_and_nonce_to_session(request, state, params, code_verifier)
    request.session[PENDING_HOST] = {"host": config.host_council.slug, "next": next_url}
    return f"{metadata.authorization_endpoint}?{urlencode(params)}"


def end_session_redirect(signed_in_by: dict, post_logout_redirect_uri: str) -> str:
    """The provider's sign-out address for this session, or "" when the provider offers none."""
    endpoint = signed_in_by.get("end_session_endpoint", "")
    if not endpoint:
        return ""
    params = {"post_logout_redirect_uri": post_logout_redirect_uri, "client_id": signed_in_by.get("client_id", "")}
    if signed_in_by.get("id_token"):
        params["id_token_hint"] = signed_in_by["id_token"]
    return f"{endpoint}?{urlencode(params)}"


def provider_origin(signed_in_by: dict) -> str:
    parts = urlsplit(signed_in_by.get("end_session_endpoint", ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class CouncilSignInBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow for one council's provider. `authenticate` returns the matched
    account, or raises SignInRefused: an account is never made here, and never given rights."""

    def __init__(self, config: CouncilSignIn):  # no super().__init__: it reads a provider from settings
        self.config = config
        self.metadata = provider_metadata(config)
        self.OIDC_OP_TOKEN_ENDPOINT = self.metadata.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = self.metadata.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = self.metadata.jwks_uri
        self.OIDC_RP_CLIENT_ID = config.client_id
        try:
            self.OIDC_RP_CLIENT_SECRET = secret_decrypt(config.client_secret)
        except SecretUnreadable:
            raise ProviderUnavailable(
                "Safeguard cannot read the council's client secret (SAFEGUARD_SECRETS_KEY changed): the "
                "council's administrator must enter it again on the single sign-on settings page"
            ) from None
        self.OIDC_RP_SIGN_ALGO = self.metadata.signing_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = User
        self.id_token = ""
        self.claims: dict = {}

    def get_settings(self, attr, *args):  # an instance method: the library calls self.get_settings
        values = {
            "OIDC_RP_SCOPES": self.config.scopes,
            "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
            "OIDC_CREATE_USER": False,
            "OIDC_USE_NONCE": True,
            "OIDC_VERIFY_SSL": _verify_tls(),
            "OIDC_TIMEOUT": TIMEOUT_SECONDS,
            "OIDC_STORE_ID_TOKEN": False,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_ALLOW_UNSECURED_JWT": False,
        }
        if attr in values:
            return values[attr]
        return args[0] if args else None

    def store_tokens(self, access_token, id_token):
        self.id_token = id_token  # kept by the view for sign-out, in the session it starts

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.config.client_id not in audiences:
            raise SuspiciousOperation("The ID token is not for this client")
        if str(payload.get("iss", "")).rstrip("/") != self.metadata.issuer:
            raise SuspiciousOperation("The ID token is from another issuer")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        self.claims = claims
        return account_for_claims(self.config, claims)

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as problem:
            raise SignInRefused(f"Your council's sign-in service gave an answer Safeguard cannot use ({problem})")


def account_for_claims(config: CouncilSignIn, claims: dict) -> User:
    """The Safeguard account the provider's claims name: an active account of this council's staff
    with that e-mail address, within the council's domains. Raises SignInRefused otherwise."""
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()
    council = config.host_council.display_name_or_name
    if not email or "@" not in email:
        raise SignInRefused("Your council's sign-in service did not give your email address")
    if claims.get("email_verified") is False:
        raise SignInRefused("Your council's sign-in service has not confirmed your email address", email)
    if not config.email_within(email):
        raise SignInRefused(f"{email} is not an email address of {council}", email)
    user = User.objects.filter(
        email__iexact=email, organisation=config.host_council.organisation, role__in=HOST_ROLES
    ).first()
    if user is None:
        raise SignInRefused(f"There is no Safeguard account for {email} at {council}", email)
    if not user.is_active:
        raise SignInRefused(f"The Safeguard account for {email} is switched off", email)
    return user


def role_from_groups(config: CouncilSignIn, claims: dict) -> str | None:
    """The role the council's groups give, when a group claim is configured; None when it is not.
    Raises SignInRefused when the claim gives no role (the person is in none of the groups)."""
    if not config.group_claim:
        return None
    groups = claims.get(config.group_claim) or []
    if isinstance(groups, str):
        groups = groups.split()
    # The configured groups are a JSON object, whose order PostgreSQL does not keep: groups that give
    # different roles are refused rather than one picked, so nobody gets more rights by accident.
    roles = {role for group, role in config.group_roles.items() if group in groups and role in HOST_ROLES}
    if len(roles) > 1:
        raise SignInRefused(
            "You are in more than one of your council's groups for Safeguard, and they give different roles: "
            "ask your council's administrator to leave you in one"
        )
    if roles:
        return roles.pop()
    raise SignInRefused("You are not in any of your council's groups that give a role in Safeguard")
