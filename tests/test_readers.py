"""Document readers: real resumes and postings in every format, every error path, limits, fuzzing."""

from __future__ import annotations

import contextlib
import hashlib
import io
import unicodedata
import zipfile
import zlib
from pathlib import Path

import docx
import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payband.errors import InputError
from payband.text import readers
from payband.text.readers import Document, ReadLimits, read_document

DOCS = Path(__file__).parent / "fixtures" / "docs"
PDF_RESUME = DOCS / "resume_platform_engineer.pdf"
DOCX_RESUME = DOCS / "resume_platform_engineer.docx"


def _pdf(*contents: bytes, compress: bool = False) -> bytes:
    """A minimal PDF with one page per content stream, Helvetica as /F1."""
    pages = len(contents)
    font = 3 + 2 * pages
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    for index, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, 4 + 2 * index)
        )
        data, extra = (zlib.compress(content, 9), b" /Filter /FlateDecode") if compress else (content, b"")
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _text_page(*lines: str) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 72 720 Td"]
    ops += [b"(%s) Tj T*" % line.encode("latin-1") for line in lines]
    return b"\n".join([*ops, b"ET"])


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _error(source: str | Path | bytes, **kwargs: object) -> str:
    with pytest.raises(InputError) as caught:
        read_document(source, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


# ----------------------------------------------------------------------------------------- formats


def test_pdf_resume_has_its_text_pages_and_title() -> None:
    doc = read_document(PDF_RESUME)
    assert (doc.format, doc.pages, doc.source_name) == ("pdf", 2, PDF_RESUME.name)
    assert doc.title == "Daniel Okafor – Resume"
    assert doc.text.startswith("Daniel Okafor\nSenior Platform Engineer\n")
    for needle in (
        "daniel.okafor@example.org", "Kubernetes", "Terraform", "PostgreSQL", "Prometheus",
        "Senior Platform Engineer, Cascadia Freight — Mar 2021 – Present",
        "DevOps Engineer, Lumen Health — Jun 2017 – Feb 2021",
        "Languages: Python, Go, Bash, SQL",
        "Certified Kubernetes Administrator (CKA), 2022",
    ):  # fmt: skip
        assert needle in doc.text
    # the word the layout split over two lines is whole again; the pages are two paragraphs
    assert "rebuilding the CI pipeline on GitHub Actions" in doc.text
    assert "pages fell by half.\n\nEXPERIENCE (continued)" in doc.text
    assert doc.warnings == ()
    assert doc.chars == len(doc.text)
    assert doc.sha256 == hashlib.sha256(PDF_RESUME.read_bytes()).hexdigest()


def test_docx_resume_keeps_headings_lists_and_table_rows_in_order() -> None:
    doc = read_document(DOCX_RESUME)
    assert (doc.format, doc.pages, doc.title) == ("docx", None, "Daniel Okafor – Resume")
    text = doc.text
    assert text.startswith("Daniel Okafor\n\nSenior Platform Engineer\n\nPortland, OR")
    assert (
        "Senior Platform Engineer, Cascadia Freight — Mar 2021 – Present\n\n"
        "- Run 14 EKS clusters (2,300 pods) defined in Terraform and Helm; 99.95% availability.\n"
        "- Reduced deploy times by 70% by rebuilding the CI pipeline on GitHub Actions and Argo CD.\n"
    ) in text
    assert "Skills\n\nArea | Tools\nCloud | AWS (EKS, EC2, RDS, IAM, S3), GCP basics\n" in text
    assert "Languages | Python, Go, Bash, SQL" in text
    assert text.index("Summary") < text.index("Experience") < text.index("Skills") < text.index("Education")


def test_pdf_and_docx_of_the_same_resume_say_the_same_things() -> None:
    def lines(doc: Document) -> set[str]:
        out = set()
        for line in doc.text.splitlines():
            line = line.removeprefix("• ").removeprefix("- ").replace(" | ", ": ")
            out.add(line.lower())
        return out

    pdf, word = lines(read_document(PDF_RESUME)), lines(read_document(DOCX_RESUME))
    bullets = {
        line for line in pdf if line.startswith(("run 14", "led the", "wrote ansible", "migrated the"))
    }
    assert len(bullets) == 4
    assert bullets <= word


def test_markdown_resume_is_plain_text_with_structure() -> None:
    doc = read_document(DOCS / "resume_data_engineer.md")
    assert (doc.format, doc.pages, doc.title) == ("markdown", None, "Priya Raman")
    text = doc.text
    assert text.startswith("Priya Raman\n\nSenior Data Engineer · Chicago, IL")
    assert "github.com/praman-data" in text and "](" not in text and "https://" not in text
    assert "experience with 8 years" not in text and "with 8 years of experience" in text  # ** stripped
    assert "#" not in text and "**" not in text and "__" not in text and "|---" not in text
    assert "Senior Data Engineer, Acme Corp — Mar 2021 – Present" in text
    # list items: one per line, a wrapped item joined back, numbers kept
    assert (
        "- Own the Airflow platform (400+ DAGs) that feeds finance and marketing analytics; cut failed runs "
        "by 63% with retries, SLAs and data-quality checks in Great Expectations.\n"
        "- Migrated nightly Spark jobs from EMR to Databricks"
    ) in text
    assert "\n2. Wrote Python services (FastAPI, SQLAlchemy)" in text
    assert "CI with dbt build --select state:modified+" in text  # inline code kept as text
    assert "Certifications: AWS Certified Data Engineer – Associate (2023)" in text  # code fence kept
    assert "Languages | Python, SQL, Scala, Bash" in text
    assert "automated infrastructure with terraform and github actions." in text.lower()
    assert "ref-link" not in text


def test_plain_text_resume_keeps_its_lines() -> None:
    doc = read_document(DOCS / "resume_frontend.txt")
    assert (doc.format, doc.title, doc.warnings) == ("text", None, ())
    assert doc.text.startswith("MARCUS ELLISON-WEBB\nFrontend Engineer\nAustin, TX | marcus.ellison.webb")
    assert (
        "Senior Frontend Engineer, Bluebonnet Health — Jan 2022 – Present\n- Lead the patient-portal"
        in doc.text
    )
    assert "Languages: TypeScript, JavaScript, HTML, CSS, SQL" in doc.text
    assert "\n\n\n" not in doc.text and "  " not in doc.text


def test_html_posting_drops_chrome_and_keeps_the_posting() -> None:
    doc = read_document(DOCS / "posting_ml_engineer.html")
    assert doc.format == "html"
    assert doc.title == "Machine Learning Engineer, Recommendations – Tidewater Labs Careers"
    text = doc.text
    assert text.startswith("Machine Learning Engineer, Recommendations\n\nSeattle, WA · Hybrid")
    for gone in ("dataLayer", "font-family", "All jobs", "About us", "pixel.gif", "<", "&"):
        assert gone not in text.replace("<50 ms", "").replace("Pay & benefits", "")
    assert "respect people’s time — no dark patterns" in text  # entities decoded
    assert "Serve models at <50 ms p99 latency" in text
    assert (
        "What you'll do\n\n- Design, train and ship ranking models for the home feed and search (PyTorch, "
        "LightGBM).\n- Own the feature pipelines in Spark and Airflow"
    ) in text
    assert "The salary range for this position is $172,000–$214,000 per year" in text
    assert "Benefit | Details\nHealth | Medical, dental and vision" in text
    assert "Tidewater Labs is an equal opportunity employer." in text
    assert "accessibility@tidewater.example" in text


def test_plain_text_posting() -> None:
    doc = read_document(DOCS / "posting_sre.txt")
    assert doc.text.startswith("Site Reliability Engineer (Senior)\nHarborview Payments — Denver, CO (Hybrid")
    assert "The base salary range for this role is $165,000 – $195,000 per year" in doc.text
    assert "• Hands-on experience with AWS, Kubernetes, Terraform" in doc.text


@pytest.mark.parametrize(
    "name",
    ["resume_platform_engineer.pdf", "resume_platform_engineer.docx", "resume_data_engineer.md",
     "resume_frontend.txt", "posting_ml_engineer.html", "posting_sre.txt"],
)  # fmt: skip
def test_bytes_and_path_read_the_same(name: str) -> None:
    path = DOCS / name
    from_path = read_document(path)
    from_bytes = read_document(path.read_bytes(), filename=name)
    assert from_bytes == from_path
    assert read_document(str(path)) == from_path


def test_format_is_sniffed_from_magic_bytes_before_the_extension() -> None:
    assert read_document(PDF_RESUME.read_bytes()).format == "pdf"
    assert read_document(PDF_RESUME.read_bytes(), filename="resume.txt").format == "pdf"
    assert read_document(DOCX_RESUME.read_bytes()).format == "docx"
    html = (DOCS / "posting_ml_engineer.html").read_bytes()
    assert read_document(html).format == "html"
    assert read_document(html, filename="posting.txt").format == "html"
    doc = read_document(b"# Title\n\nSome *text*.")  # no name: plain text, markup left alone
    assert (doc.format, doc.text, doc.source_name) == ("text", "# Title\n\nSome *text*.", None)
    assert read_document(b"# Title\n\nSome *text*.", filename="x.md").text == "Title\n\nSome text."


def test_filename_overrides_a_paths_name_in_results_and_messages() -> None:
    assert read_document(PDF_RESUME, filename="cv.pdf").source_name == "cv.pdf"
    assert _error(DOCS / "empty.pdf", filename="cv.pdf").startswith("cv.pdf is empty")


def test_text_is_normalised() -> None:
    raw = (
        "Caf\u0065\u0301 \u00a0 owner\r\n\r\n\r\n\r\nsoft\u00adware\u200b engi-\nneering\x00\x07 and "
        "front-\nend with self-\nservice\rtools\t\tPython-\nBased\n\n\n"
    ).encode()
    assert read_document(raw).text == (
        "Café owner\n\nsoftware engineering and front-end with self-service\ntools Python-\nBased"
    )


def test_non_utf8_text_is_decoded_with_a_warning() -> None:
    doc = read_document("Résumé — café".encode("cp1252"))
    assert doc.text == "Résumé — café"
    assert any("cp1252" in warning for warning in doc.warnings)
    doc = read_document(b"data \x81 \xe9t\xe9")  # 0x81 is undefined in cp1252
    assert doc.text == "data été"
    assert any("Latin-1" in warning for warning in doc.warnings)
    assert read_document("Ünïcode text".encode("utf-16")).text == "Ünïcode text"
    assert read_document(b"\xef\xbb\xbfwith BOM").text == "with BOM"


def test_html_declared_charset_is_honoured() -> None:
    page = b"<!DOCTYPE html><html><head><meta charset='windows-1252'><title>Caf\xe9</title></head>"
    doc = read_document(page + b"<body><p>Salary \x80100k</p></body></html>")
    assert (doc.text, doc.title) == ("Salary €100k", "Café")
    assert doc.warnings


def test_html_that_the_parser_rejects_falls_back_to_stripping_tags() -> None:
    doc = read_document(b"<html><head><title>T</title><script>x</script></head><p>Python <![> &amp; SQL</p>")
    assert doc.text == "Python\n& SQL"
    assert doc.warnings == ("the HTML is malformed; its tags were stripped without keeping structure",)


def test_docx_reads_headers_and_tables_with_merged_and_multi_paragraph_cells() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Ana Lima · ana@example.com"
    document.add_paragraph("Body paragraph")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Left column"
    right = table.rows[0].cells[1]
    right.text = "First"
    right.add_paragraph("Second")
    merged = document.add_table(rows=1, cols=3)
    merged.rows[0].cells[0].merge(merged.rows[0].cells[1]).text = "Wide"
    merged.rows[0].cells[2].text = "Narrow"
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read_document(buffer.getvalue(), filename="layout.docx")
    assert (
        doc.text
        == "Ana Lima · ana@example.com\n\nBody paragraph\n\nLeft column\n\nFirst\n\nSecond\n\nWide | Narrow"
    )


# -------------------------------------------------------------------------------------------- errors


def test_encrypted_pdf() -> None:
    assert _error(DOCS / "encrypted_resume.pdf") == (
        "encrypted_resume.pdf is encrypted; remove the password and try again"
    )


def test_image_only_pdf_says_ocr_is_not_supported() -> None:
    message = _error(DOCS / "scan_image_only.pdf")
    assert message.startswith(
        "scan_image_only.pdf has no extractable text (image-only); OCR is not supported"
    )
    assert "paste the text" in message


def test_some_pages_without_text_is_a_warning() -> None:
    doc = read_document(_pdf(_text_page("Jane Roe", "Python"), b"0 0 100 100 re f", b"q Q"))
    assert doc.pages == 3
    assert doc.warnings == ("2 of 3 pages had no extractable text (image-only?); OCR is not supported",)


def test_corrupt_files() -> None:
    assert _error(DOCS / "corrupt_truncated.pdf").startswith("corrupt_truncated.pdf is not a valid PDF (")
    assert _error(DOCS / "corrupt_truncated.docx") == (
        "corrupt_truncated.docx is not a valid DOCX (corrupt zip); open it in Word and save it again"
    )
    with zipfile.ZipFile(DOCX_RESUME) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if name != "word/document.xml"}
    assert "no word/document.xml" in _error(_zip(parts), filename="resume.docx")
    assert "not a valid PDF (no %PDF header)" in _error(b"just some text", filename="resume.pdf")
    assert "not a valid DOCX (not a zip file)" in _error(b"just some text", filename="resume.docx")
    assert "not a valid PDF" in _error(b"%PDF-1.7\n" + bytes(range(256)) * 4)


