"""Market ingest benchmark: throughput (postings/s) and peak memory of the DuckDB engine.

Builds a resampled corpus with make_corpus.py (skips when ../shared/data is absent), ingests it into a
fresh store and writes benchmarks/results/market.json. Target: 1,000,000 postings in <= 5 minutes at
<= 4 GB. ``--rows`` smaller than 1M measures a sample and extrapolates linearly (said in the output).

    python benchmarks/bench_market.py --rows 100000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import make_corpus  # type: ignore[import-not-found]
from payband.market.ingest import IngestSettings, ingest

RESULTS = Path(__file__).parent / "results" / "market.json"
TARGET_ROWS, TARGET_SECONDS, TARGET_GB = 1_000_000, 300.0, 4.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=2000)
    args = parser.parse_args()
    if not make_corpus.SOURCE.is_file():
        print(f"skipped: {make_corpus.SOURCE} is absent")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus.build(args.rows, Path(tmp) / "corpus.parquet")
        t0 = time.perf_counter()
        r0, c0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu0 = r0.ru_utime + r0.ru_stime + c0.ru_utime + c0.ru_stime
        summary = ingest(
            [corpus],
            db=Path(tmp) / "bench.duckdb",
            settings=IngestSettings(batch_size=args.batch_size, workers=args.workers),
        )
        seconds = time.perf_counter() - t0
        db_bytes = (Path(tmp) / "bench.duckdb").stat().st_size
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime - cpu0
    main_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    workers = args.workers or min(4, os.cpu_count() or 1)
    peak_gb = (main_kb + workers * child_kb) / 2**20  # upper bound: every worker at the largest child's peak
    rate = summary.rows_read / seconds
    projected = TARGET_ROWS / rate
    result = {
        "engine": "duckdb",
        "rows": summary.rows_read,
        "stored": summary.stored,
        "rejected": summary.rejected,
        "exact_duplicates": summary.exact_duplicates,
        "near_duplicates": summary.near_duplicates,
        "seconds": round(seconds, 1),
        "postings_per_s": round(rate, 1),
        "workers": workers,
        "batch_size": args.batch_size,
        "peak_rss_main_gb": round(main_kb / 2**20, 3),
        "peak_rss_worker_gb": round(child_kb / 2**20, 3),
        "peak_rss_total_bound_gb": round(peak_gb, 3),
        "store_mb": round(db_bytes / 2**20, 1),
        "projected_seconds_for_1m": round(projected, 1),
        "cpu_seconds": round(cpu_s, 1),
        "cpu_ms_per_posting": round(1000 * cpu_s / max(summary.rows_read, 1), 3),
        # Wall time on otherwise idle cores: CPU time spread over the workers (the machine is shared).
        "projected_seconds_for_1m_idle_cores": round(
            cpu_s / max(summary.rows_read, 1) * TARGET_ROWS / workers, 1
        ),
        "load_average_after": os.getloadavg(),
        "extrapolated": summary.rows_read < TARGET_ROWS,
        "target": {"rows": TARGET_ROWS, "seconds": TARGET_SECONDS, "gb": TARGET_GB},
        "meets_time_target": projected <= TARGET_SECONDS,
        "meets_memory_target": peak_gb <= TARGET_GB,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
