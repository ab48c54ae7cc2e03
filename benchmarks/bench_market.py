"""Market ingest benchmark: throughput (postings/s) and peak memory of the DuckDB and Spark engines.

Builds a resampled corpus with make_corpus.py (skips when ../shared/data is absent), ingests it into a
fresh store and writes benchmarks/results/market.json. Target: 1,000,000 postings in <= 5 minutes at
<= 4 GB. ``--rows`` smaller than 1M measures a sample and extrapolates linearly (said in the output).
The DuckDB engine extracts in ``--workers`` processes (0: one per core, at most 4; 1: in-process);
``cpu_ms_per_posting`` counts the parent and its workers, peak memory is the sampled RSS of the whole
process tree (parent + workers) and, as a bound, parent peak + workers x the largest worker's peak; both
count the taxonomy pages the forked workers share with the parent once per process, so the sampled PSS
of the tree (shared pages split) is what the memory target is checked against, where /proc has it.
The machine may be shared: the load average before and after is in the output.

    python benchmarks/bench_market.py --rows 100000                 # 100k sample, default workers
    python benchmarks/bench_market.py --rows 100000 --workers 1     # CPU per posting, one process
    python benchmarks/bench_market.py --rows 20000 --engine both    # Spark at local[1] and local[2] too

The full 1M run (about 1.3 GB of corpus; on a quiet machine, nothing else running):

    python benchmarks/make_corpus.py --rows 1000000 --out benchmarks/data/corpus-1m.parquet
    python benchmarks/bench_market.py --rows 1000000 --workers 2 --corpus benchmarks/data/corpus-1m.parquet

Spark (``--engine spark|both``): each ``--master`` runs in a fresh process on the same corpus; its peak
memory is the sampled sum of RSS over the whole process tree (Python driver, JVM, Python workers). The
``spark`` key of market.json gets postings/s per master, the local[1] → local[2] speed-up and the ratio
to the DuckDB engine (and, with ``both``, whether the two engines' tables are identical).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import make_corpus
from payband.market.ingest import IngestSettings, default_workers, ingest

RESULTS = Path(__file__).parent / "results" / "market.json"
TARGET_ROWS, TARGET_SECONDS, TARGET_GB = 1_000_000, 300.0, 4.0


def bench_duckdb(args: argparse.Namespace, corpus: Path, tmp: str) -> dict[str, Any]:
    """The DuckDB engine on the corpus (a fresh store in ``tmp``)."""
    load_before = os.getloadavg()
    peak = [0]
    peak_pss = [0]
    done = threading.Event()

    def sample() -> None:  # RSS of this process and its workers, summed, every quarter second;
        n = 0  # PSS (shared pages split between the processes that map them) every 2 s: it costs more
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_bytes(os.getpid()))
            if n % 8 == 0:
                peak_pss[0] = max(peak_pss[0], _tree_rss_bytes(os.getpid(), pss=True))
            n += 1
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    r0, c0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0 = r0.ru_utime + r0.ru_stime + c0.ru_utime + c0.ru_stime
    try:
        summary = ingest(
            [corpus],
            db=Path(tmp) / "bench.duckdb",
            settings=IngestSettings(batch_size=args.batch_size, workers=args.workers),
            progress=args.progress,
        )
    finally:
        done.set()
        sampler.join()
    seconds = time.perf_counter() - t0
    db_bytes = (Path(tmp) / "bench.duckdb").stat().st_size
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime - cpu0
    main_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    workers = args.workers or default_workers()
    # upper bound: every worker at the largest child's peak (ru_maxrss of children is the largest one's)
    peak_gb = (main_kb + (workers if workers > 1 else 0) * child_kb) / 2**20
    tree_gb = peak[0] / 2**30
    pss_gb = peak_pss[0] / 2**30
    rate = summary.rows_read / seconds
    projected = TARGET_ROWS / rate
    result: dict[str, Any] = {
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
        "peak_rss_tree_sampled_gb": round(tree_gb, 3),
        # Workers are forked from a process that loaded the taxonomy: those pages are shared, counted
        # once per process in RSS and split between them in PSS (the memory the run really takes).
        "peak_pss_tree_sampled_gb": round(pss_gb, 3) if pss_gb else None,
        "store_mb": round(db_bytes / 2**20, 1),
        "projected_seconds_for_1m": round(projected, 1),
        "cpu_seconds": round(cpu_s, 1),
        "cpu_ms_per_posting": round(1000 * cpu_s / max(summary.rows_read, 1), 3),
        # Wall time on otherwise idle cores: CPU time spread over the workers (the machine is shared).
        "projected_seconds_for_1m_idle_cores": round(
            cpu_s / max(summary.rows_read, 1) * TARGET_ROWS / workers, 1
        ),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "extrapolated": summary.rows_read < TARGET_ROWS,
        "target": {"rows": TARGET_ROWS, "seconds": TARGET_SECONDS, "gb": TARGET_GB},
        "meets_time_target": projected <= TARGET_SECONDS,
        "meets_memory_target": (pss_gb if pss_gb else max(peak_gb, tree_gb)) <= TARGET_GB,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    return result


def _tree_rss_bytes(root: int, pss: bool = False) -> int:
    """Sum of RSS (``pss``: PSS) over ``root`` and all its descendants (from /proc; 0 where absent)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    page = os.sysconf("SC_PAGE_SIZE")
    for pid in tree:
        try:
            if pss:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="utf-8")
                total += next(int(x.split()[1]) for x in rollup.splitlines() if x.startswith("Pss:")) * 1024
            else:
                total += int(Path(f"/proc/{pid}/statm").read_text(encoding="utf-8").split()[1]) * page
        except (OSError, ValueError, IndexError, StopIteration):
            continue
    return total