def test_empty_and_blank_inputs() -> None:
    assert _error(DOCS / "empty.pdf") == (
        "empty.pdf is empty (0 bytes); give a file with the resume or posting text in it"
    )
    assert _error(b"").startswith("file is empty")
    assert _error(b" \n\t\r\n").startswith("file contains no text")
    assert "contains no text" in _error(b"<html><head><title>x</title></head><body> </body></html>")
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert _error(buffer.getvalue(), filename="blank.docx").startswith("blank.docx contains no text")


def test_missing_paths_and_directories(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.pdf").startswith("no such file: ")
    assert "is not a file" in _error(tmp_path)
    assert "x" * 300 not in _error("x" * 300)


def test_text_passed_as_a_path_is_refused_without_echoing_it() -> None:
    resume = "Jane Roe\njane@example.com\nPython, SQL"
    message = _error(resume)
    assert "pass text.encode()" in message and "Jane" not in message
    assert read_document(resume.encode()).text == resume


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), None, "old Word .doc"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "cv.doc", "old Word .doc"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
            "cv.docx",
            "password-protected",
        ),
        (b"{\\rtf1\\ansi Resume}", "cv.rtf", "RTF file"),
        (b"anything", "cv.pages", "Apple Pages"),
        (_zip({"Index/Document.iwa": b"x"}), None, "Apple Pages"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""}), None, ".odt"),
        (_zip({"xl/workbook.xml": b""}), "cv.xlsx", "spreadsheet"),
        (_zip({"notes.txt": b"hello"}), None, "zip archive"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "cv.png", "image (PNG); OCR is not supported"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 32, None, "image (JPEG); OCR is not supported"),
        (b"hello", "cv.jpg", "image (JPG)"),
        (b"\x1f\x8b\x08" + b"\0" * 32, None, "gzip archive"),
        (bytes(range(256)) * 4, None, "binary data"),
        (b"PK\x03\x04" + b"\0" * 40, None, "not a valid DOCX (corrupt zip)"),
    ],
)
def test_unsupported_formats_are_named(data: bytes, filename: str | None, expected: str) -> None:
    assert expected in _error(data, filename=filename)


