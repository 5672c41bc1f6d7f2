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

from .models import PROFILE_FIELDS, RISK_ASSESSMENT_FIELDS
from .selectors import current_photographs, missing_profile_of, open_episodes, risk_assessments_of, risk_review_overdue

SECURITY_MARKING = "OFFICIAL-SENSITIVE"


def _data_uri(photo) -> str:
    with photo.image.open("rb") as handle:
        return "data:image/jpeg;base64," + base64.b64encode(handle.read()).decode("ascii")


def grab_pack_pdf(*, actor, child) -> bytes:
    """The grab pack for `child` (already scoped to `actor`); every opening is an access event."""
    now = timezone.now()
    photos = [
        {"label": label, "uri": _data_uri(entry[0]), "taken_on": entry[0].taken_on, "stale": entry[1]}
        for kind, label in (("face", "Face"), ("full_length", "Full length"))
        if (entry := current_photographs(child).get(kind))
    ]
    profile = missing_profile_of(child)
    risk_assessment = risk_assessments_of(child).first()
    placement = child.placements.filter(end_date__isnull=True).order_by("-start_date").first()
    html = render_to_string(
        "missing/grab_pack.html",
        {
            "child": child,
            "now": now,
            "actor": actor,
            "marking": SECURITY_MARKING,
            "photos": photos,
            "profile_rows": [(label, getattr(profile, name)) for name, label, _hint in PROFILE_FIELDS]
            if profile
            else [],
            "episode": open_episodes().filter(child=child).first(),
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
