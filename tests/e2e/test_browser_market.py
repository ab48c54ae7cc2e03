"""End to end, with a postings corpus: the server started as `payband serve --market PATH` would start it
(PAYBAND_MARKET_PATH, the worker factory) and the page's Market view driven through Debian's Chromium.

The server, browser and watched pages come from conftest.py. Screenshots land in
benchmarks/results/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "market"
Shot = Callable[["Page", str], None]


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


@pytest.fixture(scope="module")
def server_app() -> str:
    """The worker factory `payband serve` uses: settings from the environment."""
    return "payband.api.app:app_from_env"


@pytest.fixture(scope="module")
def server_env(corpus: Path) -> Mapping[str, str | None]:
    """The corpus configured as `payband serve --market PATH` configures it; no stray API settings or key."""
    return {"PAYBAND_MARKET_PATH": str(corpus), "PAYBAND_API_SETTINGS": None, "PAYBAND_API_KEY": None}


def test_market_menu_item_is_hidden_until_the_server_says_so() -> None:
    from fastapi.testclient import TestClient

    from payband.api.app import create_app
    from payband.api.settings import ApiSettings

    with TestClient(create_app(ApiSettings(warm_up=False))) as client:
        assert '<li id="nav-market" hidden><a href="#/market"' in client.get("/").text
        assert client.get("/market/info").json()["configured"] is False


def test_market_view_shows_stats_premiums_and_advice(page: Page, base_url: str, shot: Shot) -> None:
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
    shot(page, "market.png")

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


def test_market_view_fits_a_phone(phone: Page, base_url: str, shot: Shot) -> None:
    phone.goto(f"{base_url}/#/market?role=data-scientist&min_n=10")
    phone.wait_for_selector("#premiums-table tbody tr")
    phone.wait_for_selector("#market-stats-table tbody tr")
    width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    shot(phone, "phone-market.png")