# -------------------------------------------------------------------------------------------- limits


def test_limits_have_documented_defaults_and_validate() -> None:
    limits = ReadLimits()
    assert (limits.max_bytes, limits.max_pages, limits.max_chars, limits.pdf_timeout_s) == (
        10_000_000, 50, 500_000, 20.0,
    )  # fmt: skip
    assert all(field.description for field in ReadLimits.model_fields.values())
    with pytest.raises(pydantic.ValidationError):
        ReadLimits(max_bytes=0)
    with pytest.raises(pydantic.ValidationError):
        ReadLimits(max_pagez=3)  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError):
        limits.max_pages = 3  # type: ignore[misc]


def test_max_bytes(tmp_path: Path) -> None:
    small = ReadLimits(max_bytes=1_000)
    size = PDF_RESUME.stat().st_size
    expected = f"{PDF_RESUME.name} is {size / 1000:.1f} kB; the limit is 1 kB (ReadLimits.max_bytes)"
    assert _error(PDF_RESUME, limits=small).startswith(expected)
    assert _error(PDF_RESUME.read_bytes(), limits=small).startswith("file is ")
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 2_900_000)
    assert _error(big).startswith("big.txt is 14.5 MB; the limit is 10 MB (ReadLimits.max_bytes)")


def test_max_pages() -> None:
    assert _error(PDF_RESUME, limits=ReadLimits(max_pages=1)).startswith(
        f"{PDF_RESUME.name} has 2 pages; the limit is 1 (ReadLimits.max_pages)"
    )
    assert _error(_pdf(*[_text_page("x")] * 3), limits=ReadLimits(max_pages=2)).startswith("PDF has 3 pages")


