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
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) and the web page."""
    import os

    import uvicorn

    from payband.api.app import SETTINGS_ENV, create_app
    from payband.api.settings import ApiSettings

    settings = ApiSettings.from_env(
        host=host, port=port, market_path=market, api_key=api_key, workers=workers
    )
    settings.check_bind()
    if settings.workers == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, access_log=False)
        return
    create_app(settings)  # fail here, once, on a bad setting rather than in every worker
    if settings.api_key is not None:  # the key travels in its own variable, never in the JSON
        os.environ["PAYBAND_API_KEY"] = settings.api_key.get_secret_value()
    os.environ[SETTINGS_ENV] = settings.model_copy(update={"api_key": None}).model_dump_json()
    uvicorn.run(
        "payband.api.app:app_from_env",
        factory=True,
        workers=settings.workers,
        host=settings.host,
        port=settings.port,
        access_log=False,
    )
