"""Document readers: PDF, DOCX, Markdown, plain text and HTML → normalised text plus metadata.

``read_document(path_or_bytes)`` sniffs the format (magic bytes first, then the file extension, then
a text decode), extracts the text in memory (nothing is written anywhere: resumes are private) and
normalises it: NFC, ``\\n`` newlines, no control characters, single spaces, words split by a
hyphen at a line end joined again where that is safe, paragraphs separated by one blank line.

Every problem with the input is an ``InputError`` of one line that names the problem and the fix.
Malformed files are kept from hanging the process or eating memory by ``ReadLimits``:

* the input is refused above ``max_bytes`` before it is read (a path is ``stat``-ed first);
* a PDF is refused above ``max_pages`` before any page is parsed. pypdf's own limits are tightened
  for the call (through its context-local ``apply_configuration``): every decompressed stream is
  capped at ``max_decoded_bytes``, content-stream parsing at ~500k tokens a page (about a second),
  the page tree, form nesting and XMP size too. A thread with a deadline could not stop pypdf's
  CPU work, so the reader stops it cooperatively instead: text is extracted one page at a time,
  and both between pages and on every content-stream operator (pypdf's ``visitor_operand_before``
  hook) the clock is checked against ``pdf_timeout_s`` and the text drawn so far against twice
  ``max_chars``; passing either raises out of pypdf at once. The worst case is therefore the
  deadline plus one bounded parse, not a hang;
* a DOCX is refused when its zip entries declare more than ``max_decoded_bytes`` unzipped (Python's
  zip reader never inflates an entry past its declared size) and python-docx's XML parser does not
  expand entities;
* Markdown is converted with regular expressions that each stop at the next delimiter (linear time);
  HTML comments and unclosable ``<`` are defused in one linear pass before ``html.parser`` sees the
  page (it rescans the whole input for each unclosed construct otherwise), and the parser checks
  the same ``pdf_timeout_s`` deadline as a backstop;
* the extracted text is refused above ``max_chars``.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import io
import logging
import os
import re
import threading
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from payband.errors import InputError

__all__ = ["Document", "DocumentFormat", "ReadLimits", "read_document"]

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


# ------------------------------------------------------------------------------------ normalisation

_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# C0/C1 controls except tab and newline, soft hyphen, zero-width space/word joiner, BOM, lone
# surrogates, private-use characters (icon fonts in PDFs) and the two BMP non-characters.
_DROP = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ufffe\uffff"
    "\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
_BAD_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_INNER_SPACES = re.compile(r"(?<=\S)[^\S\n]+")
_LINE_EDGES = re.compile(r" *\n *")
_BLANK_RUNS = re.compile(r"\n{3,}")
# A word split over a line end: two letters, a hyphen ending the line, a lower-case word next.
_SPLIT_WORD = re.compile(r"(?<=[^\W\d_]{2})-\n(?=([^\W\d_]+))")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
# Compounds whose hyphen is real: keep it ("front-end", "self-service"), drop only the line break.
_HYPHEN_TAILS = frozenset({
    "end", "based", "driven", "facing", "level", "scale", "time", "term", "stack", "source", "grade",
    "house", "side", "up", "down", "on", "off", "in", "out", "to", "by", "like", "first", "ready",
    "related", "oriented", "specific", "wide", "free", "friendly", "aware", "critical", "native",
    "heavy", "intensive", "made", "owned", "ups",
})  # fmt: skip
_HYPHEN_HEADS = frozenset({
    "self", "non", "cross", "well", "full", "part", "high", "low", "long", "short", "real", "open", "third",
})  # fmt: skip


def _dehyphenate(match: re.Match[str]) -> str:
    tail = match.group(1)
    if not tail[0].islower():
        return match.group(0)
    head = _LAST_WORD.search(match.string, max(0, match.start() - 40), match.start())
    return "-" if tail in _HYPHEN_TAILS or (head and head.group().lower() in _HYPHEN_HEADS) else ""


def _clean(text: str) -> str:
    """NFC, \\n newlines, no controls, and single spaces inside lines (indentation is kept)."""
    text = _NEWLINES.sub("\n", text).replace("\u00ad\n", "")  # a soft hyphen at a line end joins
    text = unicodedata.normalize("NFC", _DROP.sub("", text))
    return _INNER_SPACES.sub(" ", text)


def _normalise(text: str) -> str:
    """``_clean``, then no indentation, hyphen-split words joined and at most one blank line."""
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", _clean(text))).strip()
    text = _BLANK_RUNS.sub("\n\n", _SPLIT_WORD.sub(_dehyphenate, text))
    return unicodedata.normalize("NFC", text)


def _one_line(text: str | None, limit: int = 300) -> str | None:
    if not text:
        return None
    line = " ".join(_normalise(text).split())[:limit].strip()
    return line or None


# ----------------------------------------------------------------------------------------- sizes


def _size(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n:,} bytes"


# --------------------------------------------------------------------------------- format sniffing

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_ARCHIVE_MAGIC = (
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKDOWN_EXT = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
_HTML_EXT = frozenset({".html", ".htm", ".xhtml"})
_TEXT_EXT = frozenset({".txt", ".text", ".csv", ".tsv", ".log", ""})
_SAVE_AS = "save it as .docx or PDF and try again"
_UNSUPPORTED_EXT = {
    ".doc": f"an old Word .doc file, which is not supported; {_SAVE_AS}",
    ".dot": f"an old Word template (.dot), which is not supported; {_SAVE_AS}",
    ".pages": "an Apple Pages document, which is not supported; export it as PDF or .docx and try again",
    ".odt": f"an OpenDocument text file (.odt), which is not supported; {_SAVE_AS}",
    ".rtf": "an RTF file, which is not supported; save it as .docx, PDF or plain text and try again",
    ".wpd": f"a WordPerfect file, which is not supported; {_SAVE_AS}",
    ".xls": "a spreadsheet, which is not supported; paste the text or export it as PDF",
    ".xlsx": "a spreadsheet, which is not supported; paste the text or export it as PDF",
    ".ods": "a spreadsheet, which is not supported; paste the text or export it as PDF",
    ".numbers": "a spreadsheet, which is not supported; paste the text or export it as PDF",
    ".ppt": "a presentation, which is not supported; export it as PDF and try again",
    ".pptx": "a presentation, which is not supported; export it as PDF and try again",
    ".key": "a presentation, which is not supported; export it as PDF and try again",
    ".epub": "an EPUB e-book, which is not supported; export it as PDF or plain text",
    ".zip": "a zip archive; extract the document from it and read that file",
}
for _ext in (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".heif", ".webp", ".svg"):
    _UNSUPPORTED_EXT[_ext] = (
        f"an image ({_ext[1:].upper()}); OCR is not supported — export the document as a PDF with "
        "text, or paste the text"
    )


def _image_message(kind: str) -> str:
    return (
        f"an image ({kind}); OCR is not supported — export the document as a PDF with text, or paste the text"
    )


def _refuse(label: str, what: str) -> InputError:
    return InputError(f"{label} is {what}")


def _sniff(data: bytes, ext: str, label: str) -> DocumentFormat:
    """The format by magic bytes, then extension, else "text"; unsupported formats raise InputError."""
    head = data[:1024]
    if head.lstrip(b" \t\r\n\x00\xef\xbb\xbf").startswith(b"%PDF") or (ext == ".pdf" and b"%PDF-" in head):
        return "pdf"
    if b"endobj" in data and b" 0 obj" in data and (b"startxref" in data or b"trailer" in data):
        return "pdf"  # a PDF whose header is damaged: let the PDF reader say what is wrong
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data, ext, label)
    if data.startswith(_OLE_MAGIC):
        raise _refuse(label, _ole_kind(data, ext))
    if data.startswith(b"{\\rtf"):
        raise _refuse(label, _UNSUPPORTED_EXT[".rtf"])
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            raise _refuse(label, _image_message(kind))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise _refuse(label, _image_message("WebP"))
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"hevc"):
            raise _refuse(label, _image_message("HEIC/AVIF"))
    for magic, kind in _ARCHIVE_MAGIC:
        if data.startswith(magic):
            raise _refuse(label, f"{kind}; extract the document from it and read that file")
    sniff = head.lstrip(b" \t\r\n\xef\xbb\xbf").lower()
    if sniff.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        sniff.startswith(b"<?xml") and b"<html" in sniff
    ):
        return "html"
    if ext == ".pdf":
        raise _refuse(label, "not a valid PDF (no %PDF header); export it again from the original document")
    if ext in (".docx", ".docm", ".dotx"):
        raise _refuse(label, "not a valid DOCX (not a zip file); open it in Word and save it again")
    if ext in _UNSUPPORTED_EXT:
        raise _refuse(label, _UNSUPPORTED_EXT[ext])
    if ext in _MARKDOWN_EXT:
        return "markdown"
    if ext in _HTML_EXT:
        return "html"
    return "text"


def _sniff_zip(data: bytes, ext: str, label: str) -> DocumentFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError) as error:
        if ext in _UNSUPPORTED_EXT:
            raise _refuse(label, _UNSUPPORTED_EXT[ext]) from error
        raise _refuse(label, "not a valid DOCX (corrupt zip); open it in Word and save it again") from error
    if "word/document.xml" in names or (
        ext in (".docx", ".docm", ".dotx") and "[Content_Types].xml" in names
    ):
        return "docx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        raise _refuse(label, _UNSUPPORTED_EXT[".odt"])
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise _refuse(label, f"an OpenDocument file, which is not supported; {_SAVE_AS}")
    if mimetype.startswith(b"application/epub"):
        raise _refuse(label, _UNSUPPORTED_EXT[".epub"])
    if any(name.startswith("xl/") for name in names):
        raise _refuse(label, _UNSUPPORTED_EXT[".xlsx"])
    if any(name.startswith("ppt/") for name in names):
        raise _refuse(label, _UNSUPPORTED_EXT[".pptx"])
    if ext == ".pages" or any(name.startswith("Index/") or name == "index.xml" for name in names):
        raise _refuse(label, _UNSUPPORTED_EXT[".pages"])
    if ext in (".docx", ".docm", ".dotx"):
        raise _refuse(label, "not a valid DOCX (no word/document.xml); open it in Word and save it again")
    if ext in _UNSUPPORTED_EXT:
        raise _refuse(label, _UNSUPPORTED_EXT[ext])
    raise _refuse(label, _UNSUPPORTED_EXT[".zip"])


def _ole_kind(data: bytes, ext: str) -> str:
    """What an OLE2 compound file (legacy Office, or any password-protected Office file) holds."""
    window = data[:262_144]
    if "EncryptionInfo".encode("utf-16-le") in window or "EncryptedPackage".encode("utf-16-le") in window:
        return "a password-protected Office document; remove the password and try again"
    if "WordDocument".encode("utf-16-le") in window or ext in (".doc", ".dot"):
        return _UNSUPPORTED_EXT[".doc"]
    if "Workbook".encode("utf-16-le") in window or ext == ".xls":
        return _UNSUPPORTED_EXT[".xls"]
    if "PowerPoint Document".encode("utf-16-le") in window or ext == ".ppt":
        return _UNSUPPORTED_EXT[".ppt"]
    return f"a legacy Microsoft Office file, which is not supported; {_SAVE_AS}"


# ------------------------------------------------------------------------------------ text decoding

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def _decode(data: bytes, label: str, *, html_charset: bool = False) -> tuple[str, list[str]]:
    """Bytes → str: BOM, UTF-8, an HTML <meta charset>, then cp1252 / Latin-1 with a warning."""
    warnings: list[str] = []
    text: str | None = None
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = data.decode(codec, errors="replace")
                warnings.append(f"the text is not valid {codec.upper()}; undecodable bytes were replaced")
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None and html_charset and (found := _CHARSET.search(data[:4096])):
        declared = found.group(1).decode("ascii").lower()
        try:
            codec_name = codecs.lookup(declared).name
            text = data.decode(codec_name, errors="replace")
            if codec_name != "utf-8":
                warnings.append(f"decoded as {declared}, the charset the page declares")
            else:
                warnings.append("the page is not valid UTF-8; undecodable bytes were replaced")
        except (LookupError, ValueError):
            text = None
    if text is None:
        if b"\x00" in data:
            raise _binary(label)
        try:
            text = data.decode("cp1252")
            warnings.append("the text is not valid UTF-8; decoded as Windows-1252 (cp1252)")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            warnings.append("the text is not valid UTF-8; decoded as Latin-1 (ISO-8859-1)")
    bad = len(_BAD_CONTROLS.findall(text))
    if bad > max(2, len(text) // 50):  # a few stray controls are dropped; many mean binary data
        raise _binary(label)
    return text, warnings


def _binary(label: str) -> InputError:
    return _refuse(
        label,
        "binary data, not text or a supported document; give a PDF, DOCX, HTML, Markdown or plain-text file",
    )


# ---------------------------------------------------------------------------------------- markdown

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]{1,999}\]:[ \t]*\S")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_LIST = re.compile(r"^[ \t]*+([-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?(.*)$")
_TABLE_RULE = re.compile(r"^[ \t]*+\|?[ \t]*+:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# Every pattern below stops at the next delimiter it could start again at, so each runs in linear
# time on hostile input (long runs of ``[``, backticks, ``<!--``...).
_CODE_SPAN = re.compile(r"(?<!`)(`++)([^`]+?)(?<!`)\1(?!`)")
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*)(?:[ \t]+\"[^\"\n]*\")?\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+|[^@<>\s]+@[^@<>\s]+)>")
_TAG = re.compile(r"<!--[^<>]*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")
_STRONG = re.compile(r"(\*\*|__)(?=[^\s*_])([^*_\n]+?)(?<=\S)\1")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?![\w_])"
)
_STRIKE = re.compile(r"~~(?=\S)([^~\n]+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _inline(text: str) -> str:
    """Markdown inline markup → text: links and images keep their text, emphasis and code lose marks."""
    parts = _CODE_SPAN.split(text)
    out: list[str] = []
    # split() with two groups yields: text, fence, code, text, fence, code, ...
    for index in range(0, len(parts), 3):
        out.append(_inline_plain(parts[index]))
        if index + 2 < len(parts):
            out.append(parts[index + 2].strip())
    return "".join(out)


def _inline_plain(text: str) -> str:
    escaped: dict[str, str] = {}

    def hide(match: re.Match[str]) -> str:
        if len(escaped) >= 6000:  # the private-use area holds 6,400 placeholders
            return match.group(0)
        key = chr(0xE000 + len(escaped))
        escaped[key] = match.group(1)
        return key

    text = _ESCAPE.sub(hide, text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(lambda m: m.group(1).removeprefix("mailto:"), text)
    text = _TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    text = _STRIKE.sub(r"\1", text)
    text = html.unescape(text)
    for key, char in escaped.items():
        text = text.replace(key, char)
    return text


def _markdown_to_text(source: str) -> tuple[str, str | None]:
    """Markdown → plain text and the first level-1 heading (or front-matter title)."""
    lines = source.split("\n")
    title: str | None = None
    first_heading: str | None = None
    if lines and lines[0].strip() == "---":
        for end in range(1, min(len(lines), 60)):
            if lines[end].strip() in ("---", "..."):
                for line in lines[1:end]:
                    key, _, value = line.partition(":")
                    if key.strip().lower() == "title" and value.strip():
                        title = value.strip().strip("\"'")
                lines = lines[end + 1 :]
                break
    out: list[str] = []
    fence: str | None = None
    in_item = False  # the last line was a list item (or its continuation)
    for line in lines:
        was_item, in_item = in_item, False
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
                out.append("")
            else:
                out.append(line)
            continue
        if opened := _FENCE.match(line):
            fence = opened.group(1)
            out.append("")
            continue
        if was_item and line[:1] in (" ", "\t") and line.strip() and not _LIST.match(line):
            out[-1] += " " + _inline(line.strip())  # a list item's wrapped continuation line
            in_item = True
            continue
        previous = out[-1] if out else ""
        if _SETEXT.match(line) and previous.strip() and not _LIST.match(previous):
            level_one = line.strip().startswith("=")
            if level_one and first_heading is None:
                first_heading = previous.strip()
            out.append("")
            continue
        if _RULE.match(line) or _REF_DEF.match(line):
            out.append("")
            continue
        if heading := _ATX.match(line):
            text = _inline(heading.group(2) or "")
            if len(heading.group(1)) == 1 and first_heading is None:
                first_heading = text
            out.extend(("", text, ""))
            continue
        line = _QUOTE.sub("", line)
        if item := _LIST.match(line):
            marker = item.group(1)
            bullet = "-" if marker in "-*+" else marker[:-1] + "."
            out.append(f"{bullet} {_inline(item.group(2))}")
            in_item = True
            continue
        if line.lstrip().startswith("|") or (line.count("|") >= 2 and not line.lstrip().startswith("-")):
            if _TABLE_RULE.match(line):
                continue
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            out.append(" | ".join(_inline(cell) for cell in cells))
            continue
        out.append(_inline(line.rstrip("\\")))
    return "\n".join(out), title or first_heading


class _Stop(Exception):
    """Raised from pypdf's visitors to abandon extraction (deadline or text budget passed)."""

    def __init__(self, reason: Literal["time", "size"]) -> None:
        super().__init__(reason)
        self.reason = reason