def test_max_chars_for_every_format() -> None:
    tiny = ReadLimits(max_chars=100)
    for path in (
        PDF_RESUME,
        DOCX_RESUME,
        DOCS / "resume_data_engineer.md",
        DOCS / "posting_ml_engineer.html",
    ):
        assert "(ReadLimits.max_chars)" in _error(path, limits=tiny)


def test_pdf_text_bomb_stops_while_extracting() -> None:
    page = b"BT /F1 11 Tf 72 700 Td " + (b"(" + b"a" * 200 + b") Tj ") * 5_000 + b"ET"
    message = _error(_pdf(page, compress=True), limits=ReadLimits(max_chars=10_000))
    assert message.startswith("file has more than 20,000 characters of text; the limit is 10,000")


def test_pdf_decompression_bomb_is_refused() -> None:
    page = _text_page("hello") + b"\n%" + b" " * 3_000_000
    bomb = _pdf(page, compress=True)
    assert len(bomb) < 10_000
    message = _error(bomb, limits=ReadLimits(max_decoded_bytes=1_000_000))
    assert "too large or complex to read safely" in message and "ReadLimits.max_decoded_bytes" in message


def test_docx_zip_bomb_is_refused_before_unzipping() -> None:
    message = _error(DOCX_RESUME, limits=ReadLimits(max_decoded_bytes=10_000))
    assert "unzips to " in message and "(ReadLimits.max_decoded_bytes)" in message


