"""Per-posting extraction over a pandas batch: pure functions every engine calls unchanged.

``extract_batch(df, mapping, source_file=…, first_row=…)`` turns raw rows into ``postings`` and
``posting_skills`` rows (the Arrow schemas of :mod:`payband.market.schema`) and ``rejects`` with a reason.
It reads no files and keeps no state beyond per-process caches, so Spark's ``mapInPandas`` can run it.
A ``_payband_row`` column, when present, gives each row's number in its source file (Spark has no
row order); a ``_payband_file`` column gives the source file's SHA-256.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from payband.errors import InputError
from payband.market.columns import ColumnMapping
from payband.market.schema import POSTING_SKILLS_SCHEMA, POSTINGS_SCHEMA, REJECTS_SCHEMA
from payband.text.locations import MAX_LOCATION_CHARS, resolve_location
from payband.text.salary import ANNUAL_FACTORS, find_salaries, load_fx, parse_salary
from payband.text.skill_extraction import extract_skill_ids_many
from payband.text.titles import MAX_TITLE_CHARS, classify_title, normalise_title

__all__ = [
    "FILE_COLUMN",
    "ROW_COLUMN",
    "ExtractSettings",
    "ExtractedBatch",
    "ExtractedTables",
    "empty_batch",
    "extract_batch",
    "extract_tables",
    "extractor_versions",
    "minhash_bands",
]

ROW_COLUMN = "_payband_row"
FILE_COLUMN = "_payband_file"

_PERIODS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(("year", "yearly", "annual", "annually", "yr", "per year", "salary"), ("year", 1)),
    **dict.fromkeys(("hour", "hourly", "hr", "per hour"), ("hour", ANNUAL_FACTORS["hour"])),
    **dict.fromkeys(("month", "monthly", "mo", "per month"), ("month", 12)),
    **dict.fromkeys(("week", "weekly", "wk", "per week"), ("week", 52)),
    **dict.fromkeys(("biweekly", "bi-weekly", "fortnightly"), ("biweekly", 26)),
    **dict.fromkeys(("day", "daily", "per day"), ("day", ANNUAL_FACTORS["day"])),
}
_PAY_BOUNDS_USD = (1_000.0, 5_000_000.0)
_GLASSDOOR_RATING = re.compile(r"\n\s*\d(?:\.\d)?\s*$")
_FOLD = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))
# _FOLD after ASCII lower-casing (A-Z → a-z): folds the text as written, lower() included
_FOLD_UPPER = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256)
)


def _fold_run(exc: UnicodeError) -> tuple[str, int]:
    """``str.encode`` error handler for :func:`_signature`: a run of non-ASCII characters → its bytes
    as ``run.lower().encode("utf-8", "ignore").translate(_FOLD)`` would give them (mostly spaces; the
    Kelvin sign lower-cases to "k"), so the folded bytes are those of the lower-cased UTF-8 text."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    run = exc.object[exc.start : exc.end]
    return run.lower().encode("utf-8", "ignore").translate(_FOLD).decode("ascii"), exc.end


codecs.register_error("payband-minhash-fold", _fold_run)
_TRUE = {"true", "1", "1.0", "yes", "y", "t"}

# Near-duplicate detection: MinHash over 24-character shingles starting at words, 24 hashes in 6 bands
# of 4. Two postings with
# the same dup_key whose shingle sets overlap (Jaccard) 0.8 share a band with probability 0.96; at
# 0.5, 0.35; at 0.3, 0.05. Constants are fixed so every engine and every run agrees.
SHINGLE_CHARS = 24
N_BANDS = 6
ROWS_PER_BAND = 4
_rng = np.random.default_rng(20_240_601)
_HASH_A = (_rng.integers(1, 2**63 - 1, N_BANDS * ROWS_PER_BAND, dtype=np.uint64) | np.uint64(1)).reshape(
    -1, 1
)
_C1, _C2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)
_HASH_B = _rng.integers(0, 2**63 - 1, N_BANDS * ROWS_PER_BAND, dtype=np.uint64).reshape(-1, 1)
_SHIFT = np.uint64(32)
_ZERO = np.zeros(1, dtype=np.intp)


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Per-row limits: longer rows are rejected with the reason, not truncated."""

    max_description_chars: int = 100_000
    max_title_chars: int = MAX_TITLE_CHARS
    raw_chars: int = 500  # how much of a rejected row to keep in rejects.raw


@dataclass(frozen=True, slots=True)
class ExtractedBatch:
    """One batch's output: postings, their skills and the rejects (pandas, schema-ordered columns)."""

    postings: pd.DataFrame
    skills: pd.DataFrame
    rejects: pd.DataFrame
    rows_read: int = 0
    notes: dict[str, int] = field(default_factory=dict)

    def tables(self) -> dict[str, pa.Table]:
        """The three tables as Arrow tables with the exact store schemas."""
        return {
            "postings": pa.Table.from_pandas(self.postings, schema=POSTINGS_SCHEMA, preserve_index=False),
            "posting_skills": pa.Table.from_pandas(
                self.skills, schema=POSTING_SKILLS_SCHEMA, preserve_index=False
            ),
            "rejects": pa.Table.from_pandas(self.rejects, schema=REJECTS_SCHEMA, preserve_index=False),
        }


