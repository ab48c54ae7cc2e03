"""Shared pytest fixtures (tests use only the repo and its bundled data, never ../shared)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
