"""Shared set-up for the browser end-to-end tests: the real server (uvicorn on a free loopback port),
Debian's Chromium driven by Playwright, pages that fail on script errors or requests leaving payband.

A test module picks what the server runs by overriding the module-scoped `server_app` and `server_env`
fixtures. Screenshots land in benchmarks/results/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "benchmarks" / "results" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
PHONE: dict[str, Any] = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}

SKIP_SERVER = (
    "the HTTP server needs fastapi and uvicorn"
    if importlib.util.find_spec("uvicorn") is None or importlib.util.find_spec("fastapi") is None
    else None
)
SKIP_BROWSER = (
    "Debian's Chromium is missing at /usr/bin/chromium: apt-get install chromium"
    if not CHROMIUM.exists()
    else "playwright is not installed: pip install playwright (its own browser download is not needed)"
    if importlib.util.find_spec("playwright") is None
    else None
)

Shot = Callable[["Page", str], None]
NewPage = Callable[..., "Page"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here needs the HTTP server's packages: skip them all, with why, when one is missing."""
    needs_server = pytest.mark.skipif(SKIP_SERVER is not None, reason=str(SKIP_SERVER))
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(needs_server)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(app: str, log: Path, env: Mapping[str, str | None] | None = None) -> Iterator[str]:
    """Run the app factory `app` under uvicorn on a free loopback port until the block ends; yield its URL.

    `env` is laid over this process's environment (a value of None removes that variable); without it the
    server inherits the environment unchanged.
    """
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", app, "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    environ = None
    if env is not None:
        environ = {**os.environ, **{k: v for k, v in env.items() if v is not None}}
        for name in [k for k, v in env.items() if v is None]:
            environ.pop(name, None)
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=environ)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer /health within 60 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def server_app() -> str:
    """The app factory uvicorn runs; a module overrides this fixture to run another."""
    return "payband.api.app:create_app"


@pytest.fixture(scope="module")
def server_env() -> Mapping[str, str | None] | None:
    """Environment laid over this process's for the server (None: inherit it unchanged); see `serve`."""
    return None


@pytest.fixture(scope="module")
def base_url(
    server_app: str, server_env: Mapping[str, str | None] | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The module's server, started once for its tests and stopped afterwards."""
    with serve(server_app, tmp_path_factory.mktemp("server") / "server.log", server_env) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium (Playwright's own browser download is not used)."""
    if SKIP_BROWSER:
        pytest.skip(SKIP_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Browser, base_url: str) -> Iterator[NewPage]:
    """Open pages in fresh contexts (keyword arguments go to `new_context`); when the test is over they are
    closed and the test fails if any of them had a script error or sent a request leaving payband."""
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        tab.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
        tab.on(
            "request",
            lambda req: (
                None if req.url.startswith((base_url, "data:", "blob:")) else problems.append(req.url)
            ),
        )
        return tab

    yield open_page
    for context in contexts:
        context.close()
    assert problems == [], problems


@pytest.fixture
def page(new_page: NewPage) -> Page:
    """A desktop-sized page, watched as `new_page` watches."""
    return new_page(**DESKTOP)


@pytest.fixture
def phone(new_page: NewPage) -> Page:
    """A phone-sized touch page, watched as `new_page` watches."""
    return new_page(**PHONE)


@pytest.fixture(scope="session")
def shot() -> Shot:
    """Save a full-page screenshot under benchmarks/results/screenshots/."""

    def save(page: Page, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)

    return save
