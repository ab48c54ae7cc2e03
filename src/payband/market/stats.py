"""Questions over a postings corpus: pay and demand by a dimension, and skill pay premiums with intervals.

Reads a DuckDB store or a folder of Parquet tables (``postings``, ``posting_skills``; e.g. the Spark
engine's output) through the same SQL. One posting per near-duplicate group counts (``canonical``).
Premiums: within a role, the median annual pay of postings asking for a skill against those that do not,
stratified by seniority where every stratum used has enough postings on both sides; a 90% interval from
an exact, seeded bootstrap of the medians (resampled medians drawn through Beta-distributed order
statistics, so it costs the same for 100 or 1,000,000 postings).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict

from payband.errors import InputError

__all__ = [
    "BY_CHOICES",
    "MarketPremiums",
    "PremiumsResult",
    "SkillPremium",
    "StatsResult",
    "StatsRow",
    "market_premiums_for",
    "open_market",
    "premiums",
    "stats",
    "write_rows",
]

By = Literal["role", "area", "seniority", "skill", "month"]
BY_CHOICES: tuple[str, ...] = ("role", "area", "seniority", "skill", "month")
_KEYS: dict[str, tuple[str, str]] = {
    "role": ("p.role", "p.role"),
    "area": ("p.area_code", "p.area_name"),
    "seniority": ("p.seniority", "p.seniority"),
    "skill": ("s.skill_id", "s.skill_id"),
    "month": ("strftime(p.posted_date, '%Y-%m')", "strftime(p.posted_date, '%Y-%m')"),
}
_MIN_STRATUM = 10
_STRATA_COVER = 0.8


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StatsRow(_Frozen):
    """One group: postings, how many state pay, and annual USD pay percentiles (None below min n)."""

    key: str | None
    label: str | None
    n: int
    n_pay: int
    share_pay: float
    p25: float | None
    p50: float | None
    p75: float | None


class StatsResult(_Frozen):
    """Postings grouped by one dimension, with the filters used and the source."""

    by: str
    role: str | None
    area: str | None
    n_total: int
    min_pay_n: int
    rows: list[StatsRow]
    source: str


class SkillPremium(_Frozen):
    """Median pay with vs without a skill within a role; ranked only with enough postings on each side."""

    skill_id: str
    label: str
    status: Literal["ranked", "not enough data"]
    n_with: int
    n_without: int
    median_with: float | None
    median_without: float | None
    premium_usd: float | None
    premium_pct: float | None
    ci90_low_usd: float | None
    ci90_high_usd: float | None
    ci90_low_pct: float | None
    ci90_high_pct: float | None
    by_seniority: bool


class PremiumsResult(_Frozen):
    """Skill premiums within a role (and area): ranked ones by premium, then the "not enough data" ones."""

    role: str
    area: str | None
    n_pay: int
    min_n: int
    n_boot: int
    seed: int
    ranked: list[SkillPremium]
    not_enough_data: list[SkillPremium]
    source: str


class MarketPremiums(_Frozen):
    """A corpus's skill premiums for a person's role: every skill, those held, the best ones to learn."""

    role: str
    n_pay: int
    source: str
    premiums: dict[str, SkillPremium]
    held: list[str]
    to_learn: list[SkillPremium]


# ---------------------------------------------------------------------------------------------- input


def open_market(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection with ``postings`` and ``posting_skills`` over a store or a Parquet folder."""
    source = Path(path)
    if source.is_dir():
        con = duckdb.connect()
        for table in ("postings", "posting_skills"):
            if (source / f"{table}.parquet").is_file():
                glob = str(source / f"{table}.parquet")
            elif (source / table).is_dir():
                glob = str(source / table / "**" / "*.parquet")
            else:
                raise InputError(f"{source} has no {table}.parquet or {table}/ folder of Parquet files")
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{glob}')")
        return con
    if not source.is_file():
        raise InputError(f"no market store at {source}: ingest postings first (payband market ingest FILE)")
    try:
        return duckdb.connect(str(source), read_only=True)
    except duckdb.Error as exc:
        raise InputError(f"{source} is not a payband market store ({exc})") from exc


