"""The data models of the document readers: the format names, ``ReadLimits`` and ``Document``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Document", "DocumentFormat", "ReadLimits"]

DocumentFormat = Literal["pdf", "docx", "markdown", "text", "html"]


class ReadLimits(BaseModel):
    """Resource limits for reading one document; the defaults suit one resume or job posting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_bytes: int = Field(
        default=10_000_000, gt=0, description="Largest input accepted, in bytes (10 MB); checked first."
    )
    max_pages: int = Field(
        default=50, gt=0, description="Most PDF pages accepted; a longer PDF is refused before parsing."
    )
    max_chars: int = Field(
        default=500_000, gt=0, description="Most characters of extracted, normalised text accepted."
    )
    pdf_timeout_s: float = Field(
        default=20.0,
        gt=0,
        description="Wall-clock budget for PDF text extraction, checked between pages and between "
        "content-stream operators (also the backstop deadline for HTML parsing); past it the read "
        "stops with an InputError.",
    )
    max_decoded_bytes: int = Field(
        default=50_000_000,
        gt=0,
        description="Most bytes one decompressed PDF stream may grow to, and most bytes a DOCX may "
        "declare unzipped (decompression-bomb guard).",
    )


class Document(BaseModel):
    """The text of one document and what is known about where it came from."""

    model_config = ConfigDict(frozen=True)

    text: str
    format: DocumentFormat
    pages: int | None = Field(default=None, description="Page count for PDFs; None for other formats.")
    chars: int
    title: str | None = Field(
        default=None, description="PDF /Title, DOCX core title or Title paragraph, HTML <title>, markdown #."
    )
    source_name: str | None = Field(default=None, description="File name, when the input had one.")
    sha256: str = Field(description="Hex SHA-256 of the input bytes.")
    warnings: tuple[str, ...] = ()