# -------------------------------------------------------------------------------------------- HTML

_HTML_SKIP = frozenset(
    {"script", "style", "nav", "head", "noscript", "template", "svg", "iframe", "object", "canvas", "select"}
)
_HTML_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_HTML_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre", "section",
     "article", "header", "footer", "main", "aside", "form", "figure", "address", "fieldset", "details",
     "hr"}
)  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\n\r\x0c]+")  # inline whitespace runs show as one space
_HTML_LINE = frozenset({"div", "li", "tr", "br", "dt", "dd", "figcaption", "summary", "caption", "option"})


class _HTMLText(HTMLParser):
    """Collects visible text: skipped elements dropped, blocks as line breaks, list items as "- "."""

    def __init__(self, deadline: float) -> None:
        super().__init__(convert_charrefs=True)
        self.deadline = deadline
        self.parts: list[str] = []
        self.pending = 0  # line breaks owed before the next text: 1 = new line, 2 = new paragraph
        self.skip: list[str] = []  # open elements whose content is dropped
        self.lists: list[list[int]] = []  # per open list: [is ordered, item counter]
        self.cells = 0
        self.pre = 0
        self.title: list[str] | None = None
        self.title_text: str | None = None
        self.h1: list[str] | None = None
        self.h1_text: str | None = None

    def _break(self, lines: int) -> None:
        self.pending = max(self.pending, lines)

    def _emit(self, text: str) -> None:
        if self.pending:
            self.parts.append("\n" * self.pending)
            self.pending = 0
        self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if time.monotonic() > self.deadline:
            raise _Stop("time")
        if tag == "title" and self.title_text is None:
            self.title = []
        if tag == "body" and "head" in self.skip:
            del self.skip[self.skip.index("head") :]
        if tag in _HTML_SKIP and tag not in _HTML_VOID:
            self.skip.append(tag)
            return
        if self.skip:
            return
        if tag == "h1" and self.h1_text is None:
            self.h1 = []
        if tag == "pre":
            self.pre += 1
        if tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 0])
        if tag in _HTML_PARAGRAPH:
            self._break(2)
        elif tag in _HTML_LINE:
            self._break(1)
        if tag == "li":
            if self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                self._emit(f"{self.lists[-1][1]}. ")
            else:
                self._emit("- ")
        elif tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self._emit(" | ")
            self.cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title is not None:
            self.title_text = "".join(self.title)
            self.title = None
        if tag in self.skip:
            del self.skip[len(self.skip) - 1 - self.skip[::-1].index(tag) :]
            return
        if self.skip or tag in _HTML_VOID:
            return
        if tag == "h1" and self.h1 is not None:
            self.h1_text = "".join(self.h1)
            self.h1 = None
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in _HTML_PARAGRAPH:
            self._break(2)
        elif tag in _HTML_LINE:
            self._break(1)

    def handle_data(self, data: str) -> None:
        if time.monotonic() > self.deadline:
            raise _Stop("time")
        if self.title is not None:
            self.title.append(data)
        if self.skip:
            return
        if self.h1 is not None:
            self.h1.append(data)
        if self.pre:
            self._emit(data)
        elif data.strip():
            self._emit(_HTML_SPACE.sub(" ", data))
        elif self.parts and not self.pending:
            self.parts.append(" ")  # whitespace between inline elements still separates words


