"""The register as CSV or Excel: what a council keeps in its spreadsheet today."""

import itertools
from collections.abc import Iterator

from django.utils import timezone

from safeguard.core import exports
from safeguard.reference.codes import code_label

from .models import SUPERVISION_ORDER, Child

COLUMNS = [
    "Register ID",
    "First name",
    "Last name",
    "Date of birth",
    "Age",
    "Sex",
    "NHS number",
    "UPN",
    "Placing council",
    "Placing council's child ID",
    "Legal status",
    "Looked after",
    "Placement type",
    "Placement start",
    "Placement end",
    "Postcode",
    "EHC plan",
    "EHC plan maintained by",
    "Social worker",
    "Social worker email",
    "Social worker phone",
    "IRO",
    "IRO email",
    "IRO phone",
    "Facts missing",
    "Overdue work",
]


def _legal(code: str) -> str:
    if not code:
        return ""
    return "Supervision order" if code == SUPERVISION_ORDER else code_label("legal_status", code)


def rows(children) -> Iterator[list]:
    today = timezone.localdate()
    for child in children.select_related("placing_authority", "ehc_maintaining_authority").iterator(chunk_size=2000):
        yield [
            child.pk,
            child.first_name,
            child.last_name,
            child.date_of_birth,
            child.age_on(today),
            child.get_sex_display(),
            child.nhs_number,
            child.upn,
            child.placing_authority.name,
            child.local_id,
            _legal(child.legal_status),
            "No" if child.legal_status == SUPERVISION_ORDER else "Yes",
            code_label("placement_type", child.placement_type) if getattr(child, "placement_type", "") else "",
            getattr(child, "placement_start", None) or "",
            getattr(child, "placement_end", None) or "",
            getattr(child, "placement_postcode", "") or "",
            {True: "Yes", False: "No"}.get(child.has_ehc_plan, "Not known"),
            child.ehc_maintaining_authority.name if child.ehc_maintaining_authority else "",
            child.social_worker_name,
            child.social_worker_email,
            child.social_worker_phone,
            child.iro_name,
            child.iro_email,
            child.iro_phone,
            "; ".join(item.get("message", "") for item in child.missing_facts),
            "Yes" if getattr(child, "overdue_work", False) else "No",
        ]


def csv_stream(children: Child) -> Iterator[str]:
    yield "\ufeff"  # so that Excel reads UTF-8 names correctly
    yield from exports.csv_lines(itertools.chain([COLUMNS], rows(children)))


def excel_bytes(children) -> bytes:
    return exports.excel_bytes([("Register", itertools.chain([COLUMNS], rows(children)))])
