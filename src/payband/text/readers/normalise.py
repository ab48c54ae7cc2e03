"""Text cleanup shared by every reader: NFC, ``\\n`` newlines, no control characters, single spaces.

``normalise`` also joins words split by a hyphen at a line end where that is safe and separates
paragraphs by one blank line.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "normalise", "one_line"]

_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# C0/C1 controls except tab and newline, soft hyphen, zero-width space/word joiner, BOM, lone
# surrogates, private-use characters (icon fonts in PDFs) and the two BMP non-characters.
_DROP = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ufffe\uffff"
    "\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
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


def clean(text: str) -> str:
    """NFC, \\n newlines, no controls, and single spaces inside lines (indentation is kept)."""
    text = _NEWLINES.sub("\n", text).replace("\u00ad\n", "")  # a soft hyphen at a line end joins
    text = unicodedata.normalize("NFC", _DROP.sub("", text))
    return _INNER_SPACES.sub(" ", text)


def normalise(text: str) -> str:
    """``clean``, then no indentation, hyphen-split words joined and at most one blank line."""
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", clean(text))).strip()
    text = _BLANK_RUNS.sub("\n\n", _SPLIT_WORD.sub(_dehyphenate, text))
    return unicodedata.normalize("NFC", text)


def one_line(text: str | None, limit: int = 300) -> str | None:
    """``text`` normalised onto one line of at most ``limit`` characters (a title), or None."""
    if not text:
        return None
    line = " ".join(normalise(text).split())[:limit].strip()
    return line or None
