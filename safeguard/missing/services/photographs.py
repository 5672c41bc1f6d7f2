"""The child's photographs, kept by the carer: checked, stripped of metadata, dated."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import audit_event_record

from ..models import ChildPhotograph
from ..photos import PhotoRejected, photo_process

__all__ = ["PhotoRejected", "photograph_upload"]
from ..selectors import may_upload_photographs


@transaction.atomic
def photograph_upload(*, actor, child, kind: str, data: bytes, taken_on: date | None = None) -> ChildPhotograph:
    """Keep a new photograph of the child, checked and stripped of metadata (GPS included).

    The camera's date wins over the one typed; with neither, the photograph is dated today.
    Raises PhotoRejected with the message for the carer; nothing is stored then.
    """
    if not may_upload_photographs(actor, child):
        raise PermissionDenied
    if kind not in ChildPhotograph.Kind.values:
        raise PhotoRejected("Select whether this is a face or a full-length photograph", code="kind")
    processed = photo_process(data)
    taken = timezone.localdate(processed.taken_at) if processed.taken_at else (taken_on or timezone.localdate())
    if taken > timezone.localdate():
        raise PhotoRejected("The date the photograph was taken must be today or in the past", code="taken_on")
    photo = ChildPhotograph(
        child=child,
        kind=kind,
        width=processed.width,
        height=processed.height,
        sha256=processed.sha256,
        taken_on=taken,
        uploaded_by=actor,
    )
    # Names say nothing about the child: the photograph's hash.
    photo.image.save(f"{processed.sha256[:32]}.jpg", ContentFile(processed.image), save=False)
    photo.thumbnail.save(f"{processed.sha256[:32]}-thumb.jpg", ContentFile(processed.thumbnail), save=False)
    photo.save()
    audit_event_record(
        actor=actor,
        action="photograph.upload",
        target=photo,
        host_council=child.host_council,
        changes={"kind": [None, kind], "taken_on": [None, taken]},
    )
    return photo
