"""Receiving notifications by every way in (API, e-mail, SSDA903, web-form drafts) and completing them."""

import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.accounts.models import HostCouncil, Organisation, Role
from safeguard.core.audit import audit_event_record, changes_between
from safeguard.core.errors import ServiceRefusal
from safeguard.reference.selectors import council_by_dfe_code

from ..areas import host_for_postcode
from ..models import Notification, NotificationAttachment
from ..validation import FieldError, ValidationResult, notification_validate, payload_storable
from .common import (
    IncomingAttachment,
    NotificationRejected,
    Timeliness,
    _Context,
    _default_host,
    _new_reference,
    _transition,
    timeliness,
)
from .emails import _acknowledge
from .registration import _process


def _payload_with(payload: dict, placing_authority: Organisation | None) -> dict:
    payload = dict(payload or {})
    if placing_authority is not None and not payload.get("placing_authority"):
        payload["placing_authority"] = placing_authority.dfe_code
    return payload


def _validate_for(payload: dict, placing_authority: Organisation | None) -> tuple[ValidationResult, HostCouncil | None]:
    result = notification_validate(payload)
    if placing_authority is not None and result.fact("placing_authority") not in (None, placing_authority.dfe_code):
        result.errors.append(
            FieldError(
                "placing_authority",
                f"You can only send notifications for your own council (DfE code {placing_authority.dfe_code})",
            )
        )
    host = _resolve_host(result)
    if host is None and result.fact("placement.address.postcode"):
        result.errors.append(
            FieldError(
                "placement.address.postcode",
                f"{result.fact('placement.address.postcode')} is not in an area served by a host council on Safeguard",
            )
        )
    return result, host


def notification_check(payload: dict) -> tuple[ValidationResult, HostCouncil | None]:
    """What `notification_receive` would find in the payload, writing nothing: its facts, errors and
    missing facts, and the host council whose area the placement is in (the register import's dry run)."""
    return _validate_for(payload, None)


@transaction.atomic
def notification_receive(
    *,
    actor,
    channel: str,
    payload: dict,
    placing_authority: Organisation | None = None,
    sender_email: str = "",
    received_at: datetime | None = None,
    original_message: bytes | None = None,
    attachments: list[IncomingAttachment] = (),
    store_invalid: bool = False,
) -> tuple[Notification, list[str]]:
    """Receive a notification by any way in; register it when it is complete.

    `placing_authority` is the sender's council when the way in knows it (an API token, a signed-in
    placing social worker): the payload may not claim another. Values that cannot be right raise
    NotificationRejected, unless `store_invalid` (e-mail and SSDA903 intake), when they are kept as
    things to put right. Returns the notification and the teams it was routed to.
    """
    payload = _payload_with(payload, placing_authority)
    result, host = _validate_for(payload, placing_authority)
    if result.errors and not store_invalid:
        raise NotificationRejected(result.errors)
    kind = result.fact("kind") or payload.get("kind")
    notification = _create(
        actor=actor,
        channel=channel,
        payload=payload,
        kind=kind,
        status=Notification.Status.INCOMPLETE,
        placing_authority=placing_authority or _council(result.fact("placing_authority")),
        host=host,
        sender_email=sender_email or result.fact("social_worker.email") or "",
        received_at=received_at or timezone.now(),
        original_message=original_message,
        attachments=attachments,
        facts=result.facts,
    )
    return _accept(notification, result, actor, keep_invalid=store_invalid, timed=True)


def _council(dfe_code: str | None) -> Organisation | None:
    if not dfe_code:
        return None
    return council_by_dfe_code(dfe_code)


def _create(
    *,
    actor,
    channel,
    payload,
    kind,
    status,
    placing_authority,
    host,
    sender_email,
    received_at,
    original_message=None,
    attachments=(),
    facts=None,
) -> Notification:
    if kind not in Notification.Kind.values:
        kind = Notification.Kind.PLACEMENT_START
    payload = payload_storable(payload)  # what e-mail and SSDA903 intake keep even when it is wrong
    # When the facts are known, the notice's timeliness is written with it (one statement fewer).
    timing = timeliness(kind, facts, timezone.localdate(received_at)) if facts is not None else Timeliness()
    notification = Notification.objects.create(
        event_date=timing.event_date,
        due_date=timing.due_date,
        late_working_days=timing.late_working_days,
        reference=f"tmp-{secrets.token_hex(6)}",
        kind=kind,
        channel=channel,
        status=status,
        host_council=host or _default_host(),
        placing_authority=placing_authority,
        payload=payload,
        received_at=received_at,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        sender_email=sender_email,
    )
    notification.reference = _new_reference(notification)
    if original_message is not None:
        notification.original_message.save(f"{notification.reference}.eml", ContentFile(original_message), save=False)
    notification.save()
    for item in attachments:
        attachment = NotificationAttachment(
            notification=notification,
            filename=item.filename[:255],
            content_type=item.content_type[:100],
            size=len(item.content),
            note=item.note[:300],
        )
        attachment.file.save(item.filename[:100] or "attachment", ContentFile(item.content), save=False)
        attachment.save()
    return notification


