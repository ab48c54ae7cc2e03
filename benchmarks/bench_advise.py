"""Benchmark: `payband advise` on an example resume, whole process and warm in-process.

    python benchmarks/bench_advise.py [--runs 7]

Target (issue 5): `payband advise` on an example resume completes in ≤ 2 s warm. "Whole process"
is the CLI from start to exit (reading the resume, all four answers, writing the HTML report);
"warm" is `payband.advise(profile)` in a process that has already loaded its data. The baseline is
`payband pay data-scientist` (a plain OEWS look-up) in a fresh process. Uses only the repo.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
RESUME = REPO / "examples" / "resume_data_scientist.md"
TARGET_S = 2.0


def time_command(command: list[str], runs: int) -> list[float]:
    """Seconds per run of a command (after one discarded warm-up run)."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    exe = shutil.which("payband") or str(Path(sys.executable).with_name("payband"))
    with tempfile.TemporaryDirectory() as tmp:
        report = str(Path(tmp) / "advice.html")
        cli = time_command([exe, "advise", str(RESUME), "--target", "ml-engineer", "--report", report],
                           args.runs)  # fmt: skip
    baseline = time_command([exe, "pay", "data-scientist"], args.runs)

    import payband

    profile = payband.Profile.build(RESUME)
    payband.advise(profile, "ml-engineer")
    warm = []
    for _ in range(args.runs * 3):
        start = time.perf_counter()
        payband.advise(profile, "ml-engineer")
        warm.append(time.perf_counter() - start)
    cli_med, base_med, warm_med = map(statistics.median, (cli, baseline, warm))
    print("payband advise benchmark (examples/resume_data_scientist.md, --target ml-engineer), medians")
    print(
        f"  whole process, with HTML report  {cli_med:6.2f} s   {cli_med / base_med:4.1f}x `payband pay`"
        f" ({base_med:.2f} s)   target ≤ {TARGET_S} s: {'meets' if cli_med <= TARGET_S else 'MISSES'}"
    )
    print(f"  warm payband.advise()            {warm_med:6.3f} s")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "advise.json").write_text(
        json.dumps(
            {
                "cli_median_s": cli_med,
                "pay_cli_median_s": base_med,
                "warm_advise_median_s": warm_med,
                "runs": args.runs,
            },
            indent=2,
        )
        + "\n"
    )
    return 0 if cli_med <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
