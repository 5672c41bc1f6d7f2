"""Navigation by role: what each person sees in the service navigation."""

from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse

from safeguard.accounts.models import REGISTER_ROLES, Role
from safeguard.reference.selectors import host_council_of


def nav_items(request) -> list[dict]:
    user = getattr(request, "user", None)
    items = [{"text": "Home", "href": reverse("home:home")}]
    if user is None or not user.is_authenticated:
        items.append({"text": "Who to call", "href": reverse("reference:who_to_call")})
        items.append({"text": "Refer to the LADO", "href": reverse("allegations:refer")})
        items.append({"text": "Safeguarding partnership", "href": reverse("partnership:home")})
        return items
    role = user.role
    if role in REGISTER_ROLES:
        items.append({"text": "Register", "href": reverse("register:child_list")})
    elif role in {Role.PLACING_SOCIAL_WORKER, Role.CARER}:
        items.append({"text": "Children", "href": reverse("register:child_list")})
    if role in {Role.SQA_OFFICER, Role.SQA_MANAGER, Role.PLACING_SOCIAL_WORKER}:
        items.append({"text": "Notifications", "href": reverse("notifications:notification_list")})
    if role == Role.PLACING_SOCIAL_WORKER:
        items.append({"text": "Notify a placement", "href": reverse("notifications:notify_start")})
    if role in {
        Role.SQA_OFFICER,
        Role.SQA_MANAGER,
        Role.RA_SOCIAL_WORKER,
        Role.RA_DUTY_MANAGER,
        Role.VIRTUAL_SCHOOL_OFFICER,
    }:
        items.append({"text": "Work", "href": reverse("notifications:work_item_list")})
    elif role == Role.POLICE:
        items.append({"text": "Missing now", "href": reverse("register:child_list")})
    if role in REGISTER_ROLES or role == Role.PLACING_SOCIAL_WORKER:
        items.append({"text": "Missing from care", "href": reverse("missing:dashboard")})
    if role in {Role.VIRTUAL_SCHOOL_OFFICER, Role.PLACING_SOCIAL_WORKER}:
        items.append({"text": "Education", "href": reverse("education:child_list")})
    if role == Role.CME_OFFICER:
        items.append({"text": "Missing education", "href": reverse("inclusion:cme_register")})
        items.append({"text": "Home education", "href": reverse("inclusion:ehe_register")})
    if role == Role.SCHOOL_STAFF:
        items.append({"text": "Returns", "href": reverse("inclusion:return_list")})
    if role in REGISTER_ROLES:
        items.append({"text": "Exploitation", "href": reverse("exploitation:concern_list")})
    if role == Role.LADO:
        items.append({"text": "LADO cases", "href": reverse("allegations:case_list")})
        items.append({"text": "LADO figures", "href": reverse("allegations:figures")})
    if role == Role.PARTNERSHIP_EDITOR:
        items.append({"text": "Partnership site", "href": reverse("partnership:home")})
        items.append({"text": "LADO figures", "href": reverse("allegations:figures")})
    if role == Role.MANUAL_EDITOR:
        items.append({"text": "Procedures manual", "href": reverse("manual:contents")})
    if role in {Role.PARTNERSHIP_EDITOR, Role.MANUAL_EDITOR}:
        items.append({"text": "Editor's admin", "href": reverse("wagtailadmin_home")})
    if role == Role.SQA_MANAGER:
        items.append({"text": "Audit", "href": reverse("accounts:audit_event_list")})
        items.append({"text": "E-mails", "href": reverse("accounts:outbox_list")})
    if role == Role.HOST_ADMIN:
        items.append({"text": "People and roles", "href": reverse("accounts:person_list")})
        items.append({"text": "Configuration", "href": reverse("reference:settings_overview")})
    items.append({"text": "Who to call", "href": reverse("reference:who_to_call")})
    path = request.path
    for item in items:
        item["active"] = item["href"] == path or (item["href"] != "/" and path.startswith(item["href"]))
    return items


def context_processor(request) -> dict:
    # The header: the host council's name (from its configuration) and the service's name (a setting).
    try:
        host = host_council_of(getattr(request, "user", None))
    except DatabaseError:  # the error pages are drawn when the database is down, too
        host = None
    # GOV.UK's template reads cspNonce for its inline script; reading it adds the nonce to the header.
    return {
        "service_name": settings.SAFEGUARD_SERVICE_NAME,
        "host_council_name": host.display_name_or_name if host is not None else "",
        "host_organisation_id": host.organisation_id if host is not None else None,
        "nav_items": nav_items(request),
        "cspNonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else None,
    }