def spark_child(master: str, corpus: str, out: str) -> int:
    """One measured Spark run (in its own process): session start, then ingest; timings to ``out``.json."""
    from payband.market.spark_engine import ingest_spark, spark_session

    t0 = time.perf_counter()
    session = spark_session(master)
    started = time.perf_counter() - t0
    t1 = time.perf_counter()
    summary = ingest_spark([Path(corpus)], out=Path(out), spark=session)
    seconds = time.perf_counter() - t1
    session.stop()
    record = {"startup_seconds": started, "seconds": seconds, **summary.model_dump(exclude={"files"})}
    Path(out, "bench.json").write_text(json.dumps(record), encoding="utf-8")
    return 0


def _same_tables(db: Path, folder: Path) -> bool:
    """Whether the DuckDB store and the Spark folder hold identical postings, skills and rejects."""
    import duckdb

    from payband.market.schema import TABLE_SCHEMAS

    con = duckdb.connect(str(db), read_only=True)
    try:
        for table, schema in TABLE_SCHEMAS.items():
            cols = ", ".join(f.name for f in schema)
            spark_rows = f"SELECT {cols} FROM read_parquet('{folder / table}/*.parquet')"
            row = con.execute(
                f"SELECT (SELECT count(*) FROM ({spark_rows} EXCEPT ALL SELECT {cols} FROM {table})) + "
                f"(SELECT count(*) FROM (SELECT {cols} FROM {table} EXCEPT ALL {spark_rows}))"
            ).fetchone()
            if not row or row[0]:
                return False
        return True
    finally:
        con.close()


