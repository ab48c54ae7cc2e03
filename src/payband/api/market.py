"""The market routes: pay and demand statistics and skill premiums over a postings corpus.

A server started with ``payband serve --market PATH`` (a DuckDB store from `payband market ingest`, or
a folder of Parquet tables) checks the corpus once at startup and answers /market/stats and
/market/premiums with the same JSON as `payband market stats|premiums --json`. Each request opens the
corpus read-only in its worker thread (DuckDB allows any number of read-only connections), so a corpus
re-ingested while the server runs is seen at once; answers are cached per corpus version (file sizes and
modification times). Without a corpus, /market/info says so and the other routes answer 404.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse, Response

from payband.api.errors import ERROR_RESPONSES, ApiError, ErrorBody
from payband.errors import InputError

__all__ = ["NOT_CONFIGURED", "MarketCorpus", "MarketInfo", "market_router"]

MAX_NAME_CHARS = 200
CACHE_SIZE = 256
DEFAULT_MIN_N = 30
STATS_MIN_PAY_N = 5
NOT_CONFIGURED = (
    "this server has no postings corpus; start it with `payband serve --market PATH` (a store from "
    "`payband market ingest`, or a folder of Parquet tables) to serve market statistics"
)
_COLUMNS = {
    "postings": ("posting_id", "role", "seniority", "area_code", "area_name", "posted_date", "pay_mid_usd"),
    "posting_skills": ("posting_id", "skill_id"),
}

Run = Callable[..., Awaitable[Any]]


class MarketInfo(BaseModel):
    """Whether this server has a postings corpus and, when it has, what the corpus holds."""

    configured: bool
    message: str | None = Field(default=None, description="How to configure a corpus, when none is.")
    source: str | None = Field(default=None, description="The source line the market routes cite.")
    kind: Literal["duckdb", "parquet"] | None = None
    postings: int | None = Field(default=None, description="Postings counted: one per near-duplicate group.")
    postings_stored: int | None = Field(default=None, description="Distinct postings stored.")
    postings_with_pay: int | None = Field(default=None, description="Counted postings that state pay.")
    roles: int | None = Field(default=None, description="Catalog roles with at least one counted posting.")
    skills: int | None = Field(default=None, description="Distinct skills the postings ask for.")
    first_posted: str | None = None
    last_posted: str | None = None
    stats_min_pay_n: int | None = Field(default=None, description="Postings with pay a percentile needs.")
    premiums_min_n: int | None = Field(default=None, description="Default postings needed on each side.")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _busy(exc: BaseException) -> bool:
    """A DuckDB store that a writer (an ingest) holds locked cannot be opened read-only meanwhile."""
    import duckdb

    cause = exc.__cause__
    return isinstance(cause, duckdb.Error) and "lock" in str(cause).lower()


class MarketCorpus:
    """A postings corpus served read-only: checked at startup, opened per request, answers cached."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kind: Literal["duckdb", "parquet"] = "parquet" if path.is_dir() else "duckdb"
        self.source = f"payband market corpus {path}"
        self._cache: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    # ------------------------------------------------------------------------------------ checking

    def check(self) -> None:
        """Refuse, in one line, a corpus that is missing, unreadable or lacks the tables the routes read."""
        import duckdb

        from payband.market.stats import open_market

        where = f"--market {self.path}"
        if not self.path.exists():
            raise InputError(
                f"{where}: no such file or folder; give a store from `payband market ingest` "
                "or a folder of Parquet tables"
            )
        try:
            con = open_market(self.path)
        except InputError as exc:
            if _busy(exc):
                raise InputError(
                    f"{where}: the store is locked by another process (an ingest still running?); "
                    "start the server when it has finished"
                ) from None
            raise InputError(f"{where}: {_first_line(exc)}") from None
        except duckdb.Error as exc:
            raise InputError(f"{where}: cannot read it ({_first_line(exc)})") from None
        try:
            for table, columns in _COLUMNS.items():
                con.execute(f"SELECT {', '.join(columns)} FROM {table} LIMIT 0").fetchall()
        except duckdb.Error as exc:
            raise InputError(
                f"{where}: not a payband market corpus ({_first_line(exc)}); build one with "
                "`payband market ingest FILE --db PATH`"
            ) from None
        finally:
            con.close()

    # ------------------------------------------------------------------------------------- answers

    def _version(self) -> tuple[tuple[str, int, int], ...]:
        """What changes when the corpus does: size and modification time of its files."""
        if self.kind == "parquet":
            files = sorted(self.path.rglob("*.parquet"))
        else:
            files = [self.path, self.path.with_name(self.path.name + ".wal")]
        out = []
        for file in files:
            try:
                st = file.stat()
            except OSError:
                continue
            out.append((str(file), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def cached(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> bytes:
        """The JSON body for ``key`` at the corpus's current version, computed once."""
        full = (self._version(), *key)
        with self._lock:
            body = self._cache.get(full)
            if body is not None:
                self._cache.move_to_end(full)
                return body
        try:
            data = compute()
        except InputError as exc:
            if _busy(exc):
                raise ApiError(
                    503,
                    f"the market corpus {self.path} is locked by a writer (an ingest?); try again when "
                    "it has finished",
                    type="Unavailable",
                ) from None
            raise
        body = bytes(JSONResponse(data).body)
        with self._lock:
            self._cache[full] = body
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return body

    def info(self) -> bytes:
        return self.cached(("info",), self._info)

    def _info(self) -> dict[str, Any]:
        from payband.market.stats import open_market

        con = open_market(self.path)
        try:
            row = con.execute(
                """SELECT count(*) FILTER (WHERE coalesce(canonical, true)),
                          count(*),
                          count(pay_mid_usd) FILTER (WHERE coalesce(canonical, true)),
                          count(DISTINCT role) FILTER (WHERE coalesce(canonical, true)),
                          min(posted_date), max(posted_date)
                   FROM postings"""
            ).fetchone()
            skills = con.execute("SELECT count(DISTINCT skill_id) FROM posting_skills").fetchone()
        finally:
            con.close()
        assert row is not None and skills is not None
        counted, stored, with_pay, roles, first, last = row
        return MarketInfo(
            configured=True,
            source=self.source,
            kind=self.kind,
            postings=int(counted),
            postings_stored=int(stored),
            postings_with_pay=int(with_pay),
            roles=int(roles),
            skills=int(skills[0]),
            first_posted=first.isoformat() if first is not None else None,
            last_posted=last.isoformat() if last is not None else None,
            stats_min_pay_n=STATS_MIN_PAY_N,
            premiums_min_n=DEFAULT_MIN_N,
        ).model_dump(mode="json")

    def stats(self, by: str, role: str | None, area: str | None) -> bytes:
        from payband.market.stats import stats

        return self.cached(
            ("stats", by, role, area),
            lambda: stats(self.path, by, role=role, area=area, min_pay_n=STATS_MIN_PAY_N).model_dump(),
        )

    def premiums(self, role: str, area: str | None, min_n: int) -> bytes:
        from payband.market.stats import premiums

        return self.cached(
            ("premiums", role, area, min_n),
            lambda: premiums(self.path, role, area=area, min_n=min_n).model_dump(),
        )


# ------------------------------------------------------------------------------------------- routes


def _blank(value: str | None) -> str | None:
    """An empty query value (a form's unset field) means no filter."""
    if value is None or not value.strip():
        return None
    return value.strip()


def market_router(corpus: MarketCorpus | None, run: Run, dependencies: Sequence[Any] = ()) -> APIRouter:
    """/market/info, /market/stats and /market/premiums; without a corpus the last two answer 404."""
    from payband.market.stats import PremiumsResult, StatsResult

    router = APIRouter(prefix="/market", tags=["market"], dependencies=list(dependencies))

    def ok(model: Any) -> dict[int | str, dict[str, Any]]:
        unavailable = {"model": ErrorBody, "description": "The corpus is locked by a writer (an ingest)."}
        return {200: {"model": model, "description": "Success."}, **ERROR_RESPONSES, 503: unavailable}

    def need() -> MarketCorpus:
        if corpus is None:
            raise ApiError(404, NOT_CONFIGURED, type="NotFound")
        return corpus

    def body(data: bytes) -> Response:
        return Response(data, media_type="application/json")

    @router.get("/info", responses=ok(MarketInfo))
    async def market_info() -> Response:
        """Whether a postings corpus is configured and what it holds (postings, pay, roles, dates)."""
        if corpus is None:
            return JSONResponse(MarketInfo(configured=False, message=NOT_CONFIGURED).model_dump(mode="json"))
        return body(await run(corpus.info))

    @router.get("/stats", responses=ok(StatsResult))
    async def market_stats(
        by: Annotated[
            Literal["role", "area", "seniority", "skill", "month"], Query(description="What to group by.")
        ] = "role",
        role: Annotated[
            str | None, Query(max_length=MAX_NAME_CHARS, description="Only this role (id, title or alias).")
        ] = None,
        area: Annotated[
            str | None,
            Query(max_length=MAX_NAME_CHARS, description="Only this area (a state includes its metros)."),
        ] = None,
    ) -> Response:
        """Postings, share stating pay and pay P25/P50/P75 (annual USD) per group: `market stats --json`."""
        found = need()
        return body(await run(found.stats, by, _blank(role), _blank(area)))

    @router.get("/premiums", responses=ok(PremiumsResult))
    async def market_premiums(
        role: Annotated[
            str, Query(min_length=1, max_length=MAX_NAME_CHARS, description="The role (id, title or alias).")
        ],
        area: Annotated[str | None, Query(max_length=MAX_NAME_CHARS, description="Only this area.")] = None,
        min_n: Annotated[
            int, Query(ge=2, le=1_000_000, description="Paid postings needed on each side to rank a skill.")
        ] = DEFAULT_MIN_N,
    ) -> Response:
        """Skill pay premiums within a role: median with vs without, 90% interval, n on each side."""
        found = need()
        return body(await run(found.premiums, role.strip() or role, _blank(area), min_n))

    return router