def _role_id(role: str) -> str:
    from payband.reference.catalog import find_role

    return find_role(role).id


def _area_codes(area: str) -> tuple[list[str] | None, str]:
    """OEWS codes an area filter covers (a state covers its metros); None for the nation."""
    from payband.reference.areas import load_areas

    index = load_areas()
    found = index.resolve(area).area
    if found.type == "national":
        return None, found.name
    if found.type == "state" and found.state_abbr:
        codes = [found.code] + [
            a.code for a in index.areas if a.type == "metro" and found.state_abbr in a.states
        ]
        return codes, found.name
    return [found.code], found.name


def _filters(role: str | None, area: str | None) -> tuple[str, list[object], str | None, str | None]:
    where = ["coalesce(p.canonical, true)"]
    params: list[object] = []
    role_id = area_name = None
    if role:
        role_id = _role_id(role)
        where.append("p.role = ?")
        params.append(role_id)
    if area:
        codes, area_name = _area_codes(area)
        if codes is not None:
            where.append("list_contains(?, p.area_code)")
            params.append(codes)
    return " AND ".join(where), params, role_id, area_name


def _skill_label(skill_id: str) -> str:
    from payband.reference.skills import load_skills

    skill = load_skills().get(skill_id)
    return skill.label if skill else skill_id


# ---------------------------------------------------------------------------------------------- stats


def stats(
    path: Path | str,
    by: str = "role",
    *,
    role: str | None = None,
    area: str | None = None,
    min_pay_n: int = 5,
) -> StatsResult:
    """Postings per group, share stating pay and pay P25/P50/P75 (annual USD) where n_pay >= min_pay_n."""
    if by not in _KEYS:
        raise InputError(f"--by must be one of {', '.join(BY_CHOICES)}; got {by!r}")
    where, params, role_id, area_name = _filters(role, area)
    key, label = _KEYS[by]
    join = "JOIN posting_skills s ON s.posting_id = p.posting_id" if by == "skill" else ""
    con = open_market(path)
    try:
        total = con.execute(f"SELECT count(*) FROM postings p WHERE {where}", params).fetchone()
        rows = con.execute(
            f"""SELECT {key} AS key, any_value({label}) AS label, count(*) AS n,
                       count(p.pay_mid_usd) AS n_pay,
                       quantile_cont(p.pay_mid_usd, [0.25, 0.5, 0.75]) AS q
                FROM postings p {join} WHERE {where}
                GROUP BY 1 ORDER BY n DESC, key NULLS LAST""",
            params,
        ).fetchall()
    finally:
        con.close()
    out = []
    for k, lab, n, n_pay, q in rows:
        enough = n_pay >= min_pay_n and q is not None
        if by == "skill" and k is not None:
            lab = _skill_label(k)
        out.append(
            StatsRow(
                key=k,
                label=lab,
                n=n,
                n_pay=n_pay,
                share_pay=round(n_pay / n, 4) if n else 0.0,
                p25=round(q[0], 2) if enough else None,
                p50=round(q[1], 2) if enough else None,
                p75=round(q[2], 2) if enough else None,
            )
        )
    return StatsResult(
        by=by,
        role=role_id,
        area=area_name,
        n_total=int(total[0]) if total else 0,
        min_pay_n=min_pay_n,
        rows=out,
        source=f"payband market corpus {path}",
    )


# ------------------------------------------------------------------------------------------- premiums


