"""Register entries under the council's retention schedule (docs/adr/0041): a child's entry (their
details, placements and legal statuses, with the education record kept beside it) is a record of its
own, disposed of last. Records management lists it for the owner team's review when the council's
period has run out (by default the person's 25th birthday), the child has no open placement here, and
no other domain still keeps a record of them (`registry.children_with_records`: an episode, a
photograph, a concern, a notification, a LADO case naming them). The tombstone keeps the register
reference and the placing authority's code, so the register's counts by placing authority stay whole."""

from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone

from safeguard.core.errors import ServiceRefusal
from safeguard.records.registry import Candidate, RecordSource, children_with_records
from safeguard.records.schedule import RecordClass

from .models import Child, Placement

CHILD_TYPE = Child._meta.label_lower
STILL_KEPT = "Other records of this child are still kept: their register entry is disposed of last"
PLACED_AGAIN = "The child is placed here again: their register entry is in use"


def register_entry_candidates(host_council):
    """The host's children with no open placement here and nothing else of theirs kept."""
    open_placement = Placement.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    children = (
        Child.objects.filter(host_council=host_council)
        .annotate(
            last_end=Max("placements__end_date"), placed=Exists(open_placement), code=F("placing_authority__dfe_code")
        )
        .filter(placed=False)
        .values("pk", "date_of_birth", "created_at", "last_end", "code")
        .order_by("pk")
    )
    batch: list[dict] = []
    for child in children.iterator(chunk_size=2000):
        batch.append(child)
        if len(batch) == 2000:
            yield from _candidates_of(batch)
            batch = []
    yield from _candidates_of(batch)


def _candidates_of(children: list[dict]):
    held = children_with_records(child["pk"] for child in children)
    for child in children:
        if child["pk"] in held:
            continue
        reference = f"SG{child['pk']}"
        yield Candidate(
            object_type=CHILD_TYPE,
            object_id=str(child["pk"]),
            reference=f"Register entry {reference}",
            child_reference=reference,
            dates={
                "date_of_birth": child["date_of_birth"],
                "placement_end": child["last_end"],
                "closure": child["last_end"],
                "last_contact": child["last_end"],
                "creation": timezone.localdate(child["created_at"]),
            },
            date_of_birth=child["date_of_birth"],
            outcome_category=child["code"] or "",  # the placing authority (DfE code), for the counts
        )


def register_entry_dispose(object_id: str, *, actor=None) -> bool:
    """Remove the child's register entry: their details, placements, legal statuses and education
    record. Refused while another record of the child is kept, or the child is placed here again."""
    child = Child.objects.select_for_update().filter(pk=int(object_id)).first()
    if child is None:
        return False
    if children_with_records([child.pk]):
        raise ServiceRefusal({"__all__": STILL_KEPT})
    if child.placements.filter(end_date__isnull=True).exists():
        raise ServiceRefusal({"__all__": PLACED_AGAIN})
    child.delete()  # placements, legal statuses and the education record go with it (CASCADE)
    return True


REGISTER_ENTRIES = RecordSource(
    record_class=RecordClass.REGISTER_ENTRY, candidates=register_entry_candidates, dispose=register_entry_dispose
)
