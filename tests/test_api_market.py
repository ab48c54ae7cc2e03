"""The market routes in-process: /market/info, /market/stats and /market/premiums against the CLI's --json,
with a corpus (a DuckDB store or a Parquet folder) and without; /advise with the corpus's premiums."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from payband.api import ApiSettings, create_app
from payband.cli.main import app as cli_app
from payband.errors import InputError
from payband.market.ingest import IngestSettings, ingest
from payband.market.store import export_parquet

FIX = Path(__file__).parent / "fixtures" / "market"
ONE = IngestSettings(workers=1, batch_size=50)
BY = ("role", "area", "seniority", "skill", "month")


def premium_postings(path: Path) -> Path:
    """80 data-scientist postings in Seattle: with Kubernetes pay 150k, without 120k; Terraform in 5 only."""
    rnd = random.Random(7)
    words = ["forecasting", "pricing", "churn", "fraud", "logistics", "retail", "health", "insurance"]
    words += ["energy", "media", "travel", "ads", "search", "ranking", "growth", "supply", "payments"]
    rows = []
    for i in range(80):
        k8s = i % 2 == 0
        about = " ".join(rnd.choice(words) for _ in range(40))
        desc = f"Our team works on {about}.\nRequirements: Python and SQL." + (
            " Kubernetes and Docker." if k8s else ""
        )
        if i < 5:
            desc += " Terraform experience."
        pay = (150_000 if k8s else 120_000) + (i % 5) * 1000
        rows.append(
            {
                "title": "Senior Data Scientist" if i % 3 == 0 else "Data Scientist",
                "company": f"Co {i}",
                "location": "Seattle, WA",
                "description": f"Posting {i}. {desc}",
                "min_amount": pay,
                "max_amount": pay,
                "interval": "yearly",
                "date_posted": f"2024-0{1 + i % 3}-15",
            }
        )
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def make_client(**overrides: Any) -> TestClient:
    return TestClient(create_app(ApiSettings(warm_up=False, **overrides)))


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_error(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"type", "message", "suggestions"}
    error: dict[str, Any] = body["error"]
    assert error["type"] == kind and error["message"] and "\n" not in error["message"]
    return error


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Glassdoor fixture ingested into a DuckDB store, as `payband market ingest` makes it."""
    db = tmp_path_factory.mktemp("market") / "glassdoor.duckdb"
    ingest([FIX / "glassdoor_sample.csv"], db=db, settings=ONE)
    return db


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Glassdoor fixture plus 80 data-scientist postings with a known Kubernetes premium."""
    folder = tmp_path_factory.mktemp("rich")
    db = folder / "rich.duckdb"
    ingest([FIX / "glassdoor_sample.csv", premium_postings(folder / "ds.parquet")], db=db, settings=ONE)
    return db


@pytest.fixture(scope="module")
def client(store: Path) -> Iterator[TestClient]:
    with make_client(market_path=store) as c:
        yield c


# ------------------------------------------------------------------------------- routes = CLI --json


def test_info_describes_the_corpus(client: TestClient, store: Path) -> None:
    info = client.get("/market/info").json()
    assert info["configured"] is True and info["kind"] == "duckdb"
    assert info["source"] == f"payband market corpus {store}"
    assert (info["postings"], info["postings_stored"], info["postings_with_pay"]) == (7, 8, 7)
    assert info["roles"] == 6 and info["skills"] > 10
    assert (info["stats_min_pay_n"], info["premiums_min_n"]) == (5, 30)


def test_stats_match_cli_for_every_grouping_and_filter(client: TestClient, store: Path) -> None:
    db = ["--db", str(store), "--json"]
    for by in BY:
        assert client.get("/market/stats", params={"by": by}).json() == cli_json(
            "market", "stats", "--by", by, *db
        )
    assert client.get("/market/stats").json()["by"] == "role"
    filtered = client.get(
        "/market/stats", params={"by": "skill", "role": "Data Scientist", "area": "WA"}
    ).json()
    expected = cli_json("market", "stats", "--by", "skill", "--role", "Data Scientist", "--area", "WA", *db)
    assert filtered == expected and filtered["role"] == "data-scientist"
    blank = client.get("/market/stats", params={"by": "role", "role": "", "area": " "}).json()
    assert blank == cli_json("market", "stats", *db)  # a form's empty fields mean no filter


def test_premiums_match_cli(client: TestClient, store: Path) -> None:
    got = client.get("/market/premiums", params={"role": "data-scientist", "min_n": 2}).json()
    expected = cli_json(
        "market", "premiums", "--role", "data-scientist", "--min-n", "2", "--db", str(store), "--json"
    )
    assert got == expected
    assert got["ranked"] == [] and got["not_enough_data"] and got["min_n"] == 2
    default = client.get("/market/premiums", params={"role": "data-scientist"}).json()
    assert default["min_n"] == 30


def test_ranked_premiums_from_a_store_and_a_parquet_folder(rich: Path, tmp_path: Path) -> None:
    expected = cli_json(
        "market", "premiums", "--role", "data-scientist", "--min-n", "10", "--db", str(rich), "--json"
    )
    with make_client(market_path=rich) as c:
        got = c.get("/market/premiums", params={"role": "data-scientist", "min_n": 10}).json()
        assert got == expected
        k8s = next(p for p in got["ranked"] if p["skill_id"] == "kubernetes")
        assert (k8s["n_with"], k8s["n_without"]) == (40, 41)  # the Glassdoor data scientist lacks it
        assert k8s["ci90_low_usd"] <= k8s["premium_usd"] <= k8s["ci90_high_usd"]
        assert any(p["skill_id"] == "terraform" for p in got["not_enough_data"])
        by_role = c.get("/market/stats").json()
        assert by_role["rows"][0]["key"] == "data-scientist" and by_role["rows"][0]["p50"] is not None
    folder = tmp_path / "parquet"
    export_parquet(rich, folder)
    with make_client(market_path=folder) as c:
        assert c.get("/market/info").json()["kind"] == "parquet"
        again = c.get("/market/premiums", params={"role": "data-scientist", "min_n": 10}).json()
        assert again["ranked"] == expected["ranked"] and again["source"] == f"payband market corpus {folder}"


def test_advise_adds_the_corpus_premiums_like_the_cli(rich: Path) -> None:
    args = ["advise", "--skills", "python,sql", "--target", "data-scientist", "--area", "Seattle"]
    expected = cli_json(*args, "--market", str(rich), "--no-report", "--json")
    body = {"skills": "python,sql", "target": "data-scientist", "area": "Seattle"}
    with make_client(market_path=rich) as c:
        got = c.post("/advise", json=body).json()
        assert set(got) == {"profile", "fits", "pay", "gaps", "path", "market"}
        assert got["market"] == expected["market"] and got["fits"] == expected["fits"]
        assert got["market"]["to_learn"][0]["skill_id"] in {"kubernetes", "docker"}
        report = c.post("/advise/report", json=body)
        assert report.status_code == 200 and "What the job postings say" in report.text


# ----------------------------------------------------------------------------------------- errors


def test_bad_queries_answer_in_the_error_shape(client: TestClient) -> None:
    unknown = assert_error(client.get("/market/premiums", params={"role": "astronaut"}), 404, "NotFound")
    assert unknown["suggestions"]
    assert_error(client.get("/market/stats", params={"role": "astronaut"}), 404, "NotFound")
    assert_error(client.get("/market/stats", params={"by": "company"}), 422, "ValidationError")
    assert_error(client.get("/market/premiums"), 422, "ValidationError")
    assert_error(
        client.get("/market/premiums", params={"role": "data-scientist", "min_n": 1}), 422, "ValidationError"
    )
    assert_error(client.get("/market/stats", params={"role": "x" * 201}), 422, "ValidationError")


def test_without_a_corpus_info_says_so_and_the_routes_answer_404() -> None:
    with make_client() as bare:
        info = bare.get("/market/info").json()
        assert info["configured"] is False and "--market" in info["message"] and info["postings"] is None
        for route, params in [("/market/stats", {}), ("/market/premiums", {"role": "data-scientist"})]:
            error = assert_error(bare.get(route, params=params), 404, "NotFound")
            assert "payband serve --market PATH" in error["message"]
        advice = bare.post("/advise", json={"skills": ["python"]}).json()
        assert "market" not in advice  # the contract without a corpus is unchanged


@pytest.mark.parametrize("kind", ["missing", "empty folder", "not duckdb", "no tables"])
def test_startup_refuses_an_unusable_corpus_in_one_line(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    if kind == "empty folder":
        path.mkdir()
    elif kind == "not duckdb":
        path.write_text("title,pay\n", encoding="utf-8")
    elif kind == "no tables":
        duckdb.connect(str(path)).close()
    with pytest.raises(InputError, match="--market") as refused:
        create_app(ApiSettings(warm_up=False, market_path=path))
    assert "\n" not in str(refused.value) and str(path) in str(refused.value)


def test_serve_command_prints_the_corpus_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    from payband.cli.serve import serve_command

    calls: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(app))
    monkeypatch.setenv("PAYBAND_WARM_UP", "false")
    serve = typer.Typer()
    serve.command()(serve_command)
    refused = CliRunner().invoke(serve, ["--market", str(tmp_path / "nowhere.duckdb")])
    assert refused.exit_code == 2 and "--market" in refused.output and not calls
    assert len(refused.output.strip().splitlines()) == 1


def test_api_key_guards_the_market_routes(store: Path) -> None:
    with make_client(market_path=store, api_key="s3cret") as guarded:
        for route in ("/market/info", "/market/stats"):
            assert_error(guarded.get(route), 401, "Unauthorized")
            assert guarded.get(route, headers={"X-API-Key": "s3cret"}).status_code == 200


def test_time_limit_answers_504(monkeypatch: pytest.MonkeyPatch, store: Path) -> None:
    import payband.market.stats as market_stats

    real = market_stats.premiums

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(market_stats, "premiums", slow)
    with make_client(market_path=store, request_timeout_s=0.05) as c:
        started = time.perf_counter()
        assert_error(c.get("/market/premiums", params={"role": "data-scientist"}), 504, "Timeout")
        assert time.perf_counter() - started < 0.4


# ------------------------------------------------------------------------------ reading the corpus


def test_concurrent_requests_share_the_store_read_only(client: TestClient, store: Path) -> None:
    queries = [{"by": by, "area": area} for by in BY for area in ("", "WA", "Texas")]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda q: client.get("/market/stats", params=q), queries * 2))
    assert all(a.status_code == 200 for a in answers)
    assert [a.json() for a in answers[: len(queries)]] == [a.json() for a in answers[len(queries) :]]
    duckdb.connect(str(store), read_only=True).close()  # nothing left holding it


def test_a_corpus_updated_while_serving_is_seen(tmp_path: Path) -> None:
    db = tmp_path / "growing.duckdb"
    ingest([FIX / "glassdoor_sample.csv"], db=db, settings=ONE)
    with make_client(market_path=db) as c:
        before = c.get("/market/info").json()["postings"]
        ingest([premium_postings(tmp_path / "ds.parquet")], db=db, settings=ONE)
        after = c.get("/market/info").json()["postings"]
    assert (before, after) == (7, 87)


def test_a_store_locked_by_a_writer_answers_503(store: Path) -> None:
    with make_client(market_path=store) as c:
        hold = "import duckdb, sys, time\ncon = duckdb.connect(sys.argv[1])\nprint('held', flush=True)\n"
        hold += "time.sleep(20)"
        with subprocess.Popen(
            [sys.executable, "-c", hold, str(store)], stdout=subprocess.PIPE, text=True
        ) as writer:
            try:
                assert writer.stdout is not None and writer.stdout.readline().strip() == "held"
                error = assert_error(c.get("/market/stats", params={"by": "month"}), 503, "Unavailable")
                assert "locked" in error["message"]
            finally:
                writer.kill()


def test_openapi_lists_the_market_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/market/info", "/market/stats", "/market/premiums"} <= set(paths)
    assert "503" in paths["/market/premiums"]["get"]["responses"]
