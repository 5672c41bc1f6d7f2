"""A placing council sends its own information pack to a host council (seed 001): a link, or a PDF
checked by its content (its first bytes, its end, that it opens, its size), never by its name."""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from safeguard.accounts.models import HostCouncil
from safeguard.core.audit import audit_event_record
from safeguard.core.errors import ServiceRefusal

from .models import PlacingCouncilPack

PACK_MAX_BYTES = 10 * 1024 * 1024


def pack_document_check(data: bytes, *, max_bytes: int = PACK_MAX_BYTES) -> None:
    """A PDF, whole: refused (field "document") when empty, too large, not a PDF whatever its name, or
    damaged."""
    if not data:
        raise ServiceRefusal({"document": "The selected file is empty: choose your council's pack"})
    if len(data) > max_bytes:
        raise ServiceRefusal({"document": f"The file must be smaller than {max_bytes // (1024 * 1024)} MB"})
    if not data.startswith(b"%PDF-"):
        raise ServiceRefusal({"document": "The file must be a PDF: save your pack as a PDF and choose it again"})
    try:
        if b"%%EOF" not in data[-2048:] or not PdfReader(io.BytesIO(data)).pages:
            raise PdfReadError("no end or no pages")
    except (PdfReadError, ValueError, OSError, KeyError, TypeError):
        raise ServiceRefusal(
            {"document": "The PDF is incomplete or damaged: save it again and choose the new copy"}
        ) from None


@transaction.atomic
def placing_pack_send(
    *, actor, host_council: HostCouncil, title: str, link: str = "", document: bytes | None = None
) -> PlacingCouncilPack:
    """The actor's own council's pack, to `host_council`: exactly one of a link or a PDF."""
    council = actor.organisation
    errors = {}
    if not title.strip():
        errors["title"] = "Enter a title, for example “Services for looked-after children in Hertfordshire”"
    if bool(link.strip()) == bool(document):
        errors["link"] = "Give a link to your pack or choose a PDF of it, not both"
    if errors:
        raise ServiceRefusal(errors)
    if document:
        pack_document_check(document)
    pack = PlacingCouncilPack(
        host_council=host_council,
        placing_council=council,
        title=title.strip(),
        link=link.strip(),
        sent_by=actor,
        sent_at=timezone.now(),
    )
    if document:
        pack.document.save("pack.pdf", ContentFile(document), save=False)
    pack.save()
    audit_event_record(
        actor=actor,
        action="partnership.placing_pack_send",
        target=pack,
        host_council=host_council,
        changes={"title": [None, pack.title], "kind": [None, "document" if document else "link"]},
    )
    return pack