def _boot_medians(x: np.ndarray, rng: np.random.Generator, n_boot: int) -> np.ndarray:
    """Medians of ``n_boot`` bootstrap resamples of sorted ``x``, drawn exactly without resampling.

    The k-th smallest of n draws from the sample is x[ceil(n·U) - 1] with U ~ Beta(k, n + 1 - k); the
    next one up is U + (1 - U)·Beta(1, n - k).
    """
    n = len(x)

    def at(u: np.ndarray) -> np.ndarray:
        picked: np.ndarray = x[np.clip(np.ceil(n * u).astype(np.int64) - 1, 0, n - 1)]
        return picked

    k = (n + 1) // 2 if n % 2 else n // 2
    u1 = rng.beta(k, n + 1 - k, n_boot)
    if n % 2:
        return at(u1)
    u2 = u1 + (1.0 - u1) * rng.beta(1, n - k, n_boot)
    both: np.ndarray = (at(u1) + at(u2)) / 2.0
    return both


def _premium(
    pay: np.ndarray, strata: np.ndarray, has: np.ndarray, n_strata: int, n_boot: int, rng: np.random.Generator
) -> tuple[float, float, np.ndarray, np.ndarray, bool]:
    """(premium USD, premium share, bootstrap USD and share draws, stratified?); ``pay`` is sorted."""
    used = []
    for s in range(n_strata):
        w = int(np.count_nonzero(has & (strata == s)))
        wo = int(np.count_nonzero(~has & (strata == s)))
        if w >= _MIN_STRATUM and wo >= _MIN_STRATUM:
            used.append((s, w))
    n_with = int(np.count_nonzero(has))
    stratified = len(used) >= 2 and sum(w for _, w in used) >= _STRATA_COVER * n_with
    groups = [(strata == s, w) for s, w in used] if stratified else [(np.ones_like(has), n_with)]
    total = sum(w for _, w in groups)
    usd = 0.0
    pct = 0.0
    boot_usd = np.zeros(n_boot)
    boot_pct = np.zeros(n_boot)
    for in_stratum, w in groups:
        a, b = pay[in_stratum & has], pay[in_stratum & ~has]
        ma, mb = float(np.median(a)), float(np.median(b))
        ba, bb = _boot_medians(a, rng, n_boot), _boot_medians(b, rng, n_boot)
        usd += w / total * (ma - mb)
        pct += w / total * (ma / mb - 1.0)
        boot_usd += w / total * (ba - bb)
        boot_pct += w / total * (ba / bb - 1.0)
    return usd, pct, boot_usd, boot_pct, stratified