_LONE_LT = re.compile(r"<(?![^<>]*>)")  # a "<" that no ">" closes before the next "<"


def _defuse_html(source: str) -> str:
    """Comments removed and unclosable "<" escaped, in linear time.

    ``html.parser`` rescans to the end of the input for every unclosed comment, declaration or
    processing instruction, which is quadratic on hostile input; after this every construct it
    starts has its end before the next one begins. An unclosed comment hides the rest of the page,
    as in browsers.
    """
    kept: list[str] = []
    start = 0
    while (opened := source.find("<!--", start)) >= 0:
        kept.append(source[start:opened])
        closed = source.find("-->", opened + 4)
        if closed < 0:
            start = len(source)
            break
        start = closed + 3
    kept.append(source[start:])
    return _LONE_LT.sub("&lt;", "".join(kept))


_ANY_TAG = re.compile(r"<[^<>]*>")
_HIDDEN_OPEN = re.compile(r"<(script|style|head|nav|noscript|template|svg)\b")


def _strip_tags(source: str) -> str:
    """The fallback for HTML that html.parser rejects: hidden elements and tags removed, linearly."""
    lower = source.lower()
    kept: list[str] = []
    start = 0
    while opened := _HIDDEN_OPEN.search(lower, start):
        kept.append(source[start : opened.start()])
        closing = lower.find("</" + opened.group(1), opened.end())
        end = lower.find(">", closing) if closing >= 0 else -1
        start = len(source) if end < 0 else end + 1
    kept.append(source[start:])
    return html.unescape(_ANY_TAG.sub("\n", "\n".join(kept)))


