"""Write the binary fixtures the document-reader tests read, into ``tests/fixtures/docs/``.

    python scripts/make_reader_fixtures.py           # (re)write the fixtures
    python scripts/make_reader_fixtures.py --check   # fail if a fresh build differs from the files

Every file comes out byte-identical on every run: the PDFs are written by hand (standard Type1
Helvetica fonts, text objects, fixed /Info and /ID), the DOCX has fixed core properties and its zip
entries are rewritten with a fixed timestamp, and the encrypted PDF uses RC4 with a fixed /ID (pypdf
derives the RC4 key from the passwords and the /ID, so nothing random is left). The resume is
invented; no real person's data is used.

The hand-written text fixtures next to them (``resume_data_engineer.md``, ``resume_frontend.txt``,
``posting_ml_engineer.html``, ``posting_sre.txt``) are committed files, not outputs of this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.shared import Pt
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "docs"
FIXED_TIME = dt.datetime(2024, 1, 15, 9, 30, tzinfo=dt.UTC)
ZIP_TIME = (2024, 1, 15, 9, 30, 0)
PDF_ID = bytes.fromhex("50617962616e64466978747572653031")  # b"PaybandFixture01"

NAME = "Daniel Okafor"
HEADLINE = "Senior Platform Engineer"
CONTACT = "Portland, OR | daniel.okafor@example.org | (503) 555-0162 | github.com/dokafor-infra"
SUMMARY = (
    "Platform engineer with nine years of experience running Kubernetes and AWS infrastructure for",
    "product teams. I build paved roads: self-service deploys, sane defaults and alerts that matter.",
)
# (title line, bullet lines); a bullet may wrap onto a second line.
JOBS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    (
        "Senior Platform Engineer, Cascadia Freight — Mar 2021 – Present",
        (
            ("Run 14 EKS clusters (2,300 pods) defined in Terraform and Helm; 99.95% availability.",),
            ("Reduced deploy times by 70% by rebuilding the CI pipe-", "line on GitHub Actions and Argo CD."),
            ("Led the move from self-managed PostgreSQL to Aurora with zero-downtime cutover.",),
            ("Built cost dashboards in Grafana that cut the monthly AWS bill by $38k.",),
        ),
    ),
    (
        "DevOps Engineer, Lumen Health — Jun 2017 – Feb 2021",
        (
            ("Containerised 40 Python and Java services with Docker and moved them to Kubernetes.",),
            ("Wrote Ansible and Terraform modules used by six product teams.",),
            ("Introduced Prometheus alerting and on-call runbooks; pages fell by half.",),
        ),
    ),
)
PAGE2_JOBS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    (
        "Systems Administrator, Brightline Analytics — Jul 2015 – May 2017",
        (
            ("Maintained Linux fleets (Ubuntu, CentOS) and Bash automation for nightly ETL jobs.",),
            ("Migrated the on-premise MySQL cluster to Amazon RDS.",),
        ),
    ),
)
SKILLS: tuple[tuple[str, str], ...] = (
    ("Cloud", "AWS (EKS, EC2, RDS, IAM, S3), GCP basics"),
    ("Infrastructure", "Kubernetes, Terraform, Helm, Docker, Ansible"),
    ("Languages", "Python, Go, Bash, SQL"),
    ("Observability", "Prometheus, Grafana, OpenTelemetry, PagerDuty"),
)
EDUCATION = "B.S. Computer Engineering, Oregon State University — 2015"
CERTIFICATION = "Certified Kubernetes Administrator (CKA), 2022"


# ---------------------------------------------------------------------------------------------- PDF


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (en/em dashes and bullets are single bytes there)."""
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def _pdf_text_string(text: str) -> bytes:
    """A PDF text string for /Info: UTF-16BE with a byte-order mark, written in hex."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">"


def _assemble_pdf(objects: list[bytes], info: bytes) -> bytes:
    """A complete PDF: objects numbered from 1 (object 1 the catalog), an /Info dict, xref, trailer."""
    objects = [*objects, info]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    pdf_id = b"<" + PDF_ID.hex().encode() + b">"
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /ID [%s %s] >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        pdf_id,
        pdf_id,
        xref_at,
    )
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


class _Page:
    """Lines of text laid out top-down on a US-letter page."""

    def __init__(self) -> None:
        self.y = 740.0
        self.ops: list[bytes] = []

    def line(
        self, text: str, *, size: float = 10.5, bold: bool = False, x: float = 72, gap: float = 0
    ) -> None:
        self.y -= gap
        font = b"/F2" if bold else b"/F1"
        self.ops.append(
            b"BT %s %.1f Tf 1 0 0 1 %.1f %.1f Tm %s Tj ET" % (font, size, x, self.y, _pdf_string(text))
        )
        self.y -= size * 1.45

    def content(self) -> bytes:
        return b"\n".join(self.ops)


def _job_lines(page: _Page, jobs: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]) -> None:
    for title, bullets in jobs:
        page.line(title, bold=True, gap=6)
        for bullet in bullets:
            page.line("\u2022 " + bullet[0], x=84)
            for more in bullet[1:]:
                page.line(more, x=92)


def resume_pdf() -> bytes:
    """The resume as a two-page PDF with real text objects (Helvetica and Helvetica-Bold)."""
    one = _Page()
    one.line(NAME, size=20, bold=True)
    one.line(HEADLINE, size=12)
    one.line(CONTACT, size=9.5)
    one.line("SUMMARY", size=12, bold=True, gap=14)
    for text in SUMMARY:
        one.line(text)
    one.line("EXPERIENCE", size=12, bold=True, gap=14)
    _job_lines(one, JOBS)

    two = _Page()
    two.line("EXPERIENCE (continued)", size=12, bold=True)
    _job_lines(two, PAGE2_JOBS)
    two.line("SKILLS", size=12, bold=True, gap=14)
    for area, tools in SKILLS:
        two.line(f"{area}: {tools}")
    two.line("EDUCATION", size=12, bold=True, gap=14)
    two.line(EDUCATION)
    two.line(CERTIFICATION)

    fonts = b"<< /Font << /F1 6 0 R /F2 7 0 R >> >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        page % (fonts, 5),
        page % (fonts, 8),
        _stream(one.content()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        _stream(two.content()),
    ]
    info = b"<< /Title %s /Author %s /Creator (payband make_reader_fixtures.py) >>" % (
        _pdf_text_string(f"{NAME} \u2013 Resume"),
        _pdf_text_string(NAME),
    )
    return _assemble_pdf(objects, info)


def image_only_pdf() -> bytes:
    """A one-page "scan": a grey image XObject and a drawn frame, and no text operators at all."""
    content = (
        b"q 0.9 g 60 60 492 672 re f Q\nq 468 0 0 640 72 76 cm /Im1 Do Q\nq 0 G 1 w 60 60 492 672 re S Q"
    )
    pixels = bytes([200, 40, 40, 200] * 2)  # 4x2 grey image
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        _stream(content),
        _stream(
            pixels,
            b" /Type /XObject /Subtype /Image /Width 4 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
        ),
    ]
    return _assemble_pdf(objects, b"<< /Title (Scanned resume) /Creator (payband make_reader_fixtures.py) >>")


def encrypted_pdf(plain: bytes) -> bytes:
    """The resume PDF behind a user password (RC4-128, fixed /ID, so the bytes are reproducible)."""
    writer = PdfWriter(clone_from=io.BytesIO(plain))
    writer.add_metadata({"/Producer": "payband make_reader_fixtures.py"})
    writer.encrypt(user_password="correct horse", owner_password="battery staple", algorithm="RC4-128")
    # encrypt() keys RC4 on the first /ID (ours, cloned) but draws the second at random: pin it.
    writer._ID = ArrayObject([ByteStringObject(PDF_ID), ByteStringObject(PDF_ID)])
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    if not PdfReader(io.BytesIO(data)).is_encrypted:  # pragma: no cover - guards the fixture itself
        raise SystemExit("pypdf did not encrypt the fixture")
    return data


# --------------------------------------------------------------------------------------------- DOCX


def _deterministic_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp and attributes fixed (python-docx stamps 'now')."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(entry.filename), compresslevel=9)
    return out.getvalue()


def resume_docx() -> bytes:
    """The same resume as a DOCX: Title and Heading styles, bullet lists and a two-column skills table."""
    document = docx.Document()
    props = document.core_properties
    props.author = NAME
    props.last_modified_by = NAME
    props.title = f"{NAME} – Resume"
    props.created = props.modified = props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""

    document.add_heading(NAME, level=0)
    document.add_paragraph(HEADLINE)
    document.add_paragraph(CONTACT).runs[0].font.size = Pt(9.5)
    document.add_heading("Summary", level=1)
    document.add_paragraph(" ".join(SUMMARY))
    document.add_heading("Experience", level=1)
    for title, bullets in JOBS + PAGE2_JOBS:
        document.add_heading(title, level=2)
        for bullet in bullets:
            text = "".join(part[:-1] if part.endswith("-") else part + " " for part in bullet).strip()
            document.add_paragraph(text, style="List Bullet")
    document.add_heading("Skills", level=1)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "Area"
    table.rows[0].cells[1].text = "Tools"
    for area, tools in SKILLS:
        cells = table.add_row().cells
        cells[0].text = area
        cells[1].text = tools
    document.add_heading("Education", level=1)
    document.add_paragraph(EDUCATION)
    document.add_paragraph(CERTIFICATION)

    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())


# ------------------------------------------------------------------------------------------- driver


def build() -> dict[str, bytes]:
    """Every binary fixture by file name."""
    pdf = resume_pdf()
    word = resume_docx()
    return {
        "resume_platform_engineer.pdf": pdf,
        "resume_platform_engineer.docx": word,
        "encrypted_resume.pdf": encrypted_pdf(pdf),
        "scan_image_only.pdf": image_only_pdf(),
        "corrupt_truncated.pdf": pdf[:400],
        "corrupt_truncated.docx": word[: len(word) // 2],
        "empty.pdf": b"",
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the files on disk")
    args = parser.parse_args(argv)
    fixtures = build()
    if args.check:
        stale = [name for name, data in fixtures.items() if (OUT / name).read_bytes() != data]
        for name in stale:
            print(f"stale: {name}")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in fixtures.items():
        (OUT / name).write_bytes(data)
        print(f"wrote {OUT / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
