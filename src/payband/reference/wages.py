"""OEWS wage estimates, as BLS publishes them, read from the bundled Parquet tables.

Each cell is one occupation (SOC) in one area: employment, mean, hourly and annual percentiles,
relative standard errors, location quotient and BLS footnotes. Top-coded values (footnote 5) stay
null with the footnote kept, so they can be shown as "≥ $239,200" and never invented.
"""

from __future__ import annotations

import bisect
import json
import threading
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from payband.errors import DataError

__all__ = [
    "ANNUAL_TOP_CODE",
    "HOURLY_TOP_CODE",
    "PERCENTILES",
    "Occupation",
    "OewsRelease",
    "WageCell",
    "WageTable",
    "load_wages",
]

ANNUAL_TOP_CODE = 239_200
HOURLY_TOP_CODE = 115.0
TOP_CODE_FOOTNOTE = "5"
PERCENTILES = ("p10", "p25", "p50", "p75", "p90")


@dataclass(frozen=True, slots=True)
class Occupation:
    """A SOC occupation as OEWS names it."""

    soc: str
    title: str
    display_level: int


@dataclass(frozen=True, slots=True)
class OewsRelease:
    """Which OEWS release the bundled tables hold, and what its footnotes mean."""

    dataset: str
    release: str
    industry: str
    footnotes: dict[str, str]
    upstream_retrieved: str | None


@dataclass(frozen=True, slots=True)
class WageCell:
    """One OEWS estimate: an occupation in an area. None means BLS released no value."""

    soc: str
    area_code: str
    employment: int | None
    employment_rse: float | None
    hourly_mean: float | None
    annual_mean: int | None
    wage_rse: float | None
    hourly: dict[str, float | None]
    annual: dict[str, int | None]
    employment_per_1000: float | None
    location_quotient: float | None
    footnotes: dict[str, str] = field(default_factory=dict)

    def is_top_coded(self, column: str) -> bool:
        """True when BLS marks this column as at or above the top code (footnote 5)."""
        return self.footnotes.get(column) == TOP_CODE_FOOTNOTE

    def annual_floor(self, percentile: str) -> int | None:
        """The annual value, or the top code as a lower bound when BLS top-coded it."""
        value = self.annual[percentile]
        if value is None and self.is_top_coded(f"annual_{percentile}"):
            return ANNUAL_TOP_CODE
        return value

    @property
    def has_wages(self) -> bool:
        """Whether any annual wage percentile is published or top-coded."""
        return any(self.annual_floor(p) is not None for p in PERCENTILES)


def _cell(row: dict[str, Any]) -> WageCell:
    notes = dict(item.split(":", 1) for item in (row["footnotes"] or "").split())
    return WageCell(
        soc=row["soc"],
        area_code=row["area_code"],
        employment=row["employment"],
        employment_rse=row["employment_rse"],
        hourly_mean=row["hourly_mean"],
        annual_mean=row["annual_mean"],
        wage_rse=row["wage_rse"],
        hourly={p: row[f"hourly_{p}"] for p in PERCENTILES},
        annual={p: row[f"annual_{p}"] for p in PERCENTILES},
        employment_per_1000=row["employment_per_1000"],
        location_quotient=row["location_quotient"],
        footnotes=notes,
    )


class WageTable:
    """Look-ups over the bundled OEWS cells; reads one occupation's rows on first use, then caches."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self._dir = data_dir
        self._by_soc: dict[str, dict[str, WageCell]] = {}
        self._lock = threading.Lock()
        self._occupations: dict[str, Occupation] | None = None
        self._release: OewsRelease | None = None

    def _path(self, name: str) -> Path:
        if self._dir is not None:
            path = self._dir / name
        else:
            path = Path(str(resources.files("payband.reference").joinpath("data", name)))
        if not path.exists():
            raise DataError(f"bundled wage file {name} is missing; reinstall payband")
        return path

    def _read(self, name: str, soc: str | None = None) -> list[dict[str, Any]]:
        """Rows of a bundled table; with soc, only that occupation's rows (the file is sorted by soc)."""
        import pyarrow.parquet as pq  # deferred: keeps `payband --help` fast

        try:
            file = pq.ParquetFile(self._path(name))
            if soc is None:
                return list(file.read().to_pylist())
            # Read only the row groups whose min/max statistics can hold this SOC, then slice the
            # contiguous run of its rows: cheaper than a dataset filter for a one-occupation look-up.
            meta = file.metadata
            column = meta.schema.names.index("soc")
            groups = []
            for i in range(meta.num_row_groups):
                stats = meta.row_group(i).column(column).statistics
                if stats is None or stats.min <= soc <= stats.max:
                    groups.append(i)
            if not groups:
                return []
            table = file.read_row_groups(groups)
            socs = table.column("soc").to_pylist()
            start, end = bisect.bisect_left(socs, soc), bisect.bisect_right(socs, soc)
            return list(table.slice(start, end - start).to_pylist())
        except (OSError, ValueError) as exc:
            raise DataError(f"bundled wage file {name} is unreadable: {exc}") from exc

    @property
    def release(self) -> OewsRelease:
        """The release the bundled tables come from."""
        if self._release is None:
            raw = json.loads(self._path("oews_release.json").read_text("utf-8"))
            self._release = OewsRelease(
                dataset=raw["dataset"],
                release=raw["release"],
                industry=raw["industry"],
                footnotes=raw["footnotes"],
                upstream_retrieved=raw.get("upstream_retrieved"),
            )
        return self._release

    @property
    def occupations(self) -> dict[str, Occupation]:
        """Every SOC occupation in the release, by dashed code ('15-2051')."""
        if self._occupations is None:
            self._occupations = {
                r["soc"]: Occupation(r["soc"], r["title"], r["display_level"])
                for r in self._read("oews_occupations.parquet")
            }
        return self._occupations

    def cells(self, soc: str) -> dict[str, WageCell]:
        """Every published area for one occupation, keyed by area code."""
        cached = self._by_soc.get(soc)
        if cached is not None:
            return cached
        with self._lock:
            if soc not in self._by_soc:
                rows = self._read("oews_wages.parquet", soc)
                self._by_soc[soc] = {r["area_code"]: _cell(r) for r in rows}
            return self._by_soc[soc]

    def get(self, soc: str, area_code: str) -> WageCell | None:
        """The estimate for one occupation in one area, or None when BLS publishes none."""
        return self.cells(soc).get(area_code)


@cache
def load_wages() -> WageTable:
    """The shared wage table over the bundled files."""
    return WageTable()
