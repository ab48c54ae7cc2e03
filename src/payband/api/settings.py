"""Settings of the HTTP API: one frozen model, read from arguments and PAYBAND_* variables, passed down."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from payband.errors import InputError

__all__ = ["ENV_PREFIX", "MAX_BATCH", "MAX_RANK_BATCH", "ApiSettings", "is_loopback"]

ENV_PREFIX = "PAYBAND_"
MAX_BATCH = 1000
"""Most texts one batch request may carry (the published schema's limit; settings may lower it)."""
DEFAULT_THREADS = 2
"""Worker threads per server process for core work: two, so a short text request need not wait for a
whole advice to finish."""
MAX_RANK_BATCH = 256
"""Most texts one /skills/rank request may carry (ranking is the heaviest per text)."""


def is_loopback(host: str) -> bool:
    """True for a host that only this machine can reach: 127.0.0.0/8, ::1 or 'localhost'."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class ApiSettings(BaseModel):
    """How `payband serve` binds and what it accepts; the defaults suit one person on one machine."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = Field(
        default="127.0.0.1", description="Interface to bind; loopback unless an API key is set."
    )
    port: int = Field(default=8000, ge=0, le=65535, description="TCP port (0 picks a free one).")
    api_key: SecretStr | None = Field(
        default=None,
        description="When set, every API route except /health needs it in the X-API-Key header. "
        "Required to bind anything but loopback.",
    )
    max_upload_bytes: int = Field(
        default=5_000_000, gt=0, description="Largest resume upload accepted, in bytes (5 MB)."
    )
    max_body_bytes: int = Field(
        default=6_000_000,
        gt=0,
        description="Largest request body accepted, in bytes (an upload plus its multipart framing).",
    )
    max_batch: int = Field(
        default=MAX_BATCH,
        ge=1,
        le=MAX_BATCH,
        description="Most texts per request to /salary/parse, /title/classify and /location/resolve.",
    )
    max_rank_batch: int = Field(
        default=MAX_RANK_BATCH, ge=1, le=MAX_RANK_BATCH, description="Most texts per request to /skills/rank."
    )
    request_timeout_s: float = Field(
        default=20.0, gt=0, description="Longest a request may compute; past it the API answers 504."
    )
    market_path: Path | None = Field(
        default=None,
        description="A postings corpus for /market/* and /advise: a DuckDB store from `payband market "
        "ingest` or a folder of Parquet tables; checked at startup.",
    )
    workers: int = Field(default=1, ge=1, le=64, description="Server processes (uvicorn workers).")
    threads: int = Field(
        default=DEFAULT_THREADS,
        ge=1,
        le=64,
        description="Worker threads per process for core work (text routes, advice). The work is CPU-bound "
        "and shares one interpreter lock, so more threads add no throughput; they only let a short request "
        "overtake a long one.",
    )
    warm_up: bool = Field(
        default=True, description="Load reference data and models at startup, so first requests are fast."
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ApiSettings:
        """Settings from PAYBAND_<FIELD> variables (e.g. PAYBAND_API_KEY), then explicit overrides.

        An override of None leaves the variable (or default) in place; a bad value raises InputError.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is not None and raw != "":
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "settings"
            raise InputError(f"setting {where}: {first['msg']} (got {first.get('input')!r})") from None

    @property
    def loopback(self) -> bool:
        """Whether the configured host is reachable only from this machine."""
        return is_loopback(self.host)

    def check_bind(self) -> None:
        """Refuse to expose the API beyond loopback without an API key."""
        if not self.loopback and self.api_key is None:
            raise InputError(
                f"refusing to bind {self.host} without an API key: set PAYBAND_API_KEY (or --api-key), "
                "or bind 127.0.0.1"
            )