@dataclass(frozen=True, slots=True)
class ExtractedTables:
    """One batch's output as Arrow tables with the store schemas (what :func:`extract_batch` converts to
    pandas): cheaper to build, to send between processes and to write to DuckDB."""

    postings: pa.Table
    skills: pa.Table
    rejects: pa.Table
    rows_read: int = 0
    notes: dict[str, int] = field(default_factory=dict)

    def tables(self) -> dict[str, pa.Table]:
        """The three tables, keyed like :meth:`ExtractedBatch.tables`."""
        return {"postings": self.postings, "posting_skills": self.skills, "rejects": self.rejects}


def empty_batch() -> ExtractedBatch:
    """A batch with no rows (the right columns)."""
    return ExtractedBatch(
        postings=POSTINGS_SCHEMA.empty_table().to_pandas(),
        skills=POSTING_SKILLS_SCHEMA.empty_table().to_pandas(),
        rejects=REJECTS_SCHEMA.empty_table().to_pandas(),
    )


def _digest(parts: Sequence[bytes]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(p)
    return h.hexdigest()


@cache
def extractor_versions() -> dict[str, str]:
    """Version of each extractor: a short hash of its code and bundled data, so runs say what read them."""
    from payband import __version__

    def stamp(modules: Sequence[str], data: Sequence[str]) -> str:
        h = hashlib.sha256()
        for mod in modules:
            source = Path(__import__(mod, fromlist=["_"]).__file__ or "")
            # A package counts as all of its modules, so an edit anywhere in it changes the stamp.
            files = sorted(source.parent.glob("*.py")) if source.name == "__init__.py" else [source]
            for file in files:
                h.update(file.read_bytes())
        for name in data:
            ref = resources.files("payband.reference").joinpath("data", name)
            if ref.is_file():
                h.update(ref.read_bytes())
        return h.hexdigest()[:12]

    return {
        "payband": __version__,
        "salary": stamp(["payband.text.salary"], ["fx_rates.json"]),
        "titles": stamp(["payband.text.titles"], ["title_index.json.gz", "title_index.json"]),
        "locations": stamp(["payband.text.locations", "payband.reference.areas"], ["oews_areas.parquet"]),
        "skills": stamp(
            ["payband.text.skill_extraction", "payband.text.sections", "payband.reference.skills"],
            ["skills.json", "skills.json.gz"],
        ),
        "market.extract": stamp(["payband.market.extract", "payband.market.columns"], []),
    }


# ------------------------------------------------------------------------------------------ cleaning


def _text(value: Any) -> str | None:
    """A cell as stripped text, None when empty or missing."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return repr(value)
    if isinstance(value, dict):  # JSONL locations like {"city": …, "state": …}
        parts = [str(value[k]) for k in ("city", "state", "region", "country") if value.get(k)]
        value = ", ".join(parts)
    elif not isinstance(value, str):
        value = str(value)
    value = value.strip()
    return value or None


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        f = float(value)
        return None if math.isnan(f) or f <= 0 else f
    text = str(value).strip().replace(",", "").replace("$", "")
    try:
        f = float(text)
    except ValueError:
        return None
    return None if math.isnan(f) or f <= 0 else f


def _flag(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return str(value).strip().lower() in _TRUE


def _dates(values: pd.Series) -> list[date | None]:
    """Dates from ISO text, datetimes or epoch seconds/milliseconds; None when unreadable."""
    out: list[date | None] = []
    for v in values.tolist():
        out.append(_one_date(v))
    return out


@lru_cache(maxsize=8192)
def _parse_date_text(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")[:32]).date()
    except ValueError:
        pass
    try:
        return _epoch(float(text))
    except ValueError:
        return None


def _epoch(f: float) -> date | None:
    if math.isnan(f) or f <= 0:
        return None
    seconds = f / 1000.0 if f > 1e11 else f
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date()  # noqa: UP017
    except (OverflowError, OSError, ValueError):
        return None


def _one_date(v: Any) -> date | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return None if pd.isna(v) else v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool):
        return _epoch(float(v))
    text = str(v).strip()
    return _parse_date_text(text) if text else None


# ---------------------------------------------------------------------------------------------- pay


@dataclass(frozen=True, slots=True)
class _Pay:
    lo: int
    hi: int
    period: str | None
    currency: str | None
    estimate: bool
    source: str


def _structured_pay(
    lo: float | None, hi: float | None, mid: float | None, period: str | None, currency: str | None
) -> _Pay | None:
    lo, hi = lo or mid or hi, hi or mid or lo
    if lo is None or hi is None:
        return None
    if hi < lo:
        lo, hi = hi, lo
    key = (period or "").strip().lower()
    if key in _PERIODS:
        name, factor = _PERIODS[key]
    elif not key and hi >= 10_000:
        name, factor = "year", 1
    elif not key and hi <= 300:
        name, factor = "hour", ANNUAL_FACTORS["hour"]
    else:
        return None
    cur = (currency or "USD").strip().upper()
    rate = load_fx().usd_per_unit.get(cur)
    if rate is None:
        return None
    a, b = lo * factor * rate, hi * factor * rate
    if not (_PAY_BOUNDS_USD[0] <= a <= b <= _PAY_BOUNDS_USD[1]):
        return None
    return _Pay(round(a), round(b), name, cur, False, "structured")


@lru_cache(maxsize=16_384)
def _text_pay(text: str) -> _Pay | None:
    try:
        parsed = parse_salary(text)
    except InputError:
        return None
    if parsed is None or parsed.annual_min_usd is None:
        return None
    hi = parsed.annual_max_usd if parsed.annual_max_usd is not None else parsed.annual_min_usd
    return _Pay(parsed.annual_min_usd, hi, parsed.period, parsed.currency, parsed.estimate, "salary_text")


@lru_cache(maxsize=2048)
def _description_pay(description: str) -> _Pay | None:
    for mention in find_salaries(description):
        p = mention.parse
        if p.annual_min_usd is not None:
            hi = p.annual_max_usd if p.annual_max_usd is not None else p.annual_min_usd
            return _Pay(p.annual_min_usd, hi, p.period, p.currency, p.estimate, "description")
    return None


# ---------------------------------------------------------------------------------- description work


_Described = tuple[tuple[str, ...], tuple[int, ...]]
_DESCRIBED: OrderedDict[str, _Described] = OrderedDict()
_DESCRIBED_MAX = 2048


def _describe(descriptions: Sequence[str]) -> dict[str, _Described]:
    """Skills and MinHash signature of each description, cached per process (re-posted descriptions
    are common in real corpora). The uncached ones are read together: one automaton pass over all of
    them, then the rest, which keeps the skill automaton in the CPU cache."""
    out: dict[str, _Described] = {}
    missing: list[str] = []
    for d in descriptions:
        if d in out:
            continue
        known = _DESCRIBED.get(d)
        if known is None:
            out[d] = ((), ())
            missing.append(d)
        else:
            _DESCRIBED.move_to_end(d)
            out[d] = known
    for d, ids in zip(missing, extract_skill_ids_many(missing), strict=True):
        value = (tuple(sorted(ids)), _signature(d))
        out[d] = value
        _DESCRIBED[d] = value
        if len(_DESCRIBED) > _DESCRIBED_MAX:
            _DESCRIBED.popitem(last=False)
    return out


def _signature(description: str) -> tuple[int, ...]:
    """MinHash signature of the description's 24-character shingles that start a word.

    Text is lower-cased with everything but ASCII letters and digits as spaces; a shingle is hashed from
    its three 8-byte words, read at the word starts only through a 1-byte-strided uint64 view of the
    buffer (no per-character loop, no hashing of shingles that are not kept). The minimum is taken
    before the shift: ``x >> 32`` is monotonic, so the signature is the same.
    """
    # = description.lower().encode("utf-8", "ignore").translate(_FOLD), without lower-casing and
    # UTF-8-encoding the whole text: non-ASCII runs are folded by _fold_run
    buf = description.encode("ascii", "payband-minhash-fold").translate(_FOLD_UPPER)
    size = len(buf)
    m = size - SHINGLE_CHARS + 1
    if m < 1:
        return ()
    codes = np.frombuffer(buf, dtype=np.uint8)
    space = codes[:m] == 32
    starts = np.flatnonzero(space[:-1] & ~space[1:]) + 1
    if not space[0]:
        starts = np.concatenate((_ZERO, starts))
    if starts.size == 0:
        return ()
    words = np.ndarray((size - 7,), dtype=np.uint64, buffer=buf, strides=(1,))
    picked = words[starts] * _C1 + words[starts + 8] * _C2 + words[starts + 16]  # wraps mod 2**64
    mixed = picked * _HASH_A
    mixed += _HASH_B
    return tuple((mixed.min(axis=1) >> _SHIFT).tolist())


_BAND_FORMAT = b",".join([b"%d"] * ROWS_PER_BAND)


def minhash_bands(dup_key: str, signature: Sequence[int]) -> list[int]:
    """The LSH band keys of a signature under ``dup_key`` (empty without a signature)."""
    if not signature:
        return []
    out = []
    prefix = dup_key.encode()
    whole = len(signature) == N_BANDS * ROWS_PER_BAND
    for b in range(N_BANDS):
        part = signature[b * ROWS_PER_BAND : (b + 1) * ROWS_PER_BAND]
        # b",".join(b"%d" % x for x in part), in one formatting step when the band is whole
        text = _BAND_FORMAT % tuple(part) if whole else b",".join(b"%d" % x for x in part)
        raw = hashlib.blake2b(prefix + b"|%d|" % b + text, digest_size=8)
        out.append(int.from_bytes(raw.digest(), "big", signed=True))
    return out


def _collapse(text: str | None) -> bytes:
    return " ".join(text.split()).encode() if text else b""


# ------------------------------------------------------------------------------------------- batches


def _column(df: pd.DataFrame, mapping: ColumnMapping, name: str) -> list[Any]:
    column = mapping.get(name)
    if column is None or column not in df.columns:
        return [None] * len(df)
    return df[column].tolist()


def _raw(row: dict[str, Any], limit: int) -> str:
    text = json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False, default=str)
    return text[:limit]


def extract_batch(
    df: pd.DataFrame,
    mapping: ColumnMapping,
    *,
    source_file: str = "",
    first_row: int = 0,
    settings: ExtractSettings | None = None,
) -> ExtractedBatch:
    """Extract every row of a raw batch: postings, posting skills and rejects (nothing dropped silently).

    Row numbers are ``first_row + i`` unless the batch has a ``_payband_row`` column. Rows with the same
    content hash inside the batch are all returned; the store keeps the first by (file, row).
    """
    out = extract_tables(df, mapping, source_file=source_file, first_row=first_row, settings=settings)
    return ExtractedBatch(
        out.postings.to_pandas(),
        out.skills.to_pandas(),
        out.rejects.to_pandas(),
        rows_read=out.rows_read,
        notes=out.notes,
    )


def extract_tables(
    df: pd.DataFrame,
    mapping: ColumnMapping,
    *,
    source_file: str = "",
    first_row: int = 0,
    settings: ExtractSettings | None = None,
) -> ExtractedTables:
    """:func:`extract_batch` with Arrow tables out (the store schemas), for engines that write Arrow."""
    settings = settings or ExtractSettings()
    n = len(df)
    rows = (
        df[ROW_COLUMN].astype("int64").tolist()
        if ROW_COLUMN in df.columns
        else list(range(first_row, first_row + n))
    )
    files = df[FILE_COLUMN].astype(str).tolist() if FILE_COLUMN in df.columns else [source_file] * n
    titles = _column(df, mapping, "title")
    descriptions = _column(df, mapping, "description")
    companies = _column(df, mapping, "company")
    locations = _column(df, mapping, "location")
    salary_texts = _column(df, mapping, "salary_text")
    pay_min = _column(df, mapping, "pay_min")
    pay_max = _column(df, mapping, "pay_max")
    pay_mid = _column(df, mapping, "pay_mid")
    periods = _column(df, mapping, "pay_period")
    currencies = _column(df, mapping, "pay_currency")
    remotes = _column(df, mapping, "remote")
    date_col = mapping.get("date")
    dates = _dates(df[date_col]) if date_col is not None and date_col in df.columns else [None] * n

    posts: dict[str, list[Any]] = {f.name: [] for f in POSTINGS_SCHEMA}
    skill_rows: tuple[list[str], list[str]] = ([], [])
    rejects: dict[str, list[Any]] = {f.name: [] for f in REJECTS_SCHEMA}
    notes = {"location_unplaced": 0, "pay_stated": 0}

    title_texts = [_text(t) for t in titles]
    desc_texts = [_text(d) for d in descriptions]
    described = _describe(
        [
            d
            for t, d in zip(title_texts, desc_texts, strict=True)
            if t is not None
            and d is not None
            and len(t) <= settings.max_title_chars
            and len(d) <= settings.max_description_chars
        ]
    )

    for i in range(n):
        title, desc = title_texts[i], desc_texts[i]
        reason = detail = None
        if title is None and desc is None:
            reason, detail = "empty_row", "no title and no description"
        elif title is None:
            reason, detail = "no_title", "the row has a description but no title"
        elif len(title) > settings.max_title_chars:
            reason = "title_too_long"
            detail = f"title is {len(title):,} characters; the limit is {settings.max_title_chars:,}"
        elif desc is not None and len(desc) > settings.max_description_chars:
            reason = "description_too_long"
            detail = (
                f"description is {len(desc):,} characters; the limit is {settings.max_description_chars:,}"
            )
        company = _text(companies[i])
        if company is not None:
            company = _GLASSDOOR_RATING.sub("", company).strip() or None
        location = _text(locations[i])
        salary_text = _text(salary_texts[i])
        lo, hi, mid = _number(pay_min[i]), _number(pay_max[i]), _number(pay_mid[i])
        period, currency = _text(periods[i]), _text(currencies[i])
        if reason is not None:
            rejects["source_file"].append(files[i])
            rejects["source_row"].append(rows[i])
            rejects["reason"].append(reason)
            rejects["detail"].append(detail)
            raw_row = {
                "title": title,
                "company": company,
                "location": location,
                "salary": salary_text,
                "description": desc[:200] if desc else None,
            }
            rejects["raw"].append(_raw(raw_row, settings.raw_chars))
            continue
        assert title is not None
        posted = dates[i]
        posting_id = _digest(
            [
                _collapse(title),
                b"\x1f",
                _collapse(company),
                b"\x1f",
                _collapse(location),
                b"\x1f",
                (desc or "").encode(),
                b"\x1f",
                _collapse(salary_text),
                b"\x1f",
                repr((lo, hi, mid, period, currency, posted.isoformat() if posted else None)).encode(),
            ]
        )

        match = classify_title(title)
        area_code = area_name = None
        remote = hybrid = False
        if location is not None and len(location) <= MAX_LOCATION_CHARS:
            loc = resolve_location(location)
            area_code, area_name, remote, hybrid = loc.area_code, loc.area_name, loc.remote, loc.hybrid
        if area_code is None:
            notes["location_unplaced"] += 1
        remote = remote or _flag(remotes[i])

        pay = _structured_pay(lo, hi, mid, period, currency)
        if pay is None and salary_text is not None:
            pay = _text_pay(salary_text)
        skills: tuple[str, ...] = ()
        signature: tuple[int, ...] = ()
        if desc is not None:
            skills, signature = described[desc]
            if pay is None:
                pay = _description_pay(desc)
        dup_key = f"{normalise_title(title)}|{area_code or ''}"

        posts["posting_id"].append(posting_id)
        posts["source_file"].append(files[i])
        posts["source_row"].append(rows[i])
        posts["title"].append(title)
        posts["company"].append(company)
        posts["location"].append(location)
        posts["role"].append(match.role)
        posts["seniority"].append(match.seniority)
        posts["area_code"].append(area_code)
        posts["area_name"].append(area_name)
        posts["remote"].append(remote)
        posts["hybrid"].append(hybrid)
        posts["posted_date"].append(posted)
        posts["pay_min_usd"].append(pay.lo if pay else None)
        posts["pay_max_usd"].append(pay.hi if pay else None)
        posts["pay_mid_usd"].append((pay.lo + pay.hi) / 2.0 if pay else None)
        posts["pay_period"].append(pay.period if pay else None)
        posts["pay_currency"].append(pay.currency if pay else None)
        posts["pay_estimate"].append(pay.estimate if pay else None)
        posts["pay_source"].append(pay.source if pay else None)
        posts["n_skills"].append(len(skills))
        posts["description_chars"].append(len(desc) if desc else 0)
        posts["dup_key"].append(dup_key)
        posts["dup_bands"].append(minhash_bands(dup_key, signature))
        posts["dup_group"].append(None)
        posts["canonical"].append(None)
        if pay is not None:
            notes["pay_stated"] += 1
        for skill in skills:
            skill_rows[0].append(posting_id)
            skill_rows[1].append(skill)

    return ExtractedTables(
        pa.table(posts, schema=POSTINGS_SCHEMA),
        pa.table({"posting_id": skill_rows[0], "skill_id": skill_rows[1]}, schema=POSTING_SKILLS_SCHEMA),
        pa.table(rejects, schema=REJECTS_SCHEMA),
        rows_read=n,
        notes=notes,
    )