def bench_spark(args: argparse.Namespace, corpus: Path, tmp: Path, duck: dict[str, Any]) -> dict[str, Any]:
    """Spark at each master, each in a fresh process, on the same corpus; RSS of the process tree sampled."""
    runs: dict[str, dict[str, Any]] = {}
    for master in args.master or ["local[1]", "local[2]"]:
        out = tmp / f"spark-{master.replace('[', '-').replace(']', '').replace('*', 'all')}"
        peak = [0]
        wall0 = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, __file__, "--spark-child", master, str(corpus), str(out)],
            stdout=subprocess.DEVNULL,
        )
        done = threading.Event()

        def sample(pid: int = child.pid, peak: list[int] = peak, done: threading.Event = done) -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss_bytes(pid))
                done.wait(0.25)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = child.wait()
        done.set()
        sampler.join()
        wall = time.perf_counter() - wall0
        if code != 0:
            runs[master] = {"error": f"exit status {code}"}
            continue
        record = json.loads((out / "bench.json").read_text(encoding="utf-8"))
        rate = record["rows_read"] / record["seconds"]
        runs[master] = {
            "rows": record["rows_read"],
            "stored": record["stored"],
            "rejected": record["rejected"],
            "exact_duplicates": record["exact_duplicates"],
            "near_duplicates": record["near_duplicates"],
            "seconds": round(record["seconds"], 1),
            "postings_per_s": round(rate, 1),
            "session_start_seconds": round(record["startup_seconds"], 1),
            "wall_seconds_with_jvm_start": round(wall, 1),
            "peak_rss_tree_gb": round(peak[0] / 2**30, 3),
            "projected_seconds_for_1m": round(TARGET_ROWS / rate, 1),
            "load_average_after": os.getloadavg(),
        }
        if duck.get("engine") == "duckdb" and args.engine == "both":
            runs[master]["identical_to_duckdb"] = _same_tables(tmp / "bench.duckdb", out)
    result: dict[str, Any] = {
        "engine": "spark",
        "corpus": f"make_corpus.py, {args.rows:,} postings (Parquet)",
        "runs": runs,
        "note": "each master in a fresh process; seconds exclude JVM start (session_start_seconds)",
    }
    one, two = runs.get("local[1]", {}), runs.get("local[2]", {})
    if "seconds" in one and "seconds" in two:
        result["speedup_local1_to_local2"] = round(one["seconds"] / two["seconds"], 2)
    duck_rate = duck.get("postings_per_s")
    if "postings_per_s" in two and duck_rate:
        ratio = duck_rate / two["postings_per_s"]
        result["duckdb_postings_per_s"] = duck_rate
        result["duckdb_rows"] = duck.get("rows")
        result["local2_time_vs_duckdb"] = round(ratio, 2)  # > 1: Spark slower
        result["meets_within_2x_of_duckdb"] = ratio <= 2.0
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--rows", type=int, default=100_000, help="postings to build and ingest (default 100000)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="DuckDB engine extraction processes: 0 = one per core, at most 4 (default); 1 = in-process",
    )
    parser.add_argument("--batch-size", type=int, default=2000, help="rows per batch (default 2000)")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="ingest this corpus (make_corpus.py output) instead of building --rows postings in a temp dir",
    )
    parser.add_argument("--progress", action="store_true", help="show the ingest progress bar (stderr)")
    parser.add_argument(
        "--results", type=Path, default=RESULTS, help=f"where to write the JSON (default {RESULTS.name})"
    )
    parser.add_argument("--engine", choices=("duckdb", "spark", "both"), default="duckdb")
    parser.add_argument(
        "--master",
        action="append",
        help="Spark master to measure (repeatable; default local[1] and local[2])",
    )
    parser.add_argument("--spark-child", nargs=3, metavar=("MASTER", "CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spark_child:
        return spark_child(*args.spark_child)
    if not make_corpus.SOURCE.is_file():
        print(f"skipped: {make_corpus.SOURCE} is absent")
        return 0
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}  # Spark part
    with tempfile.TemporaryDirectory() as tmp:
        if args.corpus is not None:
            corpus = args.corpus
        else:
            corpus = make_corpus.build(args.rows, Path(tmp) / "corpus.parquet")
        if args.engine in ("duckdb", "both"):
            result = bench_duckdb(args, corpus, tmp)
        else:
            result = {k: v for k, v in previous.items() if k != "spark"}
        if args.engine in ("spark", "both"):
            result["spark"] = bench_spark(args, corpus, Path(tmp), result)
        elif "spark" in previous:
            result["spark"] = previous["spark"]
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
