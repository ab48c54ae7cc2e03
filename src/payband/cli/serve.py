"""`payband serve`: the HTTP API (and the web page) on loopback, or elsewhere only with an API key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from payband.cli.common import fail_cleanly

__all__ = ["serve_command"]


@fail_cleanly
def serve_command(
    host: Annotated[
        str, typer.Option(help="Interface to bind. Anything but loopback needs an API key.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    market: Annotated[
        Path | None, typer.Option(help="Postings corpus for the market routes.", dir_okay=True)
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            envvar="PAYBAND_API_KEY",
            show_envvar=True,
            help="Key every API route except /health requires in X-API-Key (prefer the env variable).",
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Server processes (default 1; PAYBAND_WORKERS).")
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Threads per process for text and advice work (PAYBAND_THREADS)."),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) and the web page."""
    from payband.api.server import serve
    from payband.api.settings import ApiSettings

    settings = ApiSettings.from_env(
        host=host, port=port, market_path=market, api_key=api_key, workers=workers, threads=threads
    )
    serve(settings)