def _html_to_text(source: str, deadline: float, label: str, warnings: list[str]) -> tuple[str, str | None]:
    parser = _HTMLText(deadline)
    step = 1 << 16
    source = _defuse_html(source)
    try:
        for start in range(0, len(source), step):
            parser.feed(source[start : start + step])
        parser.close()
    except _Stop as stop:
        raise _refuse(
            label, "too complex to read in time; save the page as plain text and try again"
        ) from stop
    except Exception:  # html.parser gives up on some malformed declarations ("<![>"): strip tags instead
        warnings.append("the HTML is malformed; its tags were stripped without keeping structure")
        return _strip_tags(source), None
    return "".join(parser.parts), _one_line(parser.title_text) or _one_line(parser.h1_text)


# --------------------------------------------------------------------------------------------- PDF


class _PypdfLog(logging.Handler):
    """Counts pypdf's warnings about the file (this thread's only) instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.count += 1


@contextmanager
def _pypdf_log() -> Iterator[_PypdfLog]:
    handler = _PypdfLog()
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _short(error: BaseException) -> str:
    """A reader library's own error message, on one short line (other exceptions are just named)."""
    text = " ".join(str(error).split())[:100].rstrip(" .")
    return text or type(error).__name__


_SHOW_TEXT = frozenset({b"Tj", b"TJ", b"'", b'"'})


