"""Format detection (magic bytes first, then the file extension, else text) and text decoding.

Unsupported formats (legacy Office, images, archives, spreadsheets...) are refused with the fix.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from payband.errors import InputError
from payband.text.readers.models import DocumentFormat
from payband.text.readers.refusals import refuse

__all__ = ["decode_text", "sniff_format"]

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


def sniff_format(data: bytes, ext: str, label: str) -> DocumentFormat:
    """The format by magic bytes, then extension, else "text"; unsupported formats raise InputError."""
    head = data[:1024]
    if head.lstrip(b" \t\r\n\x00\xef\xbb\xbf").startswith(b"%PDF") or (ext == ".pdf" and b"%PDF-" in head):
        return "pdf"
    if b"endobj" in data and b" 0 obj" in data and (b"startxref" in data or b"trailer" in data):
        return "pdf"  # a PDF whose header is damaged: let the PDF reader say what is wrong
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data, ext, label)
    if data.startswith(_OLE_MAGIC):
        raise refuse(label, _ole_kind(data, ext))
    if data.startswith(b"{\\rtf"):
        raise refuse(label, _UNSUPPORTED_EXT[".rtf"])
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            raise refuse(label, _image_message(kind))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise refuse(label, _image_message("WebP"))
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"hevc"):
            raise refuse(label, _image_message("HEIC/AVIF"))
    for magic, kind in _ARCHIVE_MAGIC:
        if data.startswith(magic):
            raise refuse(label, f"{kind}; extract the document from it and read that file")
    sniff = head.lstrip(b" \t\r\n\xef\xbb\xbf").lower()
    if sniff.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        sniff.startswith(b"<?xml") and b"<html" in sniff
    ):
        return "html"
    if ext == ".pdf":
        raise refuse(label, "not a valid PDF (no %PDF header); export it again from the original document")
    if ext in (".docx", ".docm", ".dotx"):
        raise refuse(label, "not a valid DOCX (not a zip file); open it in Word and save it again")
    if ext in _UNSUPPORTED_EXT:
        raise refuse(label, _UNSUPPORTED_EXT[ext])
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
            raise refuse(label, _UNSUPPORTED_EXT[ext]) from error
        raise refuse(label, "not a valid DOCX (corrupt zip); open it in Word and save it again") from error
    if "word/document.xml" in names or (
        ext in (".docx", ".docm", ".dotx") and "[Content_Types].xml" in names
    ):
        return "docx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        raise refuse(label, _UNSUPPORTED_EXT[".odt"])
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise refuse(label, f"an OpenDocument file, which is not supported; {_SAVE_AS}")
    if mimetype.startswith(b"application/epub"):
        raise refuse(label, _UNSUPPORTED_EXT[".epub"])
    if any(name.startswith("xl/") for name in names):
        raise refuse(label, _UNSUPPORTED_EXT[".xlsx"])
    if any(name.startswith("ppt/") for name in names):
        raise refuse(label, _UNSUPPORTED_EXT[".pptx"])
    if ext == ".pages" or any(name.startswith("Index/") or name == "index.xml" for name in names):
        raise refuse(label, _UNSUPPORTED_EXT[".pages"])
    if ext in (".docx", ".docm", ".dotx"):
        raise refuse(label, "not a valid DOCX (no word/document.xml); open it in Word and save it again")
    if ext in _UNSUPPORTED_EXT:
        raise refuse(label, _UNSUPPORTED_EXT[ext])
    raise refuse(label, _UNSUPPORTED_EXT[".zip"])


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
_BAD_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def decode_text(data: bytes, label: str, *, html_charset: bool = False) -> tuple[str, list[str]]:
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
    return refuse(
        label,
        "binary data, not text or a supported document; give a PDF, DOCX, HTML, Markdown or plain-text file",
    )