class _Clock:
    """A clock that moves one second every time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        self.now += 1.0
        return self.now


def test_pdf_timeout_stops_inside_a_slow_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "time", _Clock())
    slow = _pdf(b"q Q\n" * 200 + _text_page("never reached"))
    message = _error(slow, limits=ReadLimits(pdf_timeout_s=20))
    assert "passed 20 s (ReadLimits.pdf_timeout_s) after 0 of 1 pages" in message


def test_html_parsing_has_the_same_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "time", _Clock())
    assert "too complex to read in time" in _error(DOCS / "posting_ml_engineer.html")


def test_hostile_markup_is_read_in_linear_time() -> None:
    for text, name in [
        ("<!--" * 50_000, "x.html"),
        ("<![>" + "<script>" * 30_000, "x.html"),
        ("<!x" * 50_000, "x.html"),
        ('<a b="' * 30_000, "x.html"),
        ("[" * 200_000, "x.md"),
        ("`" * 200_000, "x.md"),
        ("*a " * 60_000, "x.md"),
        (" " * 100_000 + "|x", "x.md"),
    ]:
        with contextlib.suppress(InputError):
            read_document(text.encode(), filename=name)


# ------------------------------------------------------------------------------------------ fuzzing

_PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<!DOCTYPE html><html>", b"\xef\xbb\xbf", b"\xff\xfe", b"# "]
_NAMES = [None, "x.pdf", "x.docx", "x.md", "x.html", "x.txt", "x.doc", "x"]


@settings(max_examples=150, deadline=2_000, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_PREFIXES), st.binary(max_size=3_000), st.sampled_from(_NAMES))
def test_arbitrary_bytes_give_a_document_or_an_input_error(
    prefix: bytes, body: bytes, name: str | None
) -> None:
    try:
        doc = read_document(prefix + body, filename=name)
    except InputError:
        return
    assert doc.text and doc.text == doc.text.strip() and "\x00" not in doc.text


_SEEDS = [PDF_RESUME.read_bytes(), DOCX_RESUME.read_bytes()]


@settings(max_examples=60, deadline=2_000, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SEEDS), st.lists(st.tuples(st.floats(0, 1), st.binary(max_size=8)), max_size=6))
def test_damaged_real_files_give_a_document_or_an_input_error(
    seed: bytes, edits: list[tuple[float, bytes]]
) -> None:
    data = bytearray(seed)
    for where, replacement in edits:
        at = int(where * (len(data) - 1))
        data[at : at + max(1, len(replacement))] = replacement
    with contextlib.suppress(InputError):
        read_document(bytes(data))


@settings(max_examples=200, deadline=2_000)
@given(st.text(max_size=400), st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_any_text_reads_to_normalised_text_that_reads_back_unchanged(text: str, name: str) -> None:
    try:
        doc = read_document(text.encode(), filename=name)
    except InputError:
        return
    assert read_document(doc.text.encode(), filename="x.txt").text == doc.text
    assert "\r" not in doc.text and "\n\n\n" not in doc.text and "  " not in doc.text


_WORD = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12)
_LINE = st.lists(_WORD, min_size=1, max_size=8).map(" ".join)
_PARAGRAPH = st.lists(_LINE, min_size=1, max_size=4).map("\n".join)


@settings(max_examples=150, deadline=2_000)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=5).map("\n\n".join))
def test_clean_text_round_trips_exactly(text: str) -> None:
    expected = unicodedata.normalize("NFC", text)
    assert read_document(expected.encode(), filename="notes.txt").text == expected