def _shown_length(operand: Any) -> int:
    if isinstance(operand, str | bytes):
        return len(operand)
    if isinstance(operand, list):  # a TJ array: strings and kerning numbers
        return sum(len(item) for item in operand if isinstance(item, str | bytes))
    return 0


def _too_complex(label: str, error: BaseException) -> InputError:
    reason = _short(error)
    if "decompress" in reason.lower() or "length" in reason.lower():
        reason += "; the limit is ReadLimits.max_decoded_bytes"
    return _refuse(
        label,
        f"too large or complex to read safely ({reason}) — export it again from the original document "
        "or paste the text",
    )


def _pdf_reason(error: BaseException) -> str:
    from pypdf.errors import PyPdfError

    return _short(error) if isinstance(error, PyPdfError) else "malformed structure"


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


def _read_pdf(data: bytes, name: str | None, limits: ReadLimits) -> tuple[str, int, str | None, list[str]]:
    label = name or "file"
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    cap = limits.max_decoded_bytes
    config: dict[str, Any] = {
        "maximum_declared_stream_length": max(limits.max_bytes, 1_000_000),
        "array_based_stream_maximum_output_length": cap,
        "jbig2_maximum_output_length": cap,
        "lzw_maximum_output_length": cap,
        "run_length_maximum_output_length": cap,
        "zlib_maximum_output_length": cap,
        "brotli_maximum_output_length": cap,
        "image_maximum_buffer_size": cap,
        "stream_decoding_work_maximum_length": cap * 2,
        "zlib_maximum_recovery_input_length": min(cap, 5_000_000),
        "xmp_maximum_input_length": min(cap, 1_000_000),
        "page_tree_maximum_entries": max(10_000, limits.max_pages * 10),
        "page_tree_maximum_page_entries": max(100_000, limits.max_pages * 100),
        "xform_maximum_invocations_per_extraction": 1_000,
        "stream_parsing_work_maximum_count": 500_000,  # ~1 s of parsing for one page's content
        "jbig2dec_binary": None,
    }
    deadline = time.monotonic() + limits.pdf_timeout_s
    budget = 2 * limits.max_chars  # raw text allowance; whitespace is collapsed afterwards
    warnings: list[str] = []
    corrupt = "not a valid PDF (corrupt or truncated: {}); export it again from the original document"
    too_slow = (
        f"too slow to read: text extraction passed {limits.pdf_timeout_s:g} s (ReadLimits.pdf_timeout_s) "
        "after {} of {} pages; the file may be malformed — export it again or paste the text"
    )
    with apply_configuration(**config), _pypdf_log() as log:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            encrypted = reader.is_encrypted
        except LimitReachedError as error:
            raise _too_complex(label, error) from error
        except (MemoryError, RecursionError) as error:
            raise _too_complex(label, error) from error
        except Exception as error:
            raise _refuse(label, corrupt.format(_pdf_reason(error))) from error
        encrypted_error = _refuse(label, "encrypted; remove the password and try again")
        if encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except (DependencyError, FileNotDecryptedError, NotImplementedError) as error:
                raise encrypted_error from error
            except Exception as error:
                raise encrypted_error from error
            if not opened:
                raise encrypted_error
            warnings.append("the PDF is encrypted with an empty password; it was read anyway")
        try:
            count = len(reader.pages)
        except LimitReachedError as error:
            raise _too_complex(label, error) from error
        except Exception as error:
            raise _refuse(label, corrupt.format(_pdf_reason(error))) from error
        if count == 0:
            raise _refuse(label, corrupt.format("no pages"))
        if count > limits.max_pages:
            raise InputError(
                f"{name or 'PDF'} has {count:,} pages; the limit is {limits.max_pages:,} "
                "(ReadLimits.max_pages) — send only the pages with the resume or posting"
            )
        title = _pdf_title(reader)

        shown = 0  # characters the text-showing operators have drawn so far (bytes, for byte strings)

        def on_operator(operator: Any, operands: Any, *_: Any) -> None:
            nonlocal shown
            if time.monotonic() > deadline:
                raise _Stop("time")
            if operator in _SHOW_TEXT:
                shown += sum(_shown_length(operand) for operand in operands)
                if shown > budget:
                    raise _Stop("size")

        texts: list[str] = []
        blank = failed = extracted = 0
        for number in range(count):
            if time.monotonic() > deadline:
                raise _refuse(label, too_slow.format(number, count))
            try:
                page = reader.pages[number]
                text = page.extract_text(visitor_operand_before=on_operator)
            except _Stop as stop:
                if stop.reason == "time":
                    raise _refuse(label, too_slow.format(number, count)) from stop
                raise _too_many_chars(label, f"more than {budget:,}", limits) from stop
            except (DependencyError, FileNotDecryptedError) as error:
                raise encrypted_error from error
            except (LimitReachedError, MemoryError, RecursionError) as error:
                raise _too_complex(label, error) from error
            except Exception:  # one unreadable page does not lose the others
                failed += 1
                continue
            extracted += len(text)
            if extracted > budget:
                raise _too_many_chars(label, f"more than {budget:,}", limits)
            if text.strip():
                texts.append(text)
            else:
                blank += 1
    if failed == count:
        raise _refuse(label, corrupt.format("no page could be read"))
    if not texts:
        why = "image-only, or damaged" if log.count or failed else "image-only"
        raise InputError(
            f"{label} has no extractable text ({why}); OCR is not supported — export the PDF from "
            "the original document or paste the text"
        )
    if blank:
        warnings.append(
            f"{blank} of {count} pages had no extractable text (image-only?); OCR is not supported"
        )
    if failed:
        warnings.append(f"{failed} of {count} pages could not be read (malformed); their text is missing")
    if log.count:
        warnings.append(f"the PDF has {log.count} structural problem(s) that were worked around")
    return "\n\n".join(texts), count, title, warnings


