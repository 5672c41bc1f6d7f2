"""The missing profile (Philomena Protocol part 1), kept by the carer, earlier versions kept."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from safeguard.core.audit import audit_event_record, changes_between
from safeguard.core.edits import edit_conflict_check

from ..models import PROFILE_FIELDS, MissingProfile, MissingProfileVersion
from ..selectors import may_upload_photographs


@transaction.atomic
def missing_profile_save(*, actor, child, answers: dict[str, str], opened: str | None = None) -> MissingProfile:
    """The carer keeps the child's missing profile (Philomena Protocol part 1); earlier text is kept.
    Refused (EditConflict) when someone else saved it since the form was opened at version `opened`."""
    if not may_upload_photographs(actor, child):  # the same person: the carer the child lives with
        raise PermissionDenied
    edit_conflict_check(
        anchor=child, opened=opened, records=MissingProfile.objects.filter(child=child), noun="missing profile"
    )
    profile, created = MissingProfile.objects.select_for_update().get_or_create(child=child)
    before = profile.as_dict()
    if not created and any(before.values()):
        MissingProfileVersion.objects.create(
            profile=profile, content=before, saved_at=profile.updated_at, saved_by=profile.updated_by
        )
    for name, _label, _hint in PROFILE_FIELDS:
        setattr(profile, name, (answers.get(name) or "").strip())
    profile.updated_by = actor
    profile.save()
    audit_event_record(
        actor=actor,
        action="missing_profile.save",
        target=profile,
        host_council=child.host_council,
        changes=changes_between(before, profile.as_dict()),
    )
    return profile
