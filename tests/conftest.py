"""Shared pytest fixtures: the CLI runner and paths inside the repo (tests never need ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
