"""Turning a notification's payload into rows a person reads (check your answers, detail pages)."""

from django.urls import reverse
from django.utils import timezone

from safeguard.core.forms import GovukDateField
from safeguard.core.jinja2 import format_date
from safeguard.reference.codes import code_label
from safeguard.reference.selectors import council_by_dfe_code
from safeguard.register.models import SUPERVISION_ORDER

from .destinations import BY_KEY, destination_for, end_confirmation
from .forms import _get
from .validation import ValidationResult


def problems_by_step(result: ValidationResult, paths: set[str]) -> list[tuple[str, str]]:
    """Errors and missing facts that belong to one question page (contact 'email or phone' included)."""
    found = []
    for problem in result.errors + result.missing:
        if problem.field in paths:
            found.append((problem.field, problem.message))
    return found


def _words(path: str, value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if path == "legal_status":
        return (
            "Supervision order (not looked after)" if value == SUPERVISION_ORDER else code_label("legal_status", value)
        )
    if path in ("placement.type", "move.type"):
        return code_label("placement_type", value)
    if path == "placement.destination":
        destination = BY_KEY.get(str(value))
        return (
            f"{destination.words} ({destination.code})" if destination else code_label("reason_episode_ceased", value)
        )
    if path == "placement.end_reason":
        return code_label("reason_episode_ceased", value)
    if path in ("placing_authority", "ehc_plan.maintaining_authority"):
        council = council_by_dfe_code(str(value))
        return council.name if council else str(value)
    if path == "kind":
        return {
            "placement_start": "Placement start",
            "change_of_address": "Change of address",
            "placement_end": "Placement end",
        }.get(value, value)
    if path == "child.sex":
        return {"F": "Female", "M": "Male", "U": "Not known"}.get(value, value)
    return str(value)


def answer_rows(notification, sequence, editable: bool = True) -> list[dict]:
    """Summary-list sections, one per question page, each row with a change link when editable."""
    sections = []
    for step in sequence:
        form = step.form_class(payload={})
        rows = []
        for name, field in form.fields.items():
            path = name.replace("__", ".")
            value = _get(notification.payload, path)
            if path == "placement.destination" and value is None:
                # A notice that came with an SSDA903 code (e-mail, SSDA903 file) shows it in words.
                found = destination_for(str(_get(notification.payload, "placement.end_reason") or ""))
                value = found.key if found else _get(notification.payload, "placement.end_reason")
            words = format_date(value) if isinstance(field, GovukDateField) else _words(path, value)
            row = {"key": {"text": str(field.label)}, "value": {"text": words or "Not given"}}
            if editable:
                href = reverse("notifications:notify_step", kwargs={"pk": notification.pk, "slug": step.slug})
                row["actions"] = {
                    "items": [
                        {
                            "href": f"{href}?return=check",
                            "text": "Change",
                            "visuallyHiddenText": str(field.label).lower(),
                        }
                    ]
                }
            rows.append(row)
        sections.append({"title": step.title, "rows": rows})
    return sections


def what_happened(notification) -> str:
    """A sent notice's confirmation, saying what happened ("The placement ended on 14 March 2026")."""
    payload = notification.payload or {}
    when = notification.event_date
    if notification.kind == "placement_end" and when:
        verb = "ended" if when <= timezone.localdate() else "will end"
        words = end_confirmation(_get(payload, "placement.destination"), _get(payload, "placement.end_reason"))
        return f"The placement {verb} on {format_date(when)}." + (f" Where the child went: {words}." if words else "")
    if notification.kind == "change_of_address" and when:
        address = ", ".join(
            str(part)
            for part in (_get(payload, f"move.address.{key}") for key in ("line1", "town", "postcode"))
            if part
        )
        carer = (
            f"The carer or provider is now {_get(payload, 'move.carer')}."
            if _get(payload, "move.carer_changed") is True and _get(payload, "move.carer")
            else "The carer or provider is the same."
            if _get(payload, "move.carer_changed") is False
            else ""
        )
        return f"The move to {address} on {format_date(when)} is recorded. {carer}".strip()
    return ""
