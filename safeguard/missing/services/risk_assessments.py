"""The placing social worker's missing risk assessment and action plan; earlier ones kept."""

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import audit_event_record, changes_between
from safeguard.core.edits import edit_conflict_check

from ..documents import DocumentRejected, document_check
from ..models import RISK_ASSESSMENT_FIELDS, MissingRiskAssessment
from ..selectors import may_write_risk_assessment
from .common import EpisodeInvalid


@transaction.atomic
def missing_risk_assessment_save(
    *,
    actor,
    child,
    answers: dict[str, str],
    review_on: date | None,
    document: bytes | None = None,
    document_name: str = "",
    opened: str | None = None,
) -> MissingRiskAssessment:
    """A new risk assessment and action plan from the placing social worker; earlier ones are kept.

    Structured answers, a document, or both; a review date is always needed. Raises EpisodeInvalid
    with field-by-field messages; nothing is stored then. Refused (EditConflict) when someone else saved
    a plan for the child since the form was opened at version `opened`.
    """
    if not may_write_risk_assessment(actor, child):
        raise PermissionDenied
    edit_conflict_check(
        anchor=child,
        opened=opened,
        records=MissingRiskAssessment.objects.filter(child=child),
        noun="risk assessment and action plan",
    )
    previous = MissingRiskAssessment.objects.filter(child=child).order_by("-written_at", "-pk").first()
    errors = {}
    answers = {name: (answers.get(name) or "").strip() for name, _label, _hint in RISK_ASSESSMENT_FIELDS}
    checked = None
    if document is not None:
        try:
            checked = document_check(document, max_bytes=settings.RISK_ASSESSMENT_DOCUMENT_MAX_BYTES)
        except DocumentRejected as problem:
            errors["document"] = str(problem)
    if not any(answers.values()) and document is None:
        errors["risk_factors"] = "Enter the risk factors and agreed actions, or upload the risk assessment document"
    today = timezone.localdate()
    if review_on is None:
        errors["review_on"] = "Enter the date the risk assessment will be reviewed"
    elif review_on < today:
        errors["review_on"] = "The review date must be today or in the future"
    elif review_on > today + timedelta(days=366):
        errors["review_on"] = "The review date must be within a year: risk changes, review it at least yearly"
    if errors:
        raise EpisodeInvalid(errors)
    assessment = MissingRiskAssessment(child=child, review_on=review_on, written_by=actor, **answers)
    if checked is not None:
        assessment.document_name = (document_name or f"risk-assessment.{checked.extension}")[-200:]
        assessment.document_type = checked.content_type
        digest = hashlib.sha256(document).hexdigest()[:32]
        assessment.document.save(f"{digest}.{checked.extension}", ContentFile(document), save=False)
    assessment.save()
    audit_event_record(
        actor=actor,
        action="missing_risk_assessment.save",
        target=assessment,
        host_council=child.host_council,
        changes={
            **changes_between(
                {name: getattr(previous, name) if previous else "" for name in answers},
                answers,
            ),
            "review_on": [previous.review_on if previous else None, review_on],
            "document": [None, assessment.document_name or None],
        },
    )
    return assessment
