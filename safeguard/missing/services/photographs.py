"""The child's photographs, kept by the carer: checked, stripped of metadata, dated."""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from safeguard.core.audit import audit_event_record

from ..models import ChildPhotograph
from ..photos import PhotoRejected, photo_process
from ..selectors import may_upload_photographs

__all__ = ["PhotoRejected", "photograph_upload"]

logger = logging.getLogger(__name__)

STORAGE_FAILED = (
    "The photograph could not be saved because the council's storage is not working: nothing was kept. "
    "Try again later, and tell the council's Safeguard support team if this happens again"
)


def _store(photo: ChildPhotograph, field: str, filename: str, data: bytes, stored: list[str]) -> str:
    """Write one file and return its name; the name is noted in `stored` before writing, so that a
    write that fails half-way (a full disk) can be removed by `_forget`."""
    file = getattr(photo, field)
    name = file.storage.get_available_name(file.field.generate_filename(photo, filename))
    stored.append(name)
    return file.storage.save(name, ContentFile(data))


def _forget(photo: ChildPhotograph, stored: list[str]) -> None:
    """Remove what was written of a photograph that is not kept: no half-stored file stays behind."""
    storage = photo.image.storage
    for name in stored:
        try:
            storage.delete(name)
        except Exception:  # the storage is still failing: say so, the file has no record to serve it
            logger.exception("A partly stored photograph could not be removed: %s", name)


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
    stored: list[str] = []
    try:
        photo.image = _store(photo, "image", f"{processed.sha256[:32]}.jpg", processed.image, stored)
        photo.thumbnail = _store(photo, "thumbnail", f"{processed.sha256[:32]}-thumb.jpg", processed.thumbnail, stored)
    except Exception as exc:  # a full disk, an unwritable media folder, the object store refusing
        _forget(photo, stored)
        logger.exception("A photograph could not be stored (%s); nothing was kept", type(exc).__name__)
        raise PhotoRejected(STORAGE_FAILED, code="storage") from exc
    try:
        photo.save()
        audit_event_record(
            actor=actor,
            action="photograph.upload",
            target=photo,
            host_council=child.host_council,
            changes={"kind": [None, kind], "taken_on": [None, taken]},
        )
    except Exception:  # the record could not be written: the files must not outlive it
        _forget(photo, stored)
        raise
    return photo
