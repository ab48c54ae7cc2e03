"""The HTTP API: FastAPI routes over the same core calls as the CLI, returning the same JSON as `--json`.

`create_app(settings)` builds the app; limits (body and upload size, media types, batch sizes, request
time) come from ApiSettings. Core work runs in worker threads under the time limit; uploads are read
in memory and never written anywhere.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path as FilePath
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from payband import __version__
from payband.api.advise import (
    MAX_NAME_CHARS,
    AdviseInputs,
    AdviseRequest,
    advice_html,
    advice_json,
    advise_openapi,
    read_inputs,
)
from payband.api.bodies import (
    AdviceBody,
    AreaRow,
    ClassifyRequest,
    ExtractRequest,
    FindRequest,
    Health,
    ParseRequest,
    PayQuery,
    RankRequest,
    RankRow,
    ResolveRequest,
)
from payband.api.errors import (
    ERROR_RESPONSES_JSON,
    install_error_handlers,
)
from payband.api.market import MarketCorpus, market_router
from payband.api.runtime import (
    BodyLimit,
    KeyCheck,
    Runtime,
    check_batch,
    json_body,
    json_response,
    ok,
    query_openapi,
    read_query,
)
from payband.api.settings import ApiSettings
from payband.errors import PaybandError

__all__ = ["SETTINGS_ENV", "app_from_env", "create_app"]

PAY_CACHE = 4096

log = logging.getLogger("payband.api")
T = TypeVar("T")


# ------------------------------------------------------------------------------------ core wrappers


def _rows(items: Any) -> list[Any]:
    return [item.model_dump(mode="json") for item in items]


def _pay_json(role: str, area: str) -> bytes:
    from payband.pay.bands import pay

    return bytes(JSONResponse(pay(role, area).model_dump(mode="json")).body)


def _estimate(role: str, area: str, years: float | None, skills: str | None) -> dict[str, Any]:
    from payband.advice.paymodel import estimate_pay

    names = [s.strip() for s in (skills or "").split(",") if s.strip()]
    return estimate_pay(role, area, years=years, skills=names).model_dump(mode="json")


def _areas(search: str, limit: int) -> list[dict[str, Any]]:
    from payband.reference.areas import load_areas

    found = load_areas().search(search, limit=limit)
    return [{"code": a.code, "name": a.name, "type": a.type, "state": a.state_abbr} for a in found]


def _extract(text: str, include_boilerplate: bool) -> list[dict[str, Any]]:
    from dataclasses import asdict

    from payband.text.readers import read_document
    from payband.text.skill_extraction import extract_skills

    document = read_document(text.encode("utf-8"), filename="text")  # as the CLI reads stdin
    return [asdict(m) for m in extract_skills(document.text, include_boilerplate=include_boilerplate)]


def _rank(texts: list[str], taxonomy: str, top: int) -> list[dict[str, Any]]:
    from payband.cli.skills import Taxonomy, _rank_lines

    return _rank_lines(texts, Taxonomy(taxonomy), top) if texts else []


def _parse(texts: list[str]) -> list[dict[str, Any] | None]:
    from payband.text.salary import parse_salary

    return [None if (p := parse_salary(t)) is None else p.model_dump(mode="json") for t in texts]


def _find(text: str) -> list[dict[str, Any]]:
    from payband.text.salary import find_salaries

    return _rows(find_salaries(text))


def _classify(titles: list[str], description: str | None) -> list[dict[str, Any]]:
    from payband.text.titles import classify_title

    return _rows(classify_title(t, description) for t in titles)


def _resolve(texts: list[str]) -> list[dict[str, Any]]:
    from payband.text.locations import resolve_location

    return _rows(resolve_location(t) for t in texts)


def _warm_up() -> None:
    """Load the reference data, indexes and models once, so the first requests are as fast as later ones.

    A part that fails to load is logged and left cold: its routes then answer with the error themselves.
    """
    import payband

    resume = "Data Scientist\nPython, SQL, statistics\n2019 - Present"
    steps: list[tuple[str, Callable[[], object]]] = [
        ("wages", lambda: payband.pay("data-scientist", "Seattle")),
        ("roles", lambda: (payband.roles(), payband.role("data-scientist"), payband.areas("seattle"))),
        ("salary parser", lambda: payband.parse_salary("$120k-$150k")),
        ("title classifier", lambda: payband.classify_title("Senior Data Scientist")),
        ("locations", lambda: payband.resolve_location("Austin, TX")),
        ("ESCO index", lambda: payband.rank_esco_skills("Python and SQL")),
        ("pay model", lambda: _estimate("data-scientist", "Seattle", 5, "python")),
        ("advice", lambda: advice_json(AdviseInputs(AdviseRequest(text=resume), None))),
    ]
    for name, step in steps:
        try:
            step()
        except PaybandError as exc:
            log.warning("warm-up: %s not loaded: %s", name, exc)
    # The loaded reference data is long-lived: keep it out of the collector's scans (shorter pauses).
    gc.collect()
    gc.freeze()


GC_YOUNG_THRESHOLD = 10_000
"""Allocations (net of frees) between young-generation collections in a server process.