def _pdf_title(reader: Any) -> str | None:
    try:
        meta = reader.metadata
        raw = meta.title if meta is not None else None
    except Exception:
        return None
    return _one_line(raw) if isinstance(raw, str) else None


# -------------------------------------------------------------------------------------------- DOCX


def _read_docx(data: bytes, label: str, limits: ReadLimits) -> tuple[str, str | None, list[str]]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    corrupt = "not a valid DOCX ({}); open it in Word and save it again"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise _refuse(label, corrupt.format("corrupt zip")) from error
    if len(entries) > 10_000:
        raise _refuse(label, corrupt.format(f"{len(entries):,} zip entries"))
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > limits.max_decoded_bytes:
        raise InputError(
            f"{label} unzips to {_size(unzipped)}; the limit is {_size(limits.max_decoded_bytes)} "
            "(ReadLimits.max_decoded_bytes) — remove large images or save it as PDF"
        )
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise _refuse(label, corrupt.format("no word/document.xml"))
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise _refuse(label, corrupt.format(_docx_reason(error))) from error

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
        raise _refuse(label, corrupt.format(_docx_reason(error))) from error

    out: list[str] = []
    for index, (text, listed) in enumerate(blocks):
        if index:
            out.append("\n" if listed and blocks[index - 1][1] else "\n\n")
        out.append(text)
    return "".join(out), _docx_title(document), warnings


