"""Document readers: PDF, DOCX, Markdown, plain text and HTML → normalised text plus metadata.

``read_document`` works in memory (resumes are private), within ``ReadLimits``, and raises ``InputError``.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from payband.errors import InputError
from payband.text.readers.html_text import html_to_text
from payband.text.readers.markdown_text import markdown_to_text
from payband.text.readers.models import Document, DocumentFormat, ReadLimits
from payband.text.readers.normalise import clean, normalise
from payband.text.readers.pdf import read_pdf
from payband.text.readers.refusals import too_big, too_many_chars
from payband.text.readers.sniff import decode_text, sniff_format
from payband.text.readers.source import load_source
from payband.text.readers.word import read_docx

__all__ = ["Document", "DocumentFormat", "ReadLimits", "read_document"]


def read_document(
    source: str | os.PathLike[str] | bytes,
    *,
    filename: str | None = None,
    limits: ReadLimits | None = None,
) -> Document:
    """Read a PDF, DOCX, Markdown, HTML or plain-text document (a path, or its bytes) into text.

    ``filename`` names bytes input (its extension helps detection) or overrides a path's name in
    messages. Everything happens in memory; any problem with the input raises ``InputError``.
    """
    limits = limits or ReadLimits()
    # One clock for every step of the read, passed down from here (the tests fake it by replacing
    # this module's ``time``).
    clock = time.monotonic
    data, path_name = load_source(source, limits)
    name = filename or path_name
    label = name or "file"
    if not data:
        raise InputError(f"{label} is empty (0 bytes); give a file with the resume or posting text in it")
    if len(data) > limits.max_bytes:
        raise too_big(label, len(data), limits)
    ext = Path(name).suffix.lower() if name else ""
    kind = sniff_format(data, ext, label)

    title: str | None = None
    pages: int | None = None
    warnings: list[str] = []
    if kind == "pdf":
        raw, pages, title, warnings = read_pdf(data, name, limits, clock=clock)
    elif kind == "docx":
        raw, title, warnings = read_docx(data, label, limits)
    else:
        decoded, warnings = decode_text(data, label, html_charset=kind == "html")
        if len(decoded) > 4 * limits.max_chars and kind != "html":
            raise too_many_chars(label, f"{len(decoded):,}", limits)
        decoded = clean(decoded)
        if kind == "markdown":
            raw, title = markdown_to_text(decoded)
        elif kind == "html":
            raw, title = html_to_text(decoded, clock() + limits.pdf_timeout_s, label, warnings, clock=clock)
        else:
            raw = decoded
    text = normalise(raw)
    if not text:
        raise InputError(f"{label} contains no text; give a file with the resume or posting text in it")
    if len(text) > limits.max_chars:
        raise too_many_chars(label, f"{len(text):,}", limits)
    return Document(
        text=text,
        format=kind,
        pages=pages,
        chars=len(text),
        title=title,
        source_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings),
    )
