"""`payband advise` end to end on the example resumes: the four answers, the JSON shape, the report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import payband
from payband.advice.report import render_report
from payband.cli.main import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def data_scientist() -> payband.Profile:
    return payband.Profile.build(EXAMPLES / "resume_data_scientist.md", as_of=AS_OF)


def test_example_resumes_are_read_as_their_roles() -> None:
    expected = {
        "resume_data_scientist.md": "data-scientist",
        "resume_devops_engineer.txt": "devops-engineer",
        "resume_frontend_developer.md": "web-developer",
    }
    for name, role_id in expected.items():
        profile = payband.Profile.build(EXAMPLES / name, as_of=AS_OF)
        assert profile.current_role == role_id, name
        assert profile.years is not None and profile.years > 1
        assert payband.fit(profile)[0].role_id == role_id, name


def test_advice_answers_all_four_questions(data_scientist: payband.Profile) -> None:
    advice = payband.advise(data_scientist, target="ml-engineer")
    ids = [f.role_id for f in advice.fits]
    assert ids.index("data-scientist") < ids.index("blockchain-developer")
    by_role = {p.role_id: p for p in advice.pay}
    assert {"data-scientist", "ml-engineer"} <= set(by_role)
    estimate = by_role["ml-engineer"].estimate
    assert estimate is not None and estimate.p25 is not None and estimate.p75 is not None
    assert estimate.p25 < (estimate.p50 or 0) < estimate.p75
    missing = set(next(f for f in advice.fits if f.role_id == "ml-engineer").missing_required)
    assert missing & {g.skill_id for g in advice.gaps.skills}
    assert advice.path is not None and advice.path.target == "ml-engineer"


def test_estimate_pay_takes_a_profile(data_scientist: payband.Profile) -> None:
    here = payband.estimate_pay(data_scientist, "data-scientist")
    assert here.area_code == data_scientist.area_code
    more = data_scientist.model_copy(update={"years": (data_scientist.years or 0) + 5})
    assert (payband.estimate_pay(more, "data-scientist").p50 or 0) >= (here.p50 or 0)


def test_report_is_self_contained_and_has_every_section(data_scientist: payband.Profile) -> None:
    html = render_report(payband.advise(data_scientist, "ml-engineer"), generated=AS_OF)
    for heading in ("Your profile", "Roles that fit you", "What you would earn", "Skills to learn",
                    "Your path to Machine Learning Engineer", "Sources"):  # fmt: skip
        assert heading in html
    assert "<svg" in html and "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "BLS OEWS May 2025" in html


def test_cli_json_shape_and_report(tmp_path: Path) -> None:
    report = tmp_path / "advice.html"
    args = ["advise", str(EXAMPLES / "resume_devops_engineer.txt"), "--target", "site-reliability-engineer",
            "--report", str(report), "--json"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"profile", "fits", "pay", "gaps", "path"} <= set(data)
    assert data["path"]["target"] == "site-reliability-engineer"
    assert report.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_cli_skills_only_and_terminal_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["advise", "--skills", "python,sql,statistics,pandas", "--area", "Seattle", "--years", "3",
         "--no-report"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Roles that fit you" in result.stdout
    assert "Report:" not in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["advise"], "give a resume file"),
        (["advise", "no/such/resume.pdf"], "no such file"),
        (["advise", "--skills", "python", "--target", "astronaut"], "unknown"),
        (["advise", "--skills", "python", "--area", "Portland"], "ambiguous"),
        (["advise", "--skills", "pythn-xyz-unknown"], "unknown"),
    ],
)
def test_cli_errors_are_one_line(args: list[str], needle: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [*args, "--report", str(tmp_path / "r.html")])
    assert result.exit_code == 2, result.output
    assert needle in result.stderr.lower()
    assert len(result.stderr.strip().splitlines()) == 1


def test_advise_with_a_market_corpus(tmp_path: Path) -> None:
    """`--market` adds the corpus's premiums (with n) beside the built-in evidence."""
    db = tmp_path / "market.duckdb"
    corpus = Path(__file__).resolve().parent / "fixtures" / "market" / "glassdoor_sample.csv"
    runner = CliRunner()
    ingest = runner.invoke(app, ["market", "ingest", str(corpus), "--db", str(db)])
    assert ingest.exit_code == 0, ingest.output
    result = runner.invoke(
        app,
        ["advise", "--skills", "python,sql,statistics", "--role", "data-scientist", "--market", str(db),
         "--no-report", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    market = data["market"]
    assert market["role"] == data["path"]["target"]  # premiums for the role the advice aims at
    assert str(db) in market["source"]
    assert all(p["n_with"] >= 0 and p["n_without"] >= 0 for p in market["premiums"].values())
