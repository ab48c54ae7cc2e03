"""The offline web page: `mount(app)` serves index.html at `/` and its script and styles under `/static`.

Everything the page loads comes from this package (no CDN, no web fonts); a Content-Security-Policy
header on the page keeps it that way.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

__all__ = ["STATIC_DIR", "mount"]

STATIC_DIR = Path(__file__).parent / "static"

# Only payband's own origin: scripts, styles, data and images never come from anywhere else.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def mount(app: FastAPI) -> None:
    """Serve the page at `/` (and `/index.html`) and its files under `/static` on a FastAPI app."""
    index = STATIC_DIR / "index.html"

    async def page() -> HTMLResponse:
        return HTMLResponse(index.read_text(encoding="utf-8"), headers=_HEADERS)

    app.add_api_route("/", page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/index.html", page, methods=["GET"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
