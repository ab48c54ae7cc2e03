"""The payband exception tree: every error a user can cause or meet derives from PaybandError.

Front ends render these: the CLI prints one line and exits 2, the HTTP API returns a JSON error.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DataError", "InputError", "NotFound", "PaybandError"]


class PaybandError(Exception):
    """Root of every error payband raises on purpose."""


class InputError(PaybandError, ValueError):
    """The caller gave something payband cannot use (bad value, bad file, ambiguous name)."""

    def __init__(self, message: str, *, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.suggestions: tuple[str, ...] = tuple(suggestions)


class NotFound(InputError, LookupError):
    """A named thing (role, area, skill, occupation) does not exist; carries the closest matches."""


class DataError(PaybandError):
    """Bundled or user-supplied reference data is missing, corrupt or inconsistent."""
