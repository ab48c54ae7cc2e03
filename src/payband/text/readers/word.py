"""DOCX → text, title and warnings with python-docx: body, tables, lists, headers, footers, text boxes.

A DOCX is refused when its zip entries declare more than ``ReadLimits.max_decoded_bytes`` unzipped
(Python's zip reader never inflates an entry past its declared size), and python-docx's XML parser
does not expand entities.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from payband.errors import InputError
from payband.text.readers.models import ReadLimits
from payband.text.readers.normalise import one_line
from payband.text.readers.refusals import human_size, refuse

__all__ = ["read_docx"]


def read_docx(data: bytes, label: str, limits: ReadLimits) -> tuple[str, str | None, list[str]]:
    """The document's text in reading order, its title and warnings."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    corrupt = "not a valid DOCX ({}); open it in Word and save it again"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise refuse(label, corrupt.format("corrupt zip")) from error
    if len(entries) > 10_000:
        raise refuse(label, corrupt.format(f"{len(entries):,} zip entries"))
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > limits.max_decoded_bytes:
        raise InputError(
            f"{label} unzips to {human_size(unzipped)}; the limit is {human_size(limits.max_decoded_bytes)} "
            "(ReadLimits.max_decoded_bytes) — remove large images or save it as PDF"
        )
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise refuse(label, corrupt.format("no word/document.xml"))
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise refuse(label, corrupt.format(_docx_reason(error))) from error

    blocks: list[tuple[str, bool]] = []  # (text, is a list item / table row)
    warnings: list[str] = []

    def paragraph(item: Paragraph) -> None:
        text = item.text.strip()
        if not text:
            return
        style = ""
        try:
            style = (item.style.name or "") if item.style is not None else ""
        except Exception:
            style = ""
        ppr = item._p.pPr
        listed = style.startswith("List") or (ppr is not None and ppr.numPr is not None)
        blocks.append((f"- {text}" if listed else text, listed))

    def table(item: Table, depth: int) -> None:
        for row in item.rows:
            seen: set[int] = set()
            cells: list[list[str]] = []
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                start = len(blocks)
                for inner in cell.iter_inner_content():
                    if isinstance(inner, Paragraph):
                        paragraph(inner)
                    elif depth < 5:
                        table(inner, depth + 1)
                texts = [text for text, _ in blocks[start:]]
                del blocks[start:]
                if texts:
                    cells.append(texts)
            if cells and all(len(texts) == 1 for texts in cells):
                blocks.append((" | ".join(texts[0] for texts in cells), True))
            else:
                for texts in cells:
                    blocks.extend((text, False) for text in texts)

    def container(parent: Any) -> None:
        for inner in parent.iter_inner_content():
            if isinstance(inner, Paragraph):
                paragraph(inner)
            else:
                table(inner, 0)

    def headers_footers(kind: str) -> None:
        seen: set[str] = set()
        for section in document.sections:
            for name in (f"first_page_{kind}", kind, f"even_page_{kind}"):
                part = getattr(section, name)
                if part.is_linked_to_previous:
                    continue
                start = len(blocks)
                container(part)
                key = "\n".join(text for text, _ in blocks[start:])
                if key in seen:
                    del blocks[start:]
                seen.add(key)

    try:
        headers_footers("header")
        container(document)
        boxes = _docx_text_boxes(document, Paragraph)
        if boxes:
            blocks.extend((text, False) for text in boxes)
            warnings.append("text in text boxes was read after the body text")
        headers_footers("footer")
    except Exception as error:
        raise refuse(label, corrupt.format(_docx_reason(error))) from error

    out: list[str] = []
    for index, (text, listed) in enumerate(blocks):
        if index:
            out.append("\n" if listed and blocks[index - 1][1] else "\n\n")
        out.append(text)
    return "".join(out), _docx_title(document), warnings


def _docx_title(document: Any) -> str | None:
    """The core-properties title, else the first paragraph in Word's Title style."""
    try:
        title = one_line(document.core_properties.title)
        if title is None:
            for item in document.paragraphs[:20]:
                if item.style is not None and item.style.name == "Title":
                    return one_line(item.text)
    except Exception:  # a damaged docProps/core.xml or style table only costs the title
        return None
    return title


def _docx_text_boxes(document: Any, paragraph_type: Callable[..., Any]) -> list[str]:
    """Paragraph texts inside text boxes (each shape appears twice in Word files: keep one)."""
    texts: list[str] = []
    seen: set[str] = set()
    for box in document.element.body.xpath(".//w:txbxContent"):
        for p in box.xpath("./w:p"):
            text = paragraph_type(p, None).text.strip()
            if text and text not in seen:
                seen.add(text)
                texts.append(text)
    return texts


def _docx_reason(error: BaseException) -> str:
    import zlib

    from docx.opc.exceptions import PackageNotFoundError

    if isinstance(error, zipfile.BadZipFile | zlib.error | EOFError | OSError | ValueError):
        return "corrupt zip"
    if type(error).__name__ == "XMLSyntaxError":  # lxml's, which python-docx parses with
        return "corrupt XML"
    if isinstance(error, KeyError):
        return "a part it refers to is missing"
    if isinstance(error, PackageNotFoundError):
        return "not a Word package"
    return "malformed structure"
