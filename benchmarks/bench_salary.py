"""Benchmark: accuracy and speed of payband.parse_salary on the Glassdoor dev postings.

    python benchmarks/bench_salary.py [--passes 7]

Reads ``<repo>/../shared/data/postings-dev/glassdoor_jobs.csv`` (dev-only data, not in the repo; the
benchmark skips with a message and exit 0 when it is absent) and parses every row's ``Salary Estimate``.
Accuracy is an exact match of (min, max, period, currency) against the hand-checked expectations in
tests/fixtures/glassdoor_salaries.csv, over distinct strings and over rows; estimate agreement is
reported beside it. Throughput is the median of several timed passes over all row strings, single
process, against the baseline of a naive one-regex extractor (``\\$(\\d+)K-\\$(\\d+)K``, read as a
USD annual range). Targets: exact match >= 99.5 %; >= 100,000 strings/s. Results also go to
benchmarks/results/salary.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "postings-dev" / "glassdoor_jobs.csv"
FIXTURE = REPO / "tests" / "fixtures" / "glassdoor_salaries.csv"
RESULTS = REPO / "benchmarks" / "results"
ACCURACY_TARGET = 0.995
SPEED_TARGET = 100_000

Key = tuple[float | None, float | None, str | None, str | None]

NAIVE = re.compile(r"\$(\d+)K-\$(\d+)K")


def naive_parse(text: str) -> Key | None:
    """The baseline: one regex for "$NK-$NK", read as an annual USD range; anything else is no pay."""
    m = NAIVE.search(text)
    if m is None:
        return None
    return (float(m.group(1)) * 1000, float(m.group(2)) * 1000, "year", "USD")


def load_expected() -> dict[str, tuple[Key | None, bool | None]]:
    """Fixture rows: text -> ((min, max, period, currency) or None for no pay, estimate)."""
    out: dict[str, tuple[Key | None, bool | None]] = {}
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["period"] == "":
                out[row["text"]] = (None, None)
                continue
            key: Key = (
                float(row["min"]) if row["min"] else None,
                float(row["max"]) if row["max"] else None,
                row["period"],
                row["currency"],
            )
            out[row["text"]] = (key, row["estimate"] == "true")
    return out


def time_passes(func: Callable[[str], object], texts: list[str], passes: int) -> list[float]:
    """Seconds per pass over all texts (one untimed warm-up pass first)."""
    for text in texts:
        func(text)
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        for text in texts:
            func(text)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=7, help="timed passes over all row strings")
    parser.add_argument("--data", type=Path, default=DATA, help="path to glassdoor_jobs.csv")
    args = parser.parse_args(argv)

    if not args.data.exists():
        print(f"SKIP: {args.data} not found (dev-only data in ../shared); nothing to benchmark")
        return 0
    sys.path.insert(0, str(REPO / "src"))
    from payband.text.salary import load_fx, parse_salary

    with args.data.open(encoding="utf-8", newline="") as handle:
        rows = [row["Salary Estimate"] for row in csv.DictReader(handle)]
    expected = load_expected()
    missing = sorted(set(rows) - set(expected))
    if missing:
        print(f"fixture lacks {len(missing)} strings, e.g. {missing[:3]}: update {FIXTURE.name}")
        return 1

    def ours(text: str) -> tuple[Key | None, bool | None]:
        p = parse_salary(text)
        return (None, None) if p is None else ((p.min, p.max, p.period, p.currency), p.estimate)

    distinct = sorted(set(rows))
    got = {text: ours(text) for text in distinct}
    naive = {text: naive_parse(text) for text in distinct}
    wrong = [text for text in distinct if got[text][0] != expected[text][0]]
    est_wrong = [t for t in distinct if expected[t][0] is not None and got[t][1] != expected[t][1]]
    with_pay = sum(1 for t in distinct if expected[t][0] is not None)
    rows_ok = sum(1 for text in rows if got[text][0] == expected[text][0])
    naive_ok = sum(1 for text in distinct if naive[text] == expected[text][0])
    naive_rows_ok = sum(1 for text in rows if naive[text] == expected[text][0])

    times = time_passes(parse_salary, rows, args.passes)
    naive_times = time_passes(naive_parse, rows, args.passes)
    speed = len(rows) / statistics.median(times)
    naive_speed = len(rows) / statistics.median(naive_times)

    acc = 1 - len(wrong) / len(distinct)
    fx = load_fx()
    result: dict[str, Any] = {
        "data": "Glassdoor postings-dev (glassdoor_jobs.csv), column 'Salary Estimate'",
        "rows": len(rows),
        "distinct_strings": len(distinct),
        "exact_match_distinct": acc,
        "exact_match_rows": rows_ok / len(rows),
        "estimate_agreement_distinct": 1 - len(est_wrong) / with_pay,
        "mismatches": wrong[:20],
        "strings_per_s_median": speed,
        "strings_per_s_best": len(rows) / min(times),
        "baseline": "naive regex \\$(\\d+)K-\\$(\\d+)K read as an annual USD range",
        "baseline_exact_match_distinct": naive_ok / len(distinct),
        "baseline_exact_match_rows": naive_rows_ok / len(rows),
        "baseline_strings_per_s_median": naive_speed,
        "passes": args.passes,
        "fx_rate_date": fx.rate_date,
        "targets": {"exact_match": ACCURACY_TARGET, "strings_per_s": SPEED_TARGET},
        "python": platform.python_version(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "salary.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")

    ok_acc = "ok" if acc >= ACCURACY_TARGET else "BELOW TARGET"
    ok_speed = "ok" if speed >= SPEED_TARGET else "BELOW TARGET"
    print(f"rows {len(rows)}, distinct salary strings {len(distinct)} ({with_pay} with pay)")
    print(
        f"exact match (min, max, period, currency): {acc:.2%} of distinct strings, "
        f"{rows_ok / len(rows):.2%} of rows  [target {ACCURACY_TARGET:.1%}: {ok_acc}]"
    )
    print(
        f"estimate flag agreement: {result['estimate_agreement_distinct']:.2%} of distinct strings with pay"
    )
    print(
        f"throughput: {speed:,.0f} strings/s (median of {args.passes} passes; best "
        f"{result['strings_per_s_best']:,.0f})  [target {SPEED_TARGET:,}: {ok_speed}]"
    )
    print(
        f"baseline {result['baseline']}: {naive_ok / len(distinct):.2%} exact (distinct), "
        f"{naive_rows_ok / len(rows):.2%} (rows), {naive_speed:,.0f} strings/s"
    )
    for text in wrong[:10]:
        print(f"  mismatch: {text!r}: got {got[text][0]}, expected {expected[text][0]}")
    print(f"wrote {RESULTS / 'salary.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
