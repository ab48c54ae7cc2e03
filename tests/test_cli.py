"""The CLI: tables for people, --json shapes for programs, one-line errors with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from payband.cli.main import app

PAY_KEYS = {
    "p10", "p25", "p50", "p75", "p90", "mean", "employment", "soc", "area_code", "area_name",
    "source", "top_coded",
}  # fmt: skip


def test_pay_json_shape(runner: CliRunner) -> None:
    result = runner.invoke(app, ["pay", "data-scientist", "--area", "Seattle", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert PAY_KEYS <= set(data)
    assert data["p50"] == 164740
    assert data["area_code"] == "0042660"
    assert data["source"].startswith("BLS OEWS May 2025, 15-2051 Data Scientists, Seattle")


def test_pay_table_shows_figures_and_source(runner: CliRunner) -> None:
    result = runner.invoke(app, ["pay", "data-scientist", "--area", "seattle wa"])
    assert result.exit_code == 0, result.output
    assert "$164,740" in result.stdout
    assert "Source: BLS OEWS May 2025, 15-2051 Data Scientists" in result.stdout


def test_top_coded_json_marker(runner: CliRunner) -> None:
    result = runner.invoke(app, ["pay", "29-1022", "--area", "Alabama", "--json"])
    data = json.loads(result.stdout)
    assert data["p50"] is None
    assert "p50" in data["top_coded"]
    assert data["top_code_annual"] == 239200


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["pay", "data-scientist", "--area", "Portland"], "Portland-Vancouver-Hillsboro, OR-WA"),
        (["pay", "data-scientist", "--area", "xyzzy"], "unknown area"),
        (["pay", "data scienist"], "data-scientist"),
        (["role", "no-such-role"], "unknown role"),
        (["pay", "11-1011", "--area", "San Jose"], "no wage estimate"),
    ],
)
def test_errors_are_one_line_with_exit_code_2(runner: CliRunner, args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("payband: error:")
    assert needle in lines[0]
    assert "Traceback" not in result.output


def test_roles_json_and_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["roles", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) >= 25
    first = rows[0]
    assert {"rank", "role_id", "title", "band", "claim", "claim_verdict"} <= set(first)
    assert PAY_KEYS <= set(first["band"])
    table = runner.invoke(app, ["roles"])
    assert table.exit_code == 0
    assert "AI Research Scientist" in table.stdout
    assert "Source: BLS OEWS May 2025" in table.stdout


def test_role_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["role", "site-reliability-engineer"])
    assert result.exit_code == 0, result.output
    assert "Ten top-paying metros" in result.stdout
    assert "SOC " in result.stdout and "ESCO" in result.stdout
    data = json.loads(runner.invoke(app, ["role", "sre", "--json"]).stdout)
    assert data["role"]["id"] == "site-reliability-engineer"
    assert len(data["top_metros"]) == 10


def test_areas_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["areas", "tx", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows[0] == {"code": "4800000", "name": "Texas", "type": "state", "state": "TX"}
    empty = runner.invoke(app, ["areas", "qqqqqq"])
    assert empty.exit_code == 0
    assert "No area matches" in empty.stdout


def test_every_command_and_option_has_help() -> None:
    import typer.main

    def walk(command: Any, path: str) -> None:
        assert command.help, f"command {path} has no help"
        for param in command.params:
            if param.param_type_name in {"option", "argument"} and param.name != "help":
                assert getattr(param, "help", None), f"{path} {param.name} has no help"
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    root: Any = typer.main.get_command(app)
    assert {"roles", "role", "pay", "areas", "salary", "title", "location"} <= set(root.commands)
    walk(root, "payband")


def test_location_resolve_jsonl_keeps_order_and_empty_lines(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["location", "resolve", "--jsonl"], input="Seattle, WA\n\nRemote - US\nLondon, UK\n"
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["area_code"] for r in rows] == ["0042660", None, "0000000", None]
    assert rows[2]["remote"] is True
    assert "outside the United States" in rows[3]["reason"]


def test_location_resolve_one_text(runner: CliRunner) -> None:
    result = runner.invoke(app, ["location", "resolve", "Hybrid in Austin"])
    assert result.exit_code == 0
    assert "Austin-Round Rock-San Marcos, TX" in result.stdout and "hybrid" in result.stdout
    missing = runner.invoke(app, ["location", "resolve"])
    assert missing.exit_code == 2


ESTIMATE_KEYS = {"p10", "p25", "p50", "p75", "p90", "soc", "area_code", "factors"}


def test_pay_estimate_json_contract(runner: CliRunner) -> None:
    args = ["pay", "estimate", "--role", "data-scientist", "--area", "Seattle", "--years", "5", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == ESTIMATE_KEYS
    assert (data["soc"], data["area_code"]) == ("15-2051", "0042660")
    assert data["p25"] < data["p50"] < data["p75"]
    assert data["factors"][0]["kind"] == "base"


def test_pay_estimate_jsonl_keeps_order_and_reports_errors(runner: CliRunner) -> None:
    lines = [
        '{"role": "data-scientist", "area": "Seattle", "years": 5}',
        "",
        '{"role": "no-such-role"}',
        '{"role": "ml-engineer", "skills": ["pytorch"]}',
        '{"role": "data-scientist", "years": "five"}',
    ]
    result = runner.invoke(app, ["pay", "estimate", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(lines)
    assert set(rows[0]) == ESTIMATE_KEYS and set(rows[3]) == ESTIMATE_KEYS
    assert rows[3]["soc"] == "15-1252"
    assert "error" in rows[1] and "unknown role" in rows[2]["error"] and "years" in rows[4]["error"]


def test_pay_with_years_is_a_personal_estimate(runner: CliRunner) -> None:
    result = runner.invoke(app, ["pay", "data-scientist", "--area", "Seattle", "--years", "5"])
    assert result.exit_code == 0, result.output
    assert "personal estimate" in result.stdout and "How the median is built" in result.stdout
    bad = runner.invoke(app, ["pay", "estimate"])
    assert bad.exit_code == 2


DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"


def test_salary_parse_jsonl_contract(runner: CliRunner) -> None:
    lines = ["$120k–$150k", "Negotiable", "", "$17-$24 Per Hour(Glassdoor est.)", "x" * 30_000]
    result = runner.invoke(app, ["salary", "parse", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(lines)
    keys = {"min", "max", "period", "currency", "annual_min_usd", "annual_max_usd", "estimate"}
    assert set(rows[0]) == keys and rows[0]["min"] == 120000 and rows[0]["period"] == "year"
    assert rows[1] is None and rows[2] is None
    assert (rows[3]["period"], rows[3]["estimate"], rows[3]["annual_min_usd"]) == ("hour", True, 35360)
    assert "error" in rows[4]


def test_title_classify_jsonl_contract(runner: CliRunner) -> None:
    lines = ["Sr. ML Eng II (Remote)", "Registered Nurse", "", "Platform/SRE Lead", "t" * 600]
    result = runner.invoke(app, ["title", "classify", "--jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(lines)
    assert set(rows[0]) == {"role", "seniority", "confidence"}
    assert (rows[0]["role"], rows[0]["seniority"]) == ("ml-engineer", "senior")
    assert rows[1]["role"] is None
    assert rows[3]["role"] == "site-reliability-engineer"
    assert "error" in rows[4]


def test_skills_rank_jsonl_contract(runner: CliRunner) -> None:
    lines = ["Experience with Python and Django REST APIs", "", "Strong stakeholder communication"]
    args = ["skills", "rank", "--taxonomy", "esco", "--top", "10", "--jsonl"]
    result = runner.invoke(app, args, input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(lines)
    assert len(rows[0]["labels"]) == 10 and "Python (computer programming)" in rows[0]["labels"]
    assert rows[1]["labels"] == []
    assert any("communicat" in label for label in rows[2]["labels"])


def test_skills_extract_reads_every_format(runner: CliRunner) -> None:
    for name in ("resume_platform_engineer.pdf", "resume_platform_engineer.docx",
                 "resume_data_engineer.md", "posting_ml_engineer.html"):  # fmt: skip
        result = runner.invoke(app, ["skills", "extract", str(DOCS / name), "--json"])
        assert result.exit_code == 0, (name, result.output)
        ids = {m["skill_id"] for m in json.loads(result.stdout)}
        assert "python" in ids or "kubernetes" in ids, name
    piped = runner.invoke(app, ["skills", "extract", "-"], input="We use Go and Python with Kubernetes.")
    assert piped.exit_code == 0 and "Kubernetes" in piped.stdout


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("scan_image_only.pdf", "OCR is not supported"),
        ("encrypted_resume.pdf", "encrypted"),
        ("corrupt_truncated.docx", "not a valid DOCX"),
        ("empty.pdf", "empty"),
    ],
)
def test_skills_extract_unreadable_files(runner: CliRunner, name: str, needle: str) -> None:
    result = runner.invoke(app, ["skills", "extract", str(DOCS / name)])
    assert result.exit_code == 2
    assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1
