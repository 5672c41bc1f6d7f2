"""The child's photographs under the council's retention schedule (docs/adr/0041): registered with
records management, which lists them for review when their period has run out and calls back here to
dispose of one. All photographs go once the child's placement in the borough has ended and the period
for the class has run out; a photograph replaced by a newer one of the same kind goes sooner, by its
own class's period from the day it was replaced (issue 20)."""

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from safeguard.records.registry import Candidate, RecordSource
from safeguard.records.schedule import RecordClass
from safeguard.register.models import Placement

from .models import ChildPhotograph

PHOTOGRAPH_TYPE = ChildPhotograph._meta.label_lower


def photograph_candidates(host_council):
    """The host's photographs, each with the dates a rule may run from: the end of the child's last
    placement here (None while a placement is open), the upload, the child's date of birth."""
    open_placement = Placement.objects.filter(child=OuterRef("child"), end_date__isnull=True)
    photos = (
        ChildPhotograph.objects.filter(child__host_council=host_council)
        .annotate(last_end=Max("child__placements__end_date"), placed=Exists(open_placement))
        .values("pk", "kind", "uploaded_at", "child_id", "child__date_of_birth", "last_end", "placed")
        .order_by("pk")
    )
    for photo in photos.iterator(chunk_size=2000):
        child_reference = f"SG{photo['child_id']}"
        yield Candidate(
            object_type=PHOTOGRAPH_TYPE,
            object_id=str(photo["pk"]),
            reference=f"{ChildPhotograph.Kind(photo['kind']).label} photograph of {child_reference}",
            child_reference=child_reference,
            dates={
                "placement_end": None if photo["placed"] else photo["last_end"],
                "creation": photo["uploaded_at"].date(),
                "date_of_birth": photo["child__date_of_birth"],
            },
            date_of_birth=photo["child__date_of_birth"],
        )


def replaced_photograph_candidates(host_council):
    """The host's photographs that a newer one of the same kind has replaced, each with the day it
    was replaced as its closure."""
    newer = ChildPhotograph.objects.filter(
        child=OuterRef("child"), kind=OuterRef("kind"), uploaded_at__gt=OuterRef("uploaded_at")
    ).order_by("uploaded_at")
    photos = (
        ChildPhotograph.objects.filter(child__host_council=host_council)
        .annotate(replaced_at=Subquery(newer.values("uploaded_at")[:1]))
        .filter(replaced_at__isnull=False)
        .values("pk", "kind", "uploaded_at", "replaced_at", "child_id", "child__date_of_birth")
        .order_by("pk")
    )
    for photo in photos.iterator(chunk_size=2000):
        child_reference = f"SG{photo['child_id']}"
        yield Candidate(
            object_type=PHOTOGRAPH_TYPE,
            object_id=str(photo["pk"]),
            reference=f"Replaced {ChildPhotograph.Kind(photo['kind']).label.lower()} photograph of {child_reference}",
            child_reference=child_reference,
            dates={
                "closure": timezone.localdate(photo["replaced_at"]),
                "creation": timezone.localdate(photo["uploaded_at"]),
                "date_of_birth": photo["child__date_of_birth"],
            },
            date_of_birth=photo["child__date_of_birth"],
        )


def photograph_dispose(object_id: str, *, actor=None) -> bool:
    """Remove the photograph and its thumbnail from storage (once the disposal commits) and its row."""
    photo = ChildPhotograph.objects.select_for_update().filter(pk=int(object_id)).first()
    if photo is None:
        return False
    for stored in (photo.image, photo.thumbnail):
        if stored:
            storage, name = stored.storage, stored.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    photo.delete()
    return True


PHOTOGRAPHS = RecordSource(
    record_class=RecordClass.PHOTOGRAPH, candidates=photograph_candidates, dispose=photograph_dispose
)
REPLACED_PHOTOGRAPHS = RecordSource(
    record_class=RecordClass.PHOTOGRAPH_REPLACED, candidates=replaced_photograph_candidates, dispose=photograph_dispose
)
