"""Pieces every CLI command shares: the --json flag, JSON output, and turning errors into one line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from payband.errors import PaybandError

__all__ = ["JsonFlag", "emit_json", "fail_cleanly"]

P = ParamSpec("P")
R = TypeVar("R")

JsonFlag = Annotated[bool, typer.Option("--json", help="Write JSON for programs instead of a table.")]


def fail_cleanly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a PaybandError into one line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except PaybandError as exc:
            message = str(exc)
            suggestions = getattr(exc, "suggestions", ())
            if suggestions:
                message += f" (closest: {'; '.join(suggestions)})"
            print(f"payband: error: {message}", file=sys.stderr)
            raise typer.Exit(2) from None

    return wrapper


def emit_json(data: Any) -> None:
    """Write JSON to stdout, one document, UTF-8."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
