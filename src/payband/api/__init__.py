"""payband's HTTP API: FastAPI routes over the core, the same JSON as the CLI's --json, one error shape."""

from __future__ import annotations

from payband.api.app import create_app
from payband.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]