An advice holds a few thousand objects at its peak and frees nearly all of them by reference counting,
so at the interpreter's default (700) the collector ran about once per request and found almost nothing
to free: about 3% of an advice's CPU. At 10,000 it runs about once per 100 requests."""


# ------------------------------------------------------------------------------------------- routes


def _guard(settings: ApiSettings) -> list[Any]:
    """The dependencies every data route carries: the API key check, when a key is configured."""
    key = settings.api_key
    return [Depends(KeyCheck(key.get_secret_value()))] if key is not None else []


def _api_router(runtime: Runtime, market: FilePath | None = None) -> APIRouter:
    """Every data route; with an API key configured, each requires it.

    Look-ups in the warm reference tables (roles, pay, estimates, areas) answer inline in well under the
    time limit (≤ 20 ms at worst, fuzzy matching included); a worker thread would cost more than they
    do. Text and advice routes run in worker threads under the request time limit.
    """
    settings = runtime.settings
    api = APIRouter(dependencies=_guard(settings))
    # OEWS bands are fixed reference data: keep the rendered answers to the most asked look-ups.
    pay_json = lru_cache(maxsize=PAY_CACHE)(_pay_json)
    json_only = [Depends(json_body)]
    from payband.advice.paymodel import PayEstimate
    from payband.pay.bands import PayBand
    from payband.pay.ranking import RoleRanking, RoleReport
    from payband.text.locations import LocationMatch
    from payband.text.salary import SalaryMention, SalaryParse
    from payband.text.skill_extraction import SkillMention
    from payband.text.titles import TitleMatch

    @api.get("/roles", responses=ok(list[RoleRanking]), tags=["roles"])
    async def list_roles() -> Response:
        """Every role ranked by national median pay, with the article's claims beside BLS's."""
        from payband.pay.ranking import roles

        return json_response(_rows(roles()))

    @api.get("/roles/{role_id}", responses=ok(RoleReport), tags=["roles"])
    async def get_role(role_id: Annotated[str, Path(max_length=MAX_NAME_CHARS)]) -> Response:
        """One role: duties, skills, pay nationally and in its ten top-paying metros."""
        from payband.pay.ranking import role

        return json_response(role(role_id).model_dump(mode="json"))

    @api.get("/pay", responses=ok(PayBand), openapi_extra=query_openapi(PayQuery), tags=["pay"])
    async def get_pay(request: Request) -> Response:
        """The OEWS wage distribution for a role (or SOC code) in an area, with its source line."""
        query = read_query(PayQuery, request)
        return Response(pay_json(query.role, query.area or "national"), media_type="application/json")

    @api.get("/pay/estimate", responses=ok(PayEstimate), tags=["pay"])
    async def get_estimate(
        role: Annotated[str, Query(min_length=1, max_length=MAX_NAME_CHARS, description="Role id or alias.")],
        area: Annotated[str, Query(max_length=MAX_NAME_CHARS)] = "national",
        years: Annotated[float | None, Query(description="Years of experience.")] = None,
        skills: Annotated[str | None, Query(max_length=10_000, description="Comma-separated skills.")] = None,
    ) -> Response:
        """A personal P10–P90 estimate with every factor, its size, sample size and source."""
        return json_response(_estimate(role, area or "national", years, skills))

    @api.get("/areas", responses=ok(list[AreaRow]), tags=["pay"])
    async def list_areas(
        search: Annotated[str, Query(max_length=MAX_NAME_CHARS)] = "",
        limit: Annotated[int, Query(ge=1, le=600)] = 20,
    ) -> Response:
        """OEWS areas (national, states, metros) whose name, city or state matches, best first."""
        return json_response(_areas(search, limit))

    @api.post("/skills/extract", responses=ok(list[SkillMention]), dependencies=json_only, tags=["text"])
    async def skills_extract(body: ExtractRequest) -> Response:
        """Payband-taxonomy skills a resume or posting names, with spans, section and confidence."""
        return json_response(await runtime.run(_extract, body.text, body.include_boilerplate))

    @api.post("/skills/rank", responses=ok(list[RankRow]), dependencies=json_only, tags=["text"])
    async def skills_rank(body: RankRequest) -> Response:
        """ESCO 1.1.1 (or payband) skills ranked for each text, best first; a failing text gets an error."""
        check_batch(body.texts, settings.max_rank_batch)
        return json_response(await runtime.run(_rank, list(body.texts), body.taxonomy, body.top))

    @api.post("/salary/parse", responses=ok(list[SalaryParse | None]), dependencies=json_only, tags=["text"])
    async def salary_parse(body: ParseRequest) -> Response:
        """Salary texts → min, max, period, currency, annual USD (null where no pay is stated)."""
        check_batch(body.texts, settings.max_batch)
        return json_response(await runtime.run(_parse, list(body.texts)))

    @api.post("/salary/find", responses=ok(list[SalaryMention]), dependencies=json_only, tags=["text"])
    async def salary_find(body: FindRequest) -> Response:
        """Every pay statement inside a whole posting (text or HTML), with its character span."""
        return json_response(await runtime.run(_find, body.text))

    @api.post("/title/classify", responses=ok(list[TitleMatch]), dependencies=json_only, tags=["text"])
    async def title_classify(body: ClassifyRequest) -> Response:
        """Job titles → catalog role (or none), seniority, confidence and the evidence."""
        check_batch(body.titles, settings.max_batch, "titles")
        return json_response(await runtime.run(_classify, list(body.titles), body.description))

    @api.post("/location/resolve", responses=ok(list[LocationMatch]), dependencies=json_only, tags=["text"])
    async def location_resolve(body: ResolveRequest) -> Response:
        """Posting locations → OEWS area (metro, else state, else national) with remote/hybrid flags."""
        check_batch(body.texts, settings.max_batch)
        return json_response(await runtime.run(_resolve, list(body.texts)))

    async def advise_with(request: Request, render: Callable[..., T]) -> T:
        content_type, body = request.headers.get("content-type", ""), await request.body()
        return await runtime.run(lambda: render(read_inputs(content_type, body, settings), market=market))

    @api.post("/advise", responses=ok(AdviceBody), openapi_extra=advise_openapi(), tags=["advice"])
    async def post_advise(request: Request) -> Response:
        """Role fits, personal pay, skills to learn and the path, for a resume upload, its text or skills."""
        body = await advise_with(request, advice_json)
        return Response(body, media_type="application/json")

    report_ok: dict[int | str, dict[str, Any]] = {
        200: {"content": {"text/html": {"schema": {"type": "string"}}}, "description": "Report."}
    }
    report_responses: dict[int | str, dict[str, Any]] = {**report_ok, **ERROR_RESPONSES_JSON}

    @api.post(
        "/advise/report",
        response_class=HTMLResponse,
        responses=report_responses,
        openapi_extra=advise_openapi(),
        tags=["advice"],
    )
    async def post_advise_report(request: Request) -> Response:
        """The advice as one self-contained HTML page (no scripts, no network), ready to print."""
        return HTMLResponse(await advise_with(request, advice_html))

    return api


