"""The input of a read: its bytes from a path or from bytes, never more than ``ReadLimits.max_bytes``.

A path is ``stat``-ed first, so a file above the limit is refused before it is read.
"""

from __future__ import annotations

import os
from pathlib import Path

from payband.errors import InputError
from payband.text.readers.models import ReadLimits
from payband.text.readers.refusals import too_big

__all__ = ["load_source"]


def load_source(source: str | os.PathLike[str] | bytes, limits: ReadLimits) -> tuple[bytes, str | None]:
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
            raise too_big(path.name, size, limits)
        with path.open("rb") as handle:
            return handle.read(limits.max_bytes + 1), path.name
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(f"cannot read {shown} ({reason}); check the path and its permissions") from error
