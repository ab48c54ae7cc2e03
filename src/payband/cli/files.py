"""Reading a user's text input for the CLI: a file path or '-' for stdin, within a size limit."""

from __future__ import annotations

import sys
from pathlib import Path

from payband.errors import InputError

__all__ = ["MAX_TEXT_BYTES", "read_text_input"]

MAX_TEXT_BYTES = 5_000_000


def read_text_input(path: str, limit: int = MAX_TEXT_BYTES) -> str:
    """The UTF-8 text of a file, or of stdin for '-', refusing anything over the limit."""
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        file = Path(path)
        if not file.is_file():
            raise InputError(f"no such file: {path}; give a path to a text or HTML file, or - for stdin")
        with file.open("rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{path} is over {limit:,} bytes; give one posting, not a corpus")
    return data.decode("utf-8", errors="replace")
