"""End to end, with a postings corpus: the server started as `payband serve --market PATH` would start it
(PAYBAND_MARKET_PATH, the worker factory) and the page's Market view driven through Debian's Chromium.

Screenshots land in benchmarks/results/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import importlib.util
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "market"
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
SKIP_BROWSER = (
    "Debian's Chromium is missing at /usr/bin/chromium: apt-get install chromium"
    if not CHROMIUM.exists()
    else "playwright is not installed: pip install playwright (its own browser download is not needed)"
    if importlib.util.find_spec("playwright") is None
    else None
)

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("uvicorn") is None or importlib.util.find_spec("fastapi") is None,
    reason="the HTTP server needs fastapi and uvicorn",
)


def _postings() -> list[dict[str, Any]]:
    """80 data scientists in Seattle (Kubernetes pays ~30k more; Terraform in 5 only), 30 data engineers."""
    rnd = random.Random(7)
    words = ["forecasting", "pricing", "churn", "fraud", "logistics", "retail", "health", "insurance"]
    words += ["energy", "media", "travel", "ads", "search", "ranking", "growth", "supply", "payments"]
    rows = []
    for i in range(110):
        engineer = i >= 80
        k8s = i % 2 == 0
        about = " ".join(rnd.choice(words) for _ in range(40))
        needs = " Kubernetes and Docker." if k8s else ""
        needs += " Terraform experience." if i < 5 else ""
        if engineer:
            needs = " Apache Spark and Airflow." + (" Kafka." if k8s else "")
            pay = 125_000 + (i % 7) * 6000 + (10_000 if k8s else 0)
        else:
            pay = (150_000 if k8s else 120_000) + (i % 5) * 1000
        title = "Data Engineer" if engineer else "Senior Data Scientist" if i % 3 == 0 else "Data Scientist"
        rows.append(
            {
                "title": title,
                "company": f"Co {i}",
                "location": "Austin, TX" if engineer else "Seattle, WA",
                "description": f"Posting {i}. Our team works on {about}.\nRequirements: Python, SQL.{needs}",
                "min_amount": pay,
                "max_amount": pay + (20_000 if engineer else 0),
                "interval": "yearly",
                "date_posted": f"2024-0{1 + i % 3}-15",
            }
        )
    return rows


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Glassdoor fixture and the synthetic postings, ingested as `payband market ingest` would."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from payband.market.ingest import IngestSettings, ingest

    folder = tmp_path_factory.mktemp("corpus")
    extra = folder / "postings.parquet"
    pq.write_table(pa.Table.from_pylist(_postings()), extra)
    db = folder / "market.duckdb"
    ingest([FIX / "glassdoor_sample.csv", extra], db=db, settings=IngestSettings(workers=1, batch_size=50))
    return db


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API under uvicorn on a free loopback port, with the corpus configured; stopped afterwards."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    command = [sys.executable, "-m", "uvicorn", "payband.api.app:app_from_env", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    env = {**os.environ, "PAYBAND_MARKET_PATH": str(corpus)}
    env.pop("PAYBAND_API_SETTINGS", None)
    env.pop("PAYBAND_API_KEY", None)
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
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
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium (Playwright's own browser download is not used)."""
    if SKIP_BROWSER:
        pytest.skip(SKIP_BROWSER)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _watch(tab: Page, base_url: str) -> list[str]:
    """Script errors and requests leaving payband, collected while the test runs."""
    problems: list[str] = []
    tab.set_default_timeout(30_000)
    tab.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    tab.on(
        "request",
        lambda req: None if req.url.startswith((base_url, "data:", "blob:")) else problems.append(req.url),
    )
    return problems


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_market_menu_item_is_hidden_until_the_server_says_so() -> None:
    from fastapi.testclient import TestClient

    from payband.api.app import create_app
    from payband.api.settings import ApiSettings

    with TestClient(create_app(ApiSettings(warm_up=False))) as client:
        assert '<li id="nav-market" hidden><a href="#/market"' in client.get("/").text
        assert client.get("/market/info").json()["configured"] is False


def test_market_view_shows_stats_premiums_and_advice(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = _watch(page, base_url)
    try:
        page.goto(f"{base_url}/")
        page.wait_for_selector("#nav-market:not([hidden])")
        page.click("#nav-market a")
        page.wait_for_selector("#market-stats-table tbody tr")
        assert page.evaluate("location.hash") == "#/market"
        assert page.get_attribute("#nav-market a", "aria-current") == "page"
        assert "payband market corpus" in page.inner_text("#main .source")
        ds = page.locator("#market-stats-table tr[data-role='data-scientist']")
        assert "Data Scientist" in ds.inner_text() and "81" in ds.inner_text() and "100%" in ds.inner_text()
        assert ds.locator("svg.band-svg rect.box").count() == 1
        de = page.locator("#market-stats-table tr[data-role='data-engineer']")
        assert de.locator("svg.band-svg rect.box").count() == 1
        assert "not enough data" in page.inner_text("#market-stats-table tr[data-role='ml-engineer']")

        page.select_option("#market-role", "data-scientist")
        page.fill("#market-min-n", "10")
        page.click("#market-show")
        page.wait_for_selector("#premiums-table tbody tr")
        assert page.evaluate("document.activeElement.id") == "premiums-h"
        assert page.evaluate("location.hash") == "#/market?role=data-scientist&min_n=10"
        top = page.locator("#premiums-table tbody tr").first
        assert top.get_attribute("data-skill") in {"kubernetes", "docker"}
        assert "90% interval +$" in top.inner_text() and "40" in top.inner_text()
        assert top.locator("svg line.zero").count() == 1
        assert "Terraform" in page.inner_text("#premiums-thin")
        assert "Not enough data" in page.inner_text("#thin-h")
        _shot(page, "market.png")

        page.click("#market-stats-table tr[data-role='data-engineer'] button.role-pick")
        page.wait_for_selector("#premiums-h:has-text('Data Engineer')")
        page.fill("#market-min-n", "1")
        page.click("#market-show")
        assert page.get_attribute("#market-min-n", "aria-invalid") == "true"

        page.goto(f"{base_url}/#/advise")
        page.wait_for_selector("#target option[value='data-scientist']", state="attached")
        page.fill("#skills", "python, sql")
        page.fill("#area", "Seattle")
        page.select_option("#target", "data-scientist")
        page.click("#analyse")
        page.wait_for_selector("#advice-market")
        market = page.inner_text("#advice-market")
        assert "What the job postings say" in market and "Kubernetes" in market
        assert "payband market corpus" in market
    finally:
        context.close()
    assert problems == [], problems


def test_market_view_fits_a_phone(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    problems = _watch(phone, base_url)
    try:
        phone.goto(f"{base_url}/#/market?role=data-scientist&min_n=10")
        phone.wait_for_selector("#premiums-table tbody tr")
        phone.wait_for_selector("#market-stats-table tbody tr")
        width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], width
        _shot(phone, "phone-market.png")
    finally:
        context.close()
    assert problems == [], problems