def _accept(
    notification: Notification, result: ValidationResult, actor, *, keep_invalid: bool = False, timed: bool = False
) -> tuple[Notification, list[str]]:
    """Timeliness (unless `timed`: written when it was created), audit, registration (or a request for
    what is missing), acknowledgement."""
    if not timed:
        timing = timeliness(notification.kind, result.facts, timezone.localdate(notification.received_at))
        notification.event_date, notification.due_date = timing.event_date, timing.due_date
        notification.late_working_days = timing.late_working_days
        notification.save(update_fields=["event_date", "due_date", "late_working_days", "updated_at"])
    audit_event_record(
        actor=actor,
        action="notification.receive",
        target=notification,
        host_council=notification.host_council,
        changes={
            "reference": [None, notification.reference],
            "kind": [None, notification.kind],
            "channel": [None, notification.channel],
        },
    )
    context = _Context(notification, result, actor, keep_invalid=keep_invalid)
    _process(context)
    _acknowledge(notification)
    return notification, context.routed_to


@transaction.atomic
def notification_draft_save(
    *,
    actor,
    draft: Notification | None,
    changes: dict,
    channel: str = Notification.Channel.WEB,
    placing_authority: Organisation | None = None,
    original_message: bytes | None = None,
    attachments: list[IncomingAttachment] = (),
    sender_email: str = "",
    host_council: HostCouncil | None = None,
    received_at: datetime | None = None,
) -> Notification:
    """Keep what the person has typed so far (web form), or what was found in an e-mail."""
    if draft is None:
        payload = _payload_with(changes, placing_authority)
        draft = _create(
            actor=actor,
            channel=channel,
            payload=payload,
            kind=payload.get("kind"),
            status=Notification.Status.DRAFT,
            placing_authority=placing_authority or _council(str(payload.get("placing_authority") or "")),
            host=host_council,
            sender_email=sender_email,
            received_at=received_at or timezone.now(),
            original_message=original_message,
            attachments=attachments,
        )
        audit_event_record(
            actor=actor,
            action="notification.draft",
            target=draft,
            host_council=draft.host_council,
            changes={"channel": [None, channel]},
        )
        return draft
    draft = Notification.objects.select_for_update().get(pk=draft.pk)
    if draft.status != Notification.Status.DRAFT:
        raise PermissionDenied("This notification has already been sent")
    draft.payload = payload_storable(payload_merge(draft.payload, changes, keep_blanks=True))
    if draft.payload.get("kind") in Notification.Kind.values:
        draft.kind = draft.payload["kind"]
    draft.placing_authority = (
        placing_authority or _council(str(draft.payload.get("placing_authority") or "")) or (draft.placing_authority)
    )
    draft.save(update_fields=["payload", "kind", "placing_authority", "updated_at"])
    return draft


@transaction.atomic
def notification_submit(
    *, actor, draft: Notification, placing_authority: Organisation | None = None
) -> tuple[Notification, list[str]]:
    """Send a draft: the same validation and registration as every other way in."""
    draft = Notification.objects.select_for_update().get(pk=draft.pk)
    if draft.status != Notification.Status.DRAFT:
        return draft, []
    result, host = _validate_for(draft.payload, placing_authority)
    if result.errors:
        raise NotificationRejected(result.errors)
    draft.host_council = host or draft.host_council or _default_host()
    draft.placing_authority = placing_authority or _council(result.fact("placing_authority"))
    draft.sender_email = draft.sender_email or result.fact("social_worker.email") or getattr(actor, "email", "")
    if draft.channel == Notification.Channel.WEB:
        draft.received_at = timezone.now()
    _transition(draft, Notification.Status.INCOMPLETE)
    draft.save()
    return _accept(draft, result, actor)


