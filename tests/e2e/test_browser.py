"""End to end: the real server (create_app under uvicorn) driven through Debian's Chromium by Playwright.

The server, browser and watched pages come from conftest.py. Screenshots land in
benchmarks/results/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
RESUME = ROOT / "examples" / "resume_data_scientist.md"
FORM_CONTROLS = {"resume", "text", "skills", "area", "years", "role", "target", "analyse"}
Shot = Callable[["Page", str], None]


def test_page_and_static_files_are_served_in_process() -> None:
    """The page, its script and styles come from payband itself, under a same-origin-only CSP."""
    from fastapi.testclient import TestClient

    from payband.api.app import create_app
    from payband.api.settings import ApiSettings

    with TestClient(create_app(ApiSettings(warm_up=False))) as client:
        page = client.get("/")
        assert page.status_code == 200
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert '<script src="/static/app.js" defer></script>' in page.text
        assert "http://" not in page.text.replace("http://www.w3.org", "")
        for name, media in [("app.js", "javascript"), ("app.css", "text/css")]:
            response = client.get(f"/static/{name}")
            assert response.status_code == 200 and media in response.headers["content-type"]
            assert "https://" not in response.text and "@import" not in response.text
        assert client.get("/static/missing.js").status_code == 404


def _expected_p50() -> int:
    """The example's data-scientist P50 in Austin, from the core (it moves whenever the model is refit)."""
    from payband.advice.advise import estimate_pay
    from payband.advice.profile import Profile

    profile = Profile.build(RESUME, area="Austin")
    value = estimate_pay(profile, "data-scientist").p50
    assert value is not None
    return value


def _analyse_example(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/#/advise")
    page.wait_for_selector("#target option[value='ml-engineer']", state="attached")
    page.set_input_files("#resume", str(RESUME))
    page.fill("#area", "Austin")
    page.select_option("#target", "ml-engineer")
    page.click("#analyse")
    page.wait_for_selector("#fits > li")


def test_roles_ranking_shows_bands_and_claims(page: Page, base_url: str, shot: Shot) -> None:
    page.goto(f"{base_url}/")
    rows = page.locator("table.ranking tbody tr")
    rows.first.wait_for()
    assert rows.count() >= 30
    assert page.locator("table.ranking tbody tr.headline").count() == 10
    ds = page.locator("tr[data-role='data-scientist']")
    assert "$130k–$180k" in ds.inner_text()
    assert ds.locator(".badge.within-p25-p75").count() == 1
    assert "median $120,230" in ds.inner_text()
    assert ds.locator("svg.band-svg rect.claim").count() == 1
    assert "BLS OEWS May 2025" in page.locator(".source").first.inner_text()
    shot(page, "roles.png")

    page.focus("#only-headline")
    page.keyboard.press("Space")
    assert page.locator("table.ranking tbody tr:visible").count() == 10

    page.click("tr[data-role='data-scientist'] a")
    page.wait_for_selector("h1:has-text('Data Scientist')")
    assert page.evaluate("location.hash") == "#/role/data-scientist"
    assert page.locator("text=15-2051 Data Scientists, National").count() >= 1
    page.locator("section[aria-labelledby='metros-h'] tbody tr").first.wait_for()
    assert page.locator("section[aria-labelledby='metros-h'] tbody tr").count() == 10
    shot(page, "role.png")


def test_pay_by_area_and_error_suggestions(page: Page, base_url: str, shot: Shot) -> None:
    page.goto(f"{base_url}/#/pay?role=data-scientist&area=Seattle")
    page.wait_for_selector("#band-h")
    assert "Seattle-Tacoma-Bellevue, WA" in page.inner_text("#band-h")
    assert "$164,740" in page.inner_text("#pay-result")
    assert "Source: BLS OEWS May 2025, 15-2051 Data Scientists, Seattle" in page.inner_text("#pay-result")

    page.fill("#est-years", "5")
    page.fill("#est-skills", "python, spark")
    page.click("#estimate-form button[type=submit]")
    page.wait_for_selector("#estimate-result table.factors")
    factors = page.inner_text("#estimate-result table.factors")
    assert "OEWS median" in factors and "experience" in factors and "Apache Spark" in factors
    shot(page, "pay.png")

    page.fill("#pay-area", "Portland")
    page.click("#pay-form button[type=submit]")
    alert = page.locator("#pay-result [role=alert]")
    alert.wait_for()
    assert "ambiguous" in alert.inner_text()
    page.click("#pay-result [role=alert] button:has-text('Portland-Vancouver-Hillsboro, OR-WA')")
    page.wait_for_selector("#band-h:has-text('Portland-Vancouver-Hillsboro')")


def test_advise_upload_shows_fits_estimate_gaps_and_path(page: Page, base_url: str, shot: Shot) -> None:
    _analyse_example(page, base_url)
    first = page.locator("#fits > li").first
    assert first.get_attribute("data-role") == "data-scientist"
    assert first.locator(".fit-title").inner_text() == "Data Scientist"
    assert "Python" in first.locator(".chips li.have").all_inner_texts()
    assert "Business acumen" in first.locator(".chips li.miss").all_inner_texts()
    assert "Austin-Round Rock-San Marcos, TX" in page.inner_text("#profile")

    estimate = page.locator("#estimate")
    assert estimate.locator("tr[data-role='data-scientist']").count() == 1
    assert f"${_expected_p50():,}" in estimate.inner_text()
    factors = estimate.locator("details[open] table.factors")
    kinds = factors.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.kind)")
    assert kinds[:3] == ["base", "role", "experience"]
    assert "OEWS median: 15-2051 Data Scientists, Austin" in factors.inner_text()

    assert "Kubernetes" in page.inner_text("#learn")
    assert page.locator("#path-h").inner_text() == "Path to Machine Learning Engineer"
    shot(page, "advise.png")

    with page.expect_download() as download:
        page.click("#download-report")
    assert download.value.suggested_filename == "payband-advice.html"
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert "<html" in report and "Data Scientist" in report


def test_keyboard_reaches_every_form_control(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/#/advise")
    page.wait_for_selector("#target option[value='ml-engineer']", state="attached")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    reached: set[str] = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id"))
        if FORM_CONTROLS <= reached:
            break
    assert FORM_CONTROLS <= reached, FORM_CONTROLS - reached

    page.focus("#area")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"

    page.focus("#skills")
    page.keyboard.type("python, sql, statistics, pandas")
    page.keyboard.press("Enter")
    page.wait_for_selector("#fits > li")
    assert page.evaluate("document.activeElement.id") == "advice-h"


def test_phone_viewport_has_no_horizontal_scroll(browser: Browser, base_url: str, shot: Shot) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(30_000)
    try:
        views = {
            "roles": ("#/roles", "table.ranking tbody tr"),
            "role": ("#/role/data-scientist", "#metros-h"),
            "pay": ("#/pay?role=data-scientist&area=Seattle", "#band-h"),
        }
        for name, (route, ready) in views.items():
            phone.goto(f"{base_url}/{route}")
            phone.wait_for_selector(ready)
            width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (route, width)
            shot(phone, f"phone-{name}.png")
        _analyse_example(phone, base_url)
        width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], ("#/advise", width)
        shot(phone, "phone-advise.png")
    finally:
        context.close()
