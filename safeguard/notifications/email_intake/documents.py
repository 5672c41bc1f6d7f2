"""The text of a document attached to an e-mail (a PDF or a Word .docx), so that facts that are only
in the attachment can be pre-filled too. Only reading: nothing in the document is run (a .docm's
macros, a PDF's JavaScript and forms are never looked at), and the work is bounded: documents over
`MAX_DOCUMENT_BYTES`, Word files whose parts would unpack to more than `MAX_UNPACKED_BYTES`, pages past
`MAX_PAGES` and text past `MAX_TEXT` are not read. A document that cannot be read gives a note for
the officer, never an error: the attachment itself is always kept.

A Word table row becomes one line with its cells separated by tabs, as `html_text` does for HTML,
so that "Child's name | Ava Smith" reads as a labelled line.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_PAGES = 30
MAX_TEXT = 100_000

PDF_TYPES = {"application/pdf", "application/x-pdf"}
DOCX_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-word.document.macroenabled.12",
}
# Mail programs often send any attachment as application/octet-stream: the name then says what it is.
_GENERIC_TYPES = {"application/octet-stream", "application/x-download", "binary/octet-stream"}


@dataclass(frozen=True)
class DocumentText:
    text: str  # empty when nothing could be read
    note: str  # what happened, in words for the officer


def is_document(filename: str, content_type: str) -> bool:
    """Whether an attachment is a kind of document a notification may be written in (read or not)."""
    name = filename.lower()
    return (
        content_type in PDF_TYPES | DOCX_TYPES
        or content_type in ("application/msword", "application/vnd.oasis.opendocument.text", "application/rtf")
        or name.endswith((".pdf", ".doc", ".docx", ".docm", ".odt", ".rtf"))
    )


def document_text(filename: str, content_type: str, content: bytes) -> DocumentText | None:
    """The text of a PDF or .docx attachment, or None for any other kind of attachment."""
    name = filename.lower()
    generic = content_type in _GENERIC_TYPES
    if content_type in PDF_TYPES or (generic and name.endswith(".pdf")) or content.startswith(b"%PDF-"):
        reader, kind = _pdf_text, "PDF"
    elif content_type in DOCX_TYPES or (generic and name.endswith((".docx", ".docm"))):
        reader, kind = _docx_text, "Word document"
    elif name.endswith(".doc") or content_type == "application/msword":
        return DocumentText("", "Not read: an old Word (.doc) document. Open it to check for facts to add.")
    else:
        return None
    if len(content) > MAX_DOCUMENT_BYTES:
        return DocumentText("", f"Not read: the {kind} is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.")
    try:
        text = reader(content)
    except _Unreadable as problem:
        return DocumentText("", f"Not read: {problem}")
    except Exception:  # a damaged file can raise anything from deep in a parser
        logger.info("An attached %s could not be read", kind, exc_info=True)
        return DocumentText("", f"Not read: the {kind} is damaged or not a {kind}. Open it to check for facts to add.")
    text = text.strip()[:MAX_TEXT]
    if not text:
        return DocumentText("", f"No text found in the {kind} (it may be a scan). Open it to check for facts to add.")
    return DocumentText(text, f"Read for facts: the {kind}'s text was used to fill in the notification.")


class _Unreadable(Exception):
    """A document that is readable in principle but not here; the message says why, for the officer."""


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise _Unreadable("the PDF is protected by a password. Open it to check for facts to add.")
    pages = []
    total = 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or total > MAX_TEXT:
            break
        text = page.extract_text() or ""
        total += len(text)
        pages.append(text)
    return "\n\n".join(pages)


def _docx_text(content: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as problem:
        raise _Unreadable("the Word document is damaged. Open it to check for facts to add.") from problem
    with archive:
        # A zip bomb is refused before anything is unpacked.
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise _Unreadable("the Word document unpacks to more than we read. Open it to check for facts to add.")
        if "word/document.xml" not in archive.namelist():
            raise _Unreadable("the file is not a Word document. Open it to check for facts to add.")
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(content))
    lines: list[str] = []

    def add_table(table: Table) -> None:
        for row in table.rows:
            cells: list[str] = []
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is listed once for each column it spans
                    continue
                seen.add(id(cell._tc))
                if cell.tables:
                    for inner in cell.tables:
                        add_table(inner)
                    continue
                text = ", ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                cells.append(text.replace("\t", " "))
            if any(cells):
                lines.append("\t".join(cells) if len([c for c in cells if c]) > 1 else next(c for c in cells if c))

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            add_table(block)
            lines.append("")
        else:
            lines.append(block.text)
        if sum(len(line) for line in lines) > MAX_TEXT:
            break
    return "\n".join(lines)
