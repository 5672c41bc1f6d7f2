"""An uploaded risk assessment document: checked by its content, not its name.

Accepted: PDF, Word (.docx) and OpenDocument text (.odt), the formats councils' case systems export.
Anything else (a renamed executable, HTML, an old .doc with macros) is refused with a message.
"""

import io
import zipfile
from dataclasses import dataclass

PDF = ("application/pdf", "pdf")
DOCX = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
ODT = ("application/vnd.oasis.opendocument.text", "odt")
ACCEPTED = "a PDF, a Word document (.docx) or an OpenDocument text file (.odt)"


class DocumentRejected(ValueError):
    """The message says what is wrong and what to do."""


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str
    extension: str


def _zip_kind(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT[0].encode():
                return ODT
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return None
    return None


def document_check(data: bytes, *, max_bytes: int) -> CheckedDocument:
    """The document's real type, or DocumentRejected."""
    if not data:
        raise DocumentRejected("The selected document is empty: choose the saved risk assessment")
    if len(data) > max_bytes:
        raise DocumentRejected(f"The document must be smaller than {max_bytes // (1024 * 1024)} MB")
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise DocumentRejected("The PDF is incomplete or damaged: save it again and upload the new copy")
        kind = PDF
    elif data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
    else:
        kind = None
    if kind is None:
        raise DocumentRejected(f"The document must be {ACCEPTED}")
    return CheckedDocument(content_type=kind[0], extension=kind[1])
