"""Benchmark: cold start of `payband pay data-scientist --area Seattle` and warm Python look-ups.

    python benchmarks/bench_lookup.py [--runs 21] [--warm 2000]

Cold start is the whole process, timed from outside, against the baseline of a bare
`python -c pass` (the interpreter's own start-up). Warm look-up is `payband.pay(role, area)` after a
first call, against the baseline of reading the same cell straight from the cached wage table.
Targets (issue 2): cold CLI ≤ 0.5 s median; warm look-up ≤ 1 ms. Results also go to
benchmarks/results/lookup.json. Uses only bundled data, so it needs no ../shared.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
COLD_TARGET_S = 0.5
WARM_TARGET_MS = 1.0


def time_process(command: list[str], runs: int) -> list[float]:
    """Wall-clock seconds for each of `runs` executions of a command (one discarded warm-up)."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def time_calls(func: object, calls: int) -> list[float]:
    """Milliseconds per call, one sample per call."""
    assert callable(func)
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="cold-start runs")
    parser.add_argument("--warm", type=int, default=2000, help="warm look-up calls")
    args = parser.parse_args(argv)

    exe = shutil.which("payband") or str(Path(sys.executable).with_name("payband"))
    cli = [exe, "pay", "data-scientist", "--area", "Seattle"]
    cold = time_process(cli, args.runs)
    bare = time_process([sys.executable, "-c", "pass"], args.runs)

    import payband
    from payband.reference.wages import load_wages

    payband.pay("data-scientist", "Seattle")
    warm = time_calls(lambda: payband.pay("data-scientist", "Seattle"), args.warm)
    wages = load_wages()
    raw = time_calls(lambda: wages.get("15-2051", "0042660"), args.warm)
    ranking = time_calls(payband.roles, 50)

    cold_med, bare_med = statistics.median(cold), statistics.median(bare)
    warm_med, raw_med = statistics.median(warm), statistics.median(raw)
    rows = [
        ("cold CLI: payband pay data-scientist --area Seattle", f"{cold_med:.3f} s",
         f"{cold_med / bare_med:.1f}x python -c pass ({bare_med:.3f} s)",
         f"≤ {COLD_TARGET_S} s", cold_med <= COLD_TARGET_S),
        ("warm payband.pay('data-scientist', 'Seattle')", f"{warm_med:.4f} ms",
         f"{warm_med / raw_med:.0f}x raw cached cell read ({raw_med:.4f} ms)",
         f"≤ {WARM_TARGET_MS} ms", warm_med <= WARM_TARGET_MS),
        ("warm payband.roles() (all roles ranked)", f"{statistics.median(ranking):.2f} ms", "",
         "", True),
    ]  # fmt: skip
    print(f"payband look-up benchmark — {platform.python_version()}, {platform.machine()}, medians")
    for name, value, ratio, target, ok in rows:
        verdict = "" if not target else ("meets" if ok else "MISSES")
        print(f"  {name:<55} {value:>11}  {ratio:<45} {verdict} {target}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "lookup.json").write_text(
        json.dumps(
            {
                "cold_cli_median_s": cold_med,
                "bare_python_median_s": bare_med,
                "warm_pay_median_ms": warm_med,
                "raw_cell_median_ms": raw_med,
                "roles_ranking_median_ms": statistics.median(ranking),
                "runs": args.runs,
                "warm_calls": args.warm,
                "python": platform.python_version(),
            },
            indent=2,
        )
        + "\n"
    )
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