def premiums(
    path: Path | str,
    role: str,
    *,
    area: str | None = None,
    min_n: int = 30,
    n_boot: int = 2000,
    seed: int = 0,
) -> PremiumsResult:
    """Per skill within ``role``: median pay with vs without it, a bootstrap 90% interval, n on each side.

    Skills with fewer than ``min_n`` paid postings on either side are listed as "not enough data", not
    ranked. Deterministic: each skill's bootstrap is seeded from ``seed`` and the skill id.
    """
    if min_n < 2:
        raise InputError(f"min_n must be at least 2; got {min_n}")
    where, params, role_id, area_name = _filters(role, area)
    assert role_id is not None
    con = open_market(path)
    try:
        base = con.execute(
            f"""SELECT p.posting_id, p.pay_mid_usd, coalesce(p.seniority, '') AS seniority FROM postings p
                WHERE {where} AND p.pay_mid_usd IS NOT NULL ORDER BY p.pay_mid_usd, p.posting_id""",
            params,
        ).fetchnumpy()
        pairs = con.execute(
            f"""SELECT s.skill_id, list(p.posting_id) FROM posting_skills s JOIN postings p
                ON s.posting_id = p.posting_id WHERE {where} AND p.pay_mid_usd IS NOT NULL
                GROUP BY s.skill_id ORDER BY s.skill_id""",
            params,
        ).fetchall()
    finally:
        con.close()
    ids = [str(x) for x in base["posting_id"]]
    pay = np.asarray(base["pay_mid_usd"], dtype=np.float64)
    seniority = [str(x) for x in base["seniority"]]
    levels = sorted(set(seniority))
    strata = np.asarray([levels.index(s) for s in seniority], dtype=np.int64)
    position = {pid: i for i, pid in enumerate(ids)}
    n = len(ids)
    ranked: list[SkillPremium] = []
    thin: list[SkillPremium] = []
    for skill_id, members in pairs:
        has = np.zeros(n, dtype=bool)
        has[[position[m] for m in members if m in position]] = True
        n_with = int(has.sum())
        n_without = n - n_with
        med_w = float(np.median(pay[has])) if n_with else None
        med_wo = float(np.median(pay[~has])) if n_without else None
        common = {
            "skill_id": skill_id,
            "label": _skill_label(skill_id),
            "n_with": n_with,
            "n_without": n_without,
            "median_with": med_w,
            "median_without": med_wo,
        }
        if n_with < min_n or n_without < min_n:
            thin.append(
                SkillPremium(
                    **common,
                    status="not enough data",
                    premium_usd=None,
                    premium_pct=None,
                    ci90_low_usd=None,
                    ci90_high_usd=None,
                    ci90_low_pct=None,
                    ci90_high_pct=None,
                    by_seniority=False,
                )
            )
            continue
        rng = np.random.default_rng([seed, zlib.crc32(skill_id.encode())])
        usd, pct, boot_usd, boot_pct, stratified = _premium(pay, strata, has, len(levels), n_boot, rng)
        lo_usd, hi_usd = np.quantile(boot_usd, [0.05, 0.95])
        lo_pct, hi_pct = np.quantile(boot_pct, [0.05, 0.95])
        ranked.append(
            SkillPremium(
                **common,
                status="ranked",
                premium_usd=round(usd, 2),
                premium_pct=round(pct, 5),
                ci90_low_usd=round(float(lo_usd), 2),
                ci90_high_usd=round(float(hi_usd), 2),
                ci90_low_pct=round(float(lo_pct), 5),
                ci90_high_pct=round(float(hi_pct), 5),
                by_seniority=stratified,
            )
        )
    ranked.sort(key=lambda p: (-(p.premium_usd or 0.0), p.skill_id))
    thin.sort(key=lambda p: (-p.n_with, p.skill_id))
    return PremiumsResult(
        role=role_id,
        area=area_name,
        n_pay=n,
        min_n=min_n,
        n_boot=n_boot,
        seed=seed,
        ranked=ranked,
        not_enough_data=thin,
        source=f"payband market corpus {path}",
    )


def market_premiums_for(
    profile_skills: Iterable[str], role: str, db_path: Path | str, *, area: str | None = None, min_n: int = 30
) -> MarketPremiums:
    """Skill premiums from a corpus for the advisor (``payband advise --market PATH``).

    ``premiums`` holds every skill seen in the role's paid postings (ranked or "not enough data", each
    with its n); ``held`` the profile's skills among them; ``to_learn`` the ranked skills the profile
    lacks, highest premium first.
    """
    result = premiums(db_path, role, area=area, min_n=min_n)
    mine = set(profile_skills)
    everything = {p.skill_id: p for p in (*result.ranked, *result.not_enough_data)}
    return MarketPremiums(
        role=result.role,
        n_pay=result.n_pay,
        source=f"{result.source}, {result.n_pay:,} paid postings for {result.role}"
        + (f" in {result.area}" if result.area else ""),
        premiums=everything,
        held=sorted(mine & set(everything)),
        to_learn=[p for p in result.ranked if p.skill_id not in mine],
    )


def write_rows(rows: Sequence[BaseModel], out: Path | str) -> Path:
    """Write typed result rows to ``.csv`` or ``.parquet`` (the suffix decides)."""
    target = Path(out)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise InputError(f"--out must end in .csv or .parquet; got {target.name!r}")
    records = [r.model_dump() for r in rows]
    table = pa.Table.from_pylist(records) if records else pa.table({})
    target.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        pa_csv.write_csv(table, target)
    else:
        pq.write_table(table, target)
    return target
