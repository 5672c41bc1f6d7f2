"""The police grab pack: one PDF with the child's photographs, profile, the episode and contacts.

Made with WeasyPrint from an HTML template; photographs are embedded, so the PDF stands alone.
"""

import base64

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone

from safeguard.core.audit import audit_access_record
from safeguard.reference.codes import code_label
from safeguard.reference.models import Contact
from safeguard.reference.selectors import who_to_call_now
from safeguard.register.models import SUPERVISION_ORDER

from .extensions import grab_pack_sections
from .models import PROFILE_FIELDS, RISK_ASSESSMENT_FIELDS
from .selectors import (
    current_photographs,
    missing_profile_of,
    open_episodes,
    past_episodes_of,
    risk_assessments_of,
    risk_review_overdue,
)

SECURITY_MARKING = "OFFICIAL-SENSITIVE"


def _data_uri(photo) -> str:
    with photo.image.open("rb") as handle:
        return "data:image/jpeg;base64," + base64.b64encode(handle.read()).decode("ascii")


# Page 1 holds the face, the missing facts and the description; a longer answer is cut there and
# printed whole on the later pages.
PAGE_ONE_CHARACTERS = 260


def _clip(text: str, limit: int = PAGE_ONE_CHARACTERS) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "… (in full on page 2)"


def grab_pack_pdf(*, actor, child) -> bytes:
    """The grab pack for `child` (already scoped to `actor`); every opening is an access event.

    Page 1 is what an officer needs at a glance: the face photograph beside the missing facts (last
    seen, wearing, with whom, sightings, the police's grade and reference) and the description. Then
    the full-length photograph, the missing profile, the risk plan, earlier episodes with where the
    child was found, the sections the apps above add (open exploitation concerns), and the contacts:
    the placing council's out-of-hours number and every address printed in full, since paper has no links.
    """
    now = timezone.now()
    current = current_photographs(child)
    photos = {
        kind: {"label": label, "uri": _data_uri(entry[0]), "taken_on": entry[0].taken_on, "stale": entry[1]}
        for kind, label in (("face", "Face"), ("full_length", "Full length"))
        if (entry := current.get(kind))
    }
    profile = missing_profile_of(child)
    episode = open_episodes().filter(child=child).first()
    risk_assessment = risk_assessments_of(child).first()
    placement = child.placements.filter(end_date__isnull=True).order_by("-start_date").first()
    html = render_to_string(
        "missing/grab_pack.html",
        {
            "child": child,
            "now": now,
            "actor": actor,
            "marking": SECURITY_MARKING,
            "face": photos.get("face"),
            "full_length": photos.get("full_length"),
            "clip": _clip,
            "profile": profile,
            "profile_rows": [(label, getattr(profile, name)) for name, label, _hint in PROFILE_FIELDS]
            if profile
            else [],
            "episode": episode,
            "sightings": list(episode.sightings.all()[:3]) if episode else [],
            "past_episodes": list(past_episodes_of(child)[:10]),
            "sections": grab_pack_sections(actor, child),
            "risk_assessment": risk_assessment,
            "risk_overdue": risk_review_overdue(risk_assessment),
            "risk_rows": [
                (label, getattr(risk_assessment, name))
                for name, label, _hint in RISK_ASSESSMENT_FIELDS
                if risk_assessment and getattr(risk_assessment, name)
            ],
            "placement": placement,
            "placement_type": code_label("placement_type", placement.placement_type)
            if placement and placement.placement_type
            else "",
            "legal_status": "Supervision order"
            if child.legal_status == SUPERVISION_ORDER
            else (code_label("legal_status", child.legal_status) if child.legal_status else "Not known"),
            "age": child.age_on(timezone.localdate()),
            "call_advice": who_to_call_now(child.host_council, Contact.Purpose.REPORT_MISSING, now),
        },
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    audit_access_record(actor=actor, action="grab_pack.open", target=child, host_council=child.host_council)
    return pdf