def _docx_title(document: Any) -> str | None:
    """The core-properties title, else the first paragraph in Word's Title style."""
    try:
        title = _one_line(document.core_properties.title)
        if title is None:
            for item in document.paragraphs[:20]:
                if item.style is not None and item.style.name == "Title":
                    return _one_line(item.text)
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


# ------------------------------------------------------------------------------------------ driver


def _too_many_chars(label: str, count: str, limits: ReadLimits) -> InputError:
    return InputError(
        f"{label} has {count} characters of text; the limit is {limits.max_chars:,} "
        "(ReadLimits.max_chars) — send one resume or posting, not a collection"
    )


def _load(source: str | os.PathLike[str] | bytes, limits: ReadLimits) -> tuple[bytes, str | None]:
    """The input's bytes (never more than max_bytes + 1 read) and its file name, if any."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), None
    if not isinstance(source, str | os.PathLike):
        raise TypeError(f"read_document takes a path or bytes, not {type(source).__name__}")
    raw = os.fspath(source)
    if not isinstance(raw, str) or "\n" in raw or "\x00" in raw or len(raw) > 4096:
        # never echo it: a str that is not a path may be the text of a resume
        raise InputError("read_document takes a file path or the file's bytes; for text, pass text.encode()")
    path = Path(raw)
    shown = raw if len(raw) <= 200 else raw[:200] + "…"
    try:
        if not path.exists():
            raise InputError(f"no such file: {shown}; check the path and try again")
        if not path.is_file():
            raise InputError(f"{shown} is not a file (a directory?); give the path of a document")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise _too_big(path.name, size, limits)
        with path.open("rb") as handle:
            return handle.read(limits.max_bytes + 1), path.name
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(f"cannot read {shown} ({reason}); check the path and its permissions") from error


def _too_big(label: str, size: int, limits: ReadLimits) -> InputError:
    return InputError(
        f"{label} is {_size(size)}; the limit is {_size(limits.max_bytes)} (ReadLimits.max_bytes) "
        "— send a smaller file or paste the text"
    )


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
    data, path_name = _load(source, limits)
    name = filename or path_name
    label = name or "file"
    if not data:
        raise InputError(f"{label} is empty (0 bytes); give a file with the resume or posting text in it")
    if len(data) > limits.max_bytes:
        raise _too_big(label, len(data), limits)
    ext = Path(name).suffix.lower() if name else ""
    kind = _sniff(data, ext, label)

    title: str | None = None
    pages: int | None = None
    warnings: list[str] = []
    if kind == "pdf":
        raw, pages, title, warnings = _read_pdf(data, name, limits)
    elif kind == "docx":
        raw, title, warnings = _read_docx(data, label, limits)
    else:
        decoded, warnings = _decode(data, label, html_charset=kind == "html")
        if len(decoded) > 4 * limits.max_chars and kind != "html":
            raise _too_many_chars(label, f"{len(decoded):,}", limits)
        decoded = _clean(decoded)
        if kind == "markdown":
            raw, title = _markdown_to_text(decoded)
        elif kind == "html":
            raw, title = _html_to_text(decoded, time.monotonic() + limits.pdf_timeout_s, label, warnings)
        else:
            raw = decoded
    text = _normalise(raw)
    if not text:
        raise InputError(f"{label} contains no text; give a file with the resume or posting text in it")
    if len(text) > limits.max_chars:
        raise _too_many_chars(label, f"{len(text):,}", limits)
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
