"""How a read is refused: the one-line ``InputError`` messages the readers share, and ``StopParsing``.

Every problem with the input is an ``InputError`` of one line that names the problem and the fix.
"""

from __future__ import annotations

from typing import Literal

from payband.errors import InputError
from payband.text.readers.models import ReadLimits

__all__ = ["StopParsing", "human_size", "refuse", "too_big", "too_many_chars"]


class StopParsing(Exception):
    """Raised from inside a parser (pypdf's visitors, the HTML parser) to abandon extraction: the
    deadline or the text budget was passed."""

    def __init__(self, reason: Literal["time", "size"]) -> None:
        super().__init__(reason)
        self.reason = reason


def refuse(label: str, what: str) -> InputError:
    """The error for an input that ``label`` names and that is ``what`` (a problem and its fix)."""
    return InputError(f"{label} is {what}")


def human_size(n: int) -> str:
    """A byte count as people read it: "12.5 MB", "3 kB", "512 bytes"."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n:,} bytes"


def too_big(label: str, size: int, limits: ReadLimits) -> InputError:
    """The error for an input above ``ReadLimits.max_bytes``."""
    return InputError(
        f"{label} is {human_size(size)}; the limit is {human_size(limits.max_bytes)} (ReadLimits.max_bytes) "
        "— send a smaller file or paste the text"
    )


def too_many_chars(label: str, count: str, limits: ReadLimits) -> InputError:
    """The error for text above ``ReadLimits.max_chars`` (``count`` is how much, as shown)."""
    return InputError(
        f"{label} has {count} characters of text; the limit is {limits.max_chars:,} "
        "(ReadLimits.max_chars) — send one resume or posting, not a collection"
    )
