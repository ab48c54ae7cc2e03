"""Shared pytest fixtures (tests use only the repo and its bundled data, never ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

SRC = Path(__file__).resolve().parents[1] / "src"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test stale compiled modules: in an editable install, mypyc's extension modules sit
    beside their sources (setup.py) and Python imports them first, so an edited source is not what
    runs until the package is rebuilt. A module's code is in the shared library built with it."""
    built = max((library.stat().st_mtime for library in SRC.glob("payband_compiled__mypyc*.so")), default=0.0)
    stale = []
    for stub in SRC.glob("payband/**/*.so"):
        source = stub.with_name(stub.name.split(".")[0] + ".py")
        if not source.exists() or source.stat().st_mtime > max(built, stub.stat().st_mtime):
            stale.append(str(source.relative_to(SRC)))
    if stale:
        pytest.exit(
            f"compiled modules older than their sources: {', '.join(sorted(stale))}; rebuild them with "
            "`pip install -e .`, or delete them (`find src -name '*.so' -delete`) to run plain Python",
            returncode=4,
        )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