def _market_corpus(settings: ApiSettings) -> MarketCorpus | None:
    """The configured postings corpus, checked now: a missing or unreadable one stops the server."""
    if settings.market_path is None:
        return None
    corpus = MarketCorpus(settings.market_path)
    corpus.check()
    return corpus


def _include_market_routes(app: FastAPI, runtime: Runtime, corpus: MarketCorpus | None) -> None:
    """/market/info, /market/stats and /market/premiums over the corpus (404 but for info without one)."""
    app.include_router(market_router(corpus, runtime.run, _guard(runtime.settings)))


def _mount_docs(app: FastAPI) -> None:
    """Interactive docs at /docs with Swagger UI's files served by payband, so they work offline."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="payband API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )


def _mount_web(app: FastAPI) -> None:
    """Serve the web page at / and /static/* when the web front end is installed."""
    if importlib.util.find_spec("payband.web") is None:
        return
    mount = getattr(importlib.import_module("payband.web"), "mount", None)
    if callable(mount):
        mount(app)


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """The payband HTTP API (and the web page, when installed) configured by ``settings``."""
    settings = settings or ApiSettings()
    runtime = Runtime(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:
            await anyio.to_thread.run_sync(_warm_up)
        previous = gc.get_threshold()
        gc.set_threshold(GC_YOUNG_THRESHOLD, *previous[1:])
        try:
            yield
        finally:
            gc.set_threshold(*previous)

    app = FastAPI(
        title="payband",
        version=__version__,
        summary="Tech roles, pay and skills from official statistics: every figure with its source.",
        description="The same results as the `payband` CLI's `--json`. Errors have one shape: "
        '`{"error": {"type", "message", "suggestions"}}`. Resumes are read in memory and never stored.',
        lifespan=lifespan,
        docs_url=None,  # served below from local assets: FastAPI's default page loads them from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    @app.get("/health", response_model=Health, tags=["meta"])
    async def health() -> Response:
        """Liveness: always open, even when the server requires an API key."""
        return json_response({"status": "ok", "version": __version__})

    corpus = _market_corpus(settings)
    app.include_router(_api_router(runtime, corpus.path if corpus else None))
    _include_market_routes(app, runtime, corpus)
    _mount_docs(app)
    _mount_web(app)
    return app


SETTINGS_ENV = "PAYBAND_API_SETTINGS"
"""Environment variable that carries the settings, as JSON, to server worker processes."""


def app_from_env() -> FastAPI:
    """App factory for server worker processes: settings from PAYBAND_API_SETTINGS, else PAYBAND_*."""
    import os

    raw = os.environ.get(SETTINGS_ENV)
    settings = ApiSettings.from_env()
    if raw:
        key = settings.api_key
        settings = ApiSettings.model_validate_json(raw).model_copy(update={"api_key": key})
    return create_app(settings)
