"""PDF → text, page count, title and warnings, with pypdf kept inside ``ReadLimits``.

A PDF is refused above ``max_pages`` before any page is parsed. pypdf's own limits are tightened for
the call (through its context-local ``apply_configuration``): every decompressed stream is capped at
``max_decoded_bytes``, content-stream parsing at ~500k tokens a page (about a second), the page
tree, form nesting and XMP size too. A thread with a deadline could not stop pypdf's CPU work, so
the reader stops it cooperatively instead: text is extracted one page at a time, and both between
pages and on every content-stream operator (pypdf's ``visitor_operand_before`` hook) the clock is
checked against ``pdf_timeout_s`` and the text drawn so far against twice ``max_chars``; passing
either raises out of pypdf at once. The worst case is therefore the deadline plus one bounded
parse, not a hang.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from payband.errors import InputError
from payband.text.readers.models import ReadLimits
from payband.text.readers.normalise import one_line
from payband.text.readers.refusals import StopParsing, refuse, too_many_chars

__all__ = ["read_pdf"]


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
    return refuse(
        label,
        f"too large or complex to read safely ({reason}) — export it again from the original document "
        "or paste the text",
    )


def _pdf_reason(error: BaseException) -> str:
    from pypdf.errors import PyPdfError

    return _short(error) if isinstance(error, PyPdfError) else "malformed structure"


def read_pdf(
    data: bytes, name: str | None, limits: ReadLimits, *, clock: Callable[[], float]
) -> tuple[str, int, str | None, list[str]]:
    """The text of every page, the page count, the /Title and warnings; ``clock`` times the read."""
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
    deadline = clock() + limits.pdf_timeout_s
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
            raise refuse(label, corrupt.format(_pdf_reason(error))) from error
        encrypted_error = refuse(label, "encrypted; remove the password and try again")
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
            raise refuse(label, corrupt.format(_pdf_reason(error))) from error
        if count == 0:
            raise refuse(label, corrupt.format("no pages"))
        if count > limits.max_pages:
            raise InputError(
                f"{name or 'PDF'} has {count:,} pages; the limit is {limits.max_pages:,} "
                "(ReadLimits.max_pages) — send only the pages with the resume or posting"
            )
        title = _pdf_title(reader)

        shown = 0  # characters the text-showing operators have drawn so far (bytes, for byte strings)

        def on_operator(operator: Any, operands: Any, *_: Any) -> None:
            nonlocal shown
            if clock() > deadline:
                raise StopParsing("time")
            if operator in _SHOW_TEXT:
                shown += sum(_shown_length(operand) for operand in operands)
                if shown > budget:
                    raise StopParsing("size")

        texts: list[str] = []
        blank = failed = extracted = 0
        for number in range(count):
            if clock() > deadline:
                raise refuse(label, too_slow.format(number, count))
            try:
                page = reader.pages[number]
                text = page.extract_text(visitor_operand_before=on_operator)
            except StopParsing as stop:
                if stop.reason == "time":
                    raise refuse(label, too_slow.format(number, count)) from stop
                raise too_many_chars(label, f"more than {budget:,}", limits) from stop
            except (DependencyError, FileNotDecryptedError) as error:
                raise encrypted_error from error
            except (LimitReachedError, MemoryError, RecursionError) as error:
                raise _too_complex(label, error) from error
            except Exception:  # one unreadable page does not lose the others
                failed += 1
                continue
            extracted += len(text)
            if extracted > budget:
                raise too_many_chars(label, f"more than {budget:,}", limits)
            if text.strip():
                texts.append(text)
            else:
                blank += 1
    if failed == count:
        raise refuse(label, corrupt.format("no page could be read"))
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
    return one_line(raw) if isinstance(raw, str) else None