def _resolve_host(result: ValidationResult) -> HostCouncil | None:
    postcode = result.fact("placement.address.postcode") or result.fact("move.address.postcode")
    return host_for_postcode(postcode)


def _may_change(actor, notification: Notification) -> bool:
    from ..selectors import notifications_editable_by

    return notifications_editable_by(actor).filter(pk=notification.pk).exists()


@transaction.atomic
def notification_complete(*, actor, notification: Notification, payload: dict) -> tuple[Notification, list[str]]:
    """Add the missing facts to an incomplete notification and register it when it is complete."""
    if not _may_change(actor, notification):
        raise PermissionDenied
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.status != Notification.Status.INCOMPLETE:
        return notification, []
    merged = payload_merge(notification.payload, payload)
    result = notification_validate(merged)
    if result.errors:
        raise NotificationRejected(result.errors)
    before = {"payload": notification.payload}
    notification.payload = merged
    timing = timeliness(notification.kind, result.facts, timezone.localdate(notification.received_at))
    notification.event_date, notification.due_date = timing.event_date, timing.due_date
    notification.late_working_days = timing.late_working_days
    host = _resolve_host(result)
    if host is not None:
        notification.host_council = host
    notification.save()
    audit_event_record(
        actor=actor,
        action="notification.complete",
        target=notification,
        host_council=notification.host_council,
        changes=changes_between(before, {"payload": merged}),
    )
    context = _Context(notification, result, actor)
    _process(context)
    return notification, context.routed_to


def payload_merge(base: dict, extra: dict, keep_blanks: bool = False) -> dict:
    """`extra` over `base`, nested. Blank values clear a fact only when `keep_blanks` (a form's answer)."""
    merged = dict(base or {})
    for key, value in (extra or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = payload_merge(merged[key], value, keep_blanks)
        elif keep_blanks or value not in (None, ""):
            merged[key] = value
    return merged


def _child_payload(child, actor) -> dict:
    """What the register knows of `child`, as a notification's payload; the placing social worker's own
    name, e-mail and phone come from their account, anyone else's from the register entry."""
    found = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth.isoformat(),
        "sex": child.sex if child.sex != "U" else None,
        "nhs_number": child.nhs_number,
        "upn": child.upn,
        "local_id": child.local_id,
    }
    if getattr(actor, "role", None) == Role.PLACING_SOCIAL_WORKER:
        social_worker = {"name": actor.full_name, "email": actor.email, "phone": actor.phone}
    else:
        social_worker = {
            "name": child.social_worker_name,
            "email": child.social_worker_email,
            "phone": child.social_worker_phone,
        }
    social_worker["team"] = child.social_worker_team
    payload = {
        "placing_authority": child.placing_authority.dfe_code,
        "child": found,
        "legal_status": child.legal_status,
        "social_worker": social_worker,
        "iro": {"name": child.iro_name, "email": child.iro_email, "phone": child.iro_phone},
    }

    def _clean(node):
        if isinstance(node, dict):
            return {k: _clean(v) for k, v in node.items() if v not in (None, "") and _clean(v) != {}}
        return node

    return _clean(payload)


@transaction.atomic
def notification_draft_for_child(*, actor, child, kind: str) -> Notification:
    """Start a change of address or placement end from the child's page: a draft with the child, the
    placing council and the contacts filled in from the register (reg 13 and 14 notices are about a
    child already placed). For the child's placing social worker or the host's SQA officers, while the
    child has a current placement."""
    from safeguard.register.selectors import children_visible_to, current_placement_of

    from ..selectors import may_notify

    if kind not in (Notification.Kind.CHANGE_OF_ADDRESS, Notification.Kind.PLACEMENT_END):
        raise ValueError(f"Not a notice about a placed child: {kind}")
    if not may_notify(actor) or not children_visible_to(actor).filter(pk=child.pk).exists():
        raise PermissionDenied
    if current_placement_of(child) is None:
        raise ServiceRefusal({"child": f"{child.full_name} has no current placement to notify about"})
    placing_authority = child.placing_authority if actor.role == Role.PLACING_SOCIAL_WORKER else None
    draft = notification_draft_save(
        actor=actor,
        draft=None,
        changes={"kind": kind, **_child_payload(child, actor)},
        placing_authority=placing_authority,
        host_council=child.host_council,
    )
    audit_event_record(
        actor=actor,
        action="notification.draft_for_child",
        target=draft,
        host_council=child.host_council,
        changes={"child": [None, child.pk], "kind": [None, kind]},
    )
    return draft
