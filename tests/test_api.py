"""The HTTP API in-process: every route against the CLI's --json, every error shape, limits, the key rule."""

from __future__ import annotations

import gc
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import typer
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from payband.api import ApiSettings, create_app
from payband.api.app import GC_YOUNG_THRESHOLD
from payband.api.settings import DEFAULT_THREADS
from payband.cli.main import app as cli_app
from payband.errors import DataError, InputError

REPO = Path(__file__).resolve().parents[1]
RESUME = REPO / "examples" / "resume_data_scientist.md"


def make_client(**overrides: Any) -> TestClient:
    return TestClient(create_app(ApiSettings(warm_up=False, **overrides)))


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with make_client() as c:
        yield c


def cli_json(*args: str, stdin: str | None = None) -> Any:
    result = CliRunner().invoke(cli_app, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_error(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert set(error) == {"type", "message", "suggestions"}
    assert error["type"] == kind
    assert error["message"] and "\n" not in error["message"]
    return error


# ------------------------------------------------------------------------------- routes = CLI --json


def test_health(client: TestClient) -> None:
    from payband import __version__

    assert client.get("/health").json() == {"status": "ok", "version": __version__}


def test_roles_and_role_match_cli(client: TestClient) -> None:
    assert client.get("/roles").json() == cli_json("roles", "--json")
    assert client.get("/roles/data-scientist").json() == cli_json("role", "data-scientist", "--json")


def test_pay_matches_cli(client: TestClient) -> None:
    got = client.get("/pay", params={"role": "data-scientist", "area": "Seattle"}).json()
    assert got == cli_json("pay", "data-scientist", "--area", "Seattle", "--json")
    assert (
        client.get("/pay", params={"role": "15-2051"}).json()["area_code"]
        == cli_json("pay", "15-2051", "--json")["area_code"]
    )


def test_pay_estimate_is_full_model_with_cli_contract(client: TestClient) -> None:
    params = {"role": "data-scientist", "area": "Seattle", "years": "5", "skills": "python,spark"}
    got = client.get("/pay/estimate", params=params).json()
    contract = cli_json(
        "pay", "estimate", "--role", "data-scientist", "--area", "Seattle", "--years", "5",
        "--skills", "python,spark", "--json",
    )  # fmt: skip
    assert {k: got[k] for k in contract} == contract
    assert got["role_title"] == "Data Scientist" and got["source"]


def test_areas_match_cli(client: TestClient) -> None:
    got = client.get("/areas", params={"search": "texas", "limit": 5}).json()
    assert got == cli_json("areas", "texas", "--limit", "5", "--json")
    assert set(got[0]) == {"code", "name", "type", "state"}


def test_skills_extract_matches_cli(client: TestClient) -> None:
    text = RESUME.read_text(encoding="utf-8")
    got = client.post("/skills/extract", json={"text": text}).json()
    assert got == cli_json("skills", "extract", "-", "--json", stdin=text)
    assert got and {"skill_id", "start", "end", "surface"} <= set(got[0])


def test_skills_rank_matches_cli_jsonl(client: TestClient) -> None:
    texts = ["Experience with Python and Django REST APIs", "Kubernetes and Terraform"]
    for taxonomy in ("esco", "payband"):
        got = client.post("/skills/rank", json={"texts": texts, "top": 3, "taxonomy": taxonomy}).json()
        result = CliRunner().invoke(
            cli_app,
            ["skills", "rank", "--jsonl", "--top", "3", "--taxonomy", taxonomy],
            input="\n".join(texts),
        )
        assert got == [json.loads(line) for line in result.stdout.splitlines()]
    esco = client.post("/skills/rank", json={"texts": texts[:1]}).json()[0]
    assert set(esco) == {"labels", "uris", "scores"} and len(esco["labels"]) == 10
    assert client.post("/skills/rank", json={"texts": []}).json() == []


def test_salary_parse_and_find_match_cli(client: TestClient) -> None:
    texts = ["$120k–$150k", "Negotiable", "£45,000 - £55,000 per annum"]
    got = client.post("/salary/parse", json={"texts": texts}).json()
    assert got == [cli_json("salary", "parse", t, "--json") for t in texts]
    assert got[1] is None and got[0]["annual_min_usd"] == 120000
    posting = "Data Scientist. Pay: $100,000 - $120,000 a year. Benefits: 401k."
    found = client.post("/salary/find", json={"text": posting}).json()
    assert found == cli_json("salary", "find", "-", "--json", stdin=posting)
    assert len(found) == 1


def test_title_and_location_match_cli(client: TestClient) -> None:
    titles = ["Sr. ML Eng II (Remote)", "Barista"]
    got = client.post("/title/classify", json={"titles": titles}).json()
    assert got == [cli_json("title", "classify", t, "--json") for t in titles]
    assert got[0]["role"] == "ml-engineer"
    places = ["Hybrid in Austin", "Remote"]
    got = client.post("/location/resolve", json={"texts": places}).json()
    assert got == [cli_json("location", "resolve", p, "--json") for p in places]


def test_advise_json_upload_and_report(client: TestClient) -> None:
    expected = cli_json("advise", str(RESUME), "--target", "ml-engineer", "--no-report", "--json")
    expected.pop("report")
    with RESUME.open("rb") as handle:
        files = {"resume": (RESUME.name, handle, "text/markdown")}
        uploaded = client.post("/advise", files=files, data={"target": "ml-engineer"}).json()
    assert set(uploaded) == {"profile", "fits", "pay", "gaps", "path"}
    assert {k: uploaded[k] for k in ("fits", "pay", "gaps", "path")} == {
        k: expected[k] for k in ("fits", "pay", "gaps", "path")
    }
    assert uploaded["profile"]["skills"] == expected["profile"]["skills"]

    text = client.post("/advise", json={"text": RESUME.read_text(encoding="utf-8"), "target": "ml-engineer"})
    assert text.json()["fits"] == expected["fits"]

    skills = client.post("/advise", json={"skills": ["python", "sql"], "area": "Seattle", "years": 3}).json()
    assert skills["profile"]["skills"] == ["python", "sql"] and skills["profile"]["years"] == 3
    form = client.post("/advise", data={"skills": "python,sql", "area": "Seattle", "years": "3", "text": ""})
    assert form.json()["fits"] == skills["fits"]

    report = client.post("/advise/report", json={"skills": "python,sql,statistics"})
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert report.text.startswith("<!doctype html>") and "<script" not in report.text


# ----------------------------------------------------------------------------------------- errors


def test_not_found_and_input_errors(client: TestClient) -> None:
    error = assert_error(client.get("/pay", params={"role": "data-scientst"}), 404, "NotFound")
    assert "data-scientist" in error["suggestions"]
    assert_error(client.get("/roles/no-such-role"), 404, "NotFound")
    error = assert_error(
        client.get("/pay", params={"role": "data-scientist", "area": "Portland"}), 422, "InputError"
    )
    assert len(error["suggestions"]) == 2
    assert_error(
        client.get("/pay/estimate", params={"role": "data-scientist", "years": "-3"}), 422, "InputError"
    )
    assert_error(client.post("/advise", json={}), 422, "InputError")
    assert_error(client.post("/advise", json={"skills": ["python"], "target": "astronaut"}), 404, "NotFound")


def test_validation_errors(client: TestClient) -> None:
    assert "role" in assert_error(client.get("/pay"), 422, "ValidationError")["message"]
    assert_error(client.get("/areas", params={"limit": 0}), 422, "ValidationError")
    assert_error(client.post("/salary/parse", json={"texts": ["x"], "extra": 1}), 422, "ValidationError")
    assert_error(client.post("/salary/parse", json={"texts": ["$1"] * 1001}), 422, "ValidationError")
    assert_error(client.post("/skills/rank", json={"texts": ["python"] * 257}), 422, "ValidationError")
    assert_error(
        client.post("/skills/rank", json={"texts": ["x"], "taxonomy": "onet"}), 422, "ValidationError"
    )
    assert_error(client.post("/title/classify", json={"titles": ["x" * 501]}), 422, "ValidationError")
    bad_json = client.post("/salary/parse", content=b"{", headers={"content-type": "application/json"})
    assert_error(bad_json, 422, "ValidationError")
    assert_error(client.post("/advise", json={"text": "x", "years": "many"}), 422, "ValidationError")
    assert_error(client.post("/advise", data={"skills": "python", "colour": "red"}), 422, "InputError")
    assert_error(client.post("/advise", json={"text": "Data Scientist", "bogus": 1}), 422, "ValidationError")


def test_batch_limits_follow_settings() -> None:
    with make_client(max_batch=2, max_rank_batch=1) as small:
        assert_error(small.post("/salary/parse", json={"texts": ["a", "b", "c"]}), 422, "ValidationError")
        assert_error(small.post("/location/resolve", json={"texts": ["a", "b", "c"]}), 422, "ValidationError")
        assert_error(small.post("/title/classify", json={"titles": ["a", "b", "c"]}), 422, "ValidationError")
        assert_error(small.post("/skills/rank", json={"texts": ["a", "b"]}), 422, "ValidationError")
        assert small.post("/salary/parse", json={"texts": ["a", "b"]}).status_code == 200


def test_unknown_route_method_and_media_type(client: TestClient) -> None:
    assert_error(client.get("/nowhere"), 404, "NotFound")
    assert_error(client.get("/salary/parse"), 405, "MethodNotAllowed")
    form = client.post("/salary/parse", data={"texts": "x"})
    assert "application/json" in assert_error(form, 415, "UnsupportedMediaType")["message"]
    xml = client.post("/advise", content=b"<x/>", headers={"content-type": "application/xml"})
    assert_error(xml, 415, "UnsupportedMediaType")
    image = client.post("/advise", files={"resume": ("me.png", b"\x89PNG....", "image/png")})
    assert ".png" in assert_error(image, 415, "UnsupportedMediaType")["message"]
    typed = client.post("/advise", files={"resume": ("resume", b"GIF89a", "image/gif")})
    assert_error(typed, 415, "UnsupportedMediaType")
    untyped = client.post("/advise", files={"resume": ("resume", RESUME.read_bytes(), "text/markdown")})
    assert untyped.status_code == 200


def test_size_limits() -> None:
    with make_client(max_upload_bytes=1000, max_body_bytes=5000) as small:
        big = small.post("/advise", files={"resume": ("r.md", RESUME.read_bytes(), "text/markdown")})
        assert "1,000" in assert_error(big, 413, "PayloadTooLarge")["message"]
        huge = small.post("/salary/find", json={"text": "x" * 6000})
        assert_error(huge, 413, "PayloadTooLarge")

        def chunks() -> Iterator[bytes]:
            yield b'{"text": "'
            for _ in range(10):
                yield b"x" * 1000
            yield b'"}'

        chunked = small.post("/salary/find", content=chunks(), headers={"content-type": "application/json"})
        assert_error(chunked, 413, "PayloadTooLarge")

        def small_chunks() -> Iterator[bytes]:
            yield b'{"text": "Pay: $100k'
            yield b' - $120k a year"}'

        ok = small.post("/salary/find", content=small_chunks(), headers={"content-type": "application/json"})
        assert ok.status_code == 200 and len(ok.json()) == 1


def test_timeout_answers_504(monkeypatch: pytest.MonkeyPatch) -> None:
    import payband.text.salary

    def slow(text: str, **_: Any) -> None:
        time.sleep(0.5)

    monkeypatch.setattr(payband.text.salary, "parse_salary", slow)
    with make_client(request_timeout_s=0.05) as quick:
        started = time.perf_counter()
        error = assert_error(quick.post("/salary/parse", json={"texts": ["$1"]}), 504, "Timeout")
        assert time.perf_counter() - started < 0.4 and "0.05 s" in error["message"]


def test_data_and_unexpected_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    import payband.text.locations

    def broken(text: str) -> None:
        raise DataError("bundled area table is corrupt")

    monkeypatch.setattr(payband.text.locations, "resolve_location", broken)
    with make_client() as c:
        assert_error(c.post("/location/resolve", json={"texts": ["Austin"]}), 500, "DataError")

    def crash(text: str) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(payband.text.locations, "resolve_location", crash)
    with TestClient(create_app(ApiSettings(warm_up=False)), raise_server_exceptions=False) as c:
        error = assert_error(c.post("/location/resolve", json={"texts": ["Austin"]}), 500, "InternalError")
        assert "secret" not in error["message"]


def test_a_serving_app_collects_young_objects_less_often_and_restores_the_setting() -> None:
    # an advice frees nearly everything it allocates by reference counting: the server raises the
    # young-generation threshold while it serves, and leaves the process as it found it
    before = gc.get_threshold()
    with make_client() as c:
        assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, *before[1:])
        assert c.get("/health").status_code == 200
    assert gc.get_threshold() == before


# ------------------------------------------------------------------------------ key rule, privacy


def test_api_key_guards_every_route_but_health() -> None:
    with make_client(api_key="s3cret") as guarded:
        assert guarded.get("/health").status_code == 200
        assert guarded.get("/openapi.json").status_code == 200
        assert_error(guarded.get("/pay", params={"role": "data-scientist"}), 401, "Unauthorized")
        wrong = guarded.get("/roles", headers={"X-API-Key": "guess"})
        assert_error(wrong, 401, "Unauthorized")
        assert_error(guarded.post("/advise", json={"skills": ["python"]}), 401, "Unauthorized")
        right = guarded.get("/pay", params={"role": "data-scientist"}, headers={"X-API-Key": "s3cret"})
        assert right.status_code == 200
        schemes = guarded.get("/openapi.json").json()["components"]["securitySchemes"]
        assert schemes["APIKeyHeader"]["name"] == "X-API-Key"


def test_bind_rule() -> None:
    ApiSettings().check_bind()
    ApiSettings(host="::1").check_bind()
    ApiSettings(host="localhost").check_bind()
    ApiSettings(host="0.0.0.0", api_key="k").check_bind()
    for host in ("0.0.0.0", "192.168.1.10", "example.com"):
        with pytest.raises(InputError, match="API key"):
            ApiSettings(host=host).check_bind()


def test_serve_command_refuses_open_bind_without_key(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from payband.cli.serve import serve_command

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({**kw, "app": app}))
    monkeypatch.delenv("PAYBAND_API_KEY", raising=False)
    monkeypatch.setenv("PAYBAND_WARM_UP", "false")
    serve = typer.Typer()
    serve.command()(serve_command)
    refused = CliRunner().invoke(serve, ["--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "API key" in refused.output and not calls
    assert CliRunner().invoke(serve, ["--port", "8123"]).exit_code == 0
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8123
    assert calls[-1]["app"].state.settings.threads == DEFAULT_THREADS
    assert CliRunner().invoke(serve, ["--threads", "3"]).exit_code == 0
    assert calls[-1]["app"].state.settings.threads == 3
    monkeypatch.setenv("PAYBAND_API_KEY", "k")
    assert CliRunner().invoke(serve, ["--host", "0.0.0.0"]).exit_code == 0
    assert calls[-1]["host"] == "0.0.0.0"


def test_settings_from_env_and_worker_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    from payband.api.app import SETTINGS_ENV, app_from_env

    env = {"PAYBAND_MAX_BATCH": "10", "PAYBAND_API_KEY": "k", "PAYBAND_PORT": "9000"}
    got = ApiSettings.from_env(env, port=None, request_timeout_s=3)
    assert (got.max_batch, got.port, got.request_timeout_s) == (10, 9000, 3)
    assert got.api_key is not None and got.api_key.get_secret_value() == "k"
    with pytest.raises(InputError, match="max_batch"):
        ApiSettings.from_env({"PAYBAND_MAX_BATCH": "lots"})
    assert ApiSettings.from_env({"PAYBAND_THREADS": "3"}).threads == 3
    with pytest.raises(InputError, match="threads"):
        ApiSettings.from_env({"PAYBAND_THREADS": "0"})
    monkeypatch.setenv(SETTINGS_ENV, ApiSettings(warm_up=False, max_batch=1).model_dump_json())
    monkeypatch.setenv("PAYBAND_API_KEY", "k")
    app = app_from_env()
    assert app.state.settings.max_batch == 1 and app.state.settings.api_key.get_secret_value() == "k"


def test_market_corpus_is_refused_until_the_feature_exists(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="market"):
        create_app(ApiSettings(warm_up=False, market_path=tmp_path))


def test_uploads_are_never_written(monkeypatch: pytest.MonkeyPatch, client: TestClient) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("an upload must not touch the disk")

    for name in ("SpooledTemporaryFile", "NamedTemporaryFile", "TemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    before = set(Path(tempfile.gettempdir()).iterdir())
    padded = RESUME.read_bytes() + b" " * 1_500_000  # past the 1 MB at which form parsers spool to disk
    response = client.post("/advise", files={"resume": ("cv.txt", padded, "text/plain")})
    assert response.status_code == 200, response.text
    assert set(Path(tempfile.gettempdir()).iterdir()) == before


def test_pay_query_is_read_as_fastapi_reads_declared_parameters(client: TestClient) -> None:
    # /pay reads its query string with one model (read_query): same checks, messages and rules as
    # FastAPI's declared parameters (the last of a repeated name wins, unknown names are ignored)
    for params, message in (
        ({}, "query.role: Field required"),
        ({"role": ""}, "query.role: String should have at least 1 character"),
        (
            {"role": "data-scientist", "area": "x" * 201},
            "query.area: String should have at most 200 characters",
        ),
    ):
        assert assert_error(client.get("/pay", params=params), 422, "ValidationError")["message"] == message
    last_wins = client.get("/pay", params=[("role", "no-such-role"), ("role", "data-scientist"), ("x", "1")])
    assert last_wins.status_code == 200 and last_wins.json()["role_id"] == "data-scientist"
    national = client.get("/pay", params={"role": "data-scientist"}).json()
    assert client.get("/pay", params={"role": "data-scientist", "area": ""}).json() == national
    documented = client.get("/openapi.json").json()["paths"]["/pay"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in documented] == [
        ("role", "query", True),
        ("area", "query", False),
    ]
    assert documented[1]["schema"]["default"] == "national" and documented[0]["schema"]["maxLength"] == 200


def test_openapi_and_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    expected = {
        "/health", "/roles", "/roles/{role_id}", "/pay", "/pay/estimate", "/areas", "/skills/extract",
        "/skills/rank", "/salary/parse", "/salary/find", "/title/classify", "/location/resolve", "/advise",
        "/advise/report",
    }  # fmt: skip
    assert expected <= set(schema["paths"])
    advise = schema["paths"]["/advise"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(advise["requestBody"]["content"])
    assert "413" in advise["responses"] and "504" in advise["responses"]
    assert client.get("/docs").status_code == 200


# ---------------------------------------------------------------------------------- schemathesis


api_schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(ApiSettings(warm_up=False)))
# A schema-valid string need not name a known role or area, an advice request needs a resume, text or
# skills, and a "binary" upload may be a PNG: the API answers those with 404, 422 or 415 and the
# reason, which is right, not a failure (the schema cannot say "a known area" or "a PDF").
api_schema.config.checks.positive_data_acceptance.expected_statuses = ["2xx", "404", "415", "422"]
# An oversized batch of long texts is refused by its size (413) before its item count is looked at.
negative = api_schema.config.checks.negative_data_rejection
negative.expected_statuses = [*negative.expected_statuses, "413"]


@api_schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_schemathesis(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


def test_interactive_docs_work_offline() -> None:
    """/docs serves Swagger UI's files itself: no CDN, like the rest of payband."""
    from fastapi.testclient import TestClient

    from payband.api.app import create_app

    client = TestClient(create_app())
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
