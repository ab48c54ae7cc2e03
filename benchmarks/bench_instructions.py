"""Benchmark: CPU instructions per /advise answer, in all and by part, counted by valgrind's callgrind.

    apt-get install valgrind gcc        # callgrind and its client-request header
    python benchmarks/bench_instructions.py [--parts] [--baseline REV] [--advices 10]

Wall-clock timings on a shared 2-core VM drift 20–30% from one run to the next, so a change of a few
percent cannot be seen in them. Instructions can: callgrind counts the same total for the same code,
input and environment (hash seed fixed, address randomisation off), whatever else the machine does.

What is counted is exactly the work of one /advise request with the README's example resume as JSON
text: reading the request body (``read_inputs``) and answering it (``advice_json``: the profile, the
advice, the JSON bytes). The process starts, imports and warms up uncounted; a small C helper built
here from valgrind's ``callgrind.h`` switches counting on around the measured calls only (switching it
on at process start would add start-up's own variation, ±5M instructions, to every figure).
``--parts`` also counts inside each main stage (one valgrind run per stage: counting switches on at
the stage's outermost call and off at its return). ``--baseline REV`` counts a git revision the same
way, from a temporary worktree, and prints the ratios. Writes benchmarks/results/instructions.json.
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import gc
import importlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
RESUME = REPO / "examples" / "resume_data_scientist.md"
WARM_UP = 5
PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "profile: skills and sections": (
        "payband.text.skill_extraction:skill_surfaces_and_sections",
        ("payband.advice.profile",),
    ),
    "profile: positions": ("payband.advice.positions:find_positions", ("payband.advice.profile",)),
    "fit": ("payband.advice.fit:fit", ("payband.advice.advise",)),
    "gaps": ("payband.advice.gaps:gaps", ("payband.advice.advise",)),
    "paths": ("payband.advice.paths:paths", ("payband.advice.advise",)),
    "pay of the roles shown": ("payband.advice.advise:_role_pay", ()),
    "advise (fit, gaps, paths, pay)": ("payband.advice.advise:advise", ()),
}
"""Stage → (module:function counted, other modules that imported the function by name)."""
TOTAL = "whole /advise answer"
_TOTAL_LINE = re.compile(r"^(?:summary|totals): (\d+)", re.MULTILINE)
_MARKER_C = """#include <valgrind/callgrind.h>
void payband_on(void) { CALLGRIND_START_INSTRUMENTATION; }
void payband_off(void) { CALLGRIND_STOP_INSTRUMENTATION; }
void payband_zero(void) { CALLGRIND_ZERO_STATS; }
void payband_dump(void) { CALLGRIND_DUMP_STATS; }
"""


def build_marker(folder: Path) -> Path:
    """Compile the callgrind on/off helper into ``folder``; raises OSError when gcc cannot build it."""
    source, library = folder / "marker.c", folder / "libpayband_marker.so"
    source.write_text(_MARKER_C)
    done = subprocess.run(
        ["gcc", "-O1", "-shared", "-fPIC", "-o", str(library), str(source)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise OSError(f"gcc could not build the callgrind marker: {done.stderr.strip().splitlines()[-1:]}")
    return library


def _counted(func: Callable[..., Any], marker: Any) -> Callable[..., Any]:
    """``func`` with counting switched on for its outermost calls only."""
    depth = 0

    @functools.wraps(func)
    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal depth
        depth += 1
        if depth == 1:
            marker.payband_on()
        try:
            return func(*args, **kwargs)
        finally:
            depth -= 1
            if depth == 0:
                marker.payband_off()

    return counted


def child(library: str, part: str, advices: int) -> None:
    """Run under callgrind: warm up uncounted, then answer ``advices`` requests, counting ``part``."""
    from payband.api.advise import advice_json, read_inputs
    from payband.api.settings import ApiSettings

    marker = ctypes.CDLL(library)
    if part != TOTAL:
        target, importers = PARTS[part]
        module_name, name = target.split(":")
        wrapped = _counted(getattr(importlib.import_module(module_name), name), marker)
        for module in (module_name, *importers):
            setattr(importlib.import_module(module), name, wrapped)
    body = json.dumps({"text": RESUME.read_text(encoding="utf-8")}).encode()
    settings = ApiSettings()
    for _ in range(WARM_UP):
        advice_json(read_inputs("application/json", body, settings))
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)  # as the server runs (payband.api.app.GC_YOUNG_THRESHOLD)
    marker.payband_zero()
    if part == TOTAL:
        marker.payband_on()
    for _ in range(advices):
        advice_json(read_inputs("application/json", body, settings))
    marker.payband_off()
    marker.payband_dump()


def count(src: Path, library: Path, part: str, advices: int) -> int:
    """Instructions per advice in ``part``, running the code under ``src`` (a ``src`` folder)."""
    with tempfile.TemporaryDirectory(prefix="payband-callgrind-") as folder:
        out = Path(folder) / "callgrind.out"
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(src)}
        command = ["setarch", platform.machine(), "-R", "valgrind", "--tool=callgrind",
                   "--instr-atstart=no", f"--callgrind-out-file={out}", sys.executable, __file__,
                   "--child", part, "--library", str(library), "--advices", str(advices)]  # fmt: skip
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"callgrind run of {part!r} failed: {done.stderr.strip()[-400:]}")
        dumps = [f.read_text() for f in Path(folder).glob("callgrind.out*")]
    totals = [int(m[1]) for text in dumps for m in _TOTAL_LINE.finditer(text)]
    return max(totals, default=0) // advices


def _worktree(rev: str, folder: Path) -> Path:
    """A detached checkout of ``rev`` (the caller removes it)."""
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-f", str(folder), rev],
                   check=True, capture_output=True)  # fmt: skip
    return folder / "src"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--parts", action="store_true", help="Also count inside each main stage.")
    parser.add_argument("--baseline", metavar="REV", help="A git revision to count the same way.")
    parser.add_argument("--advices", type=int, default=10, help="Answers counted per run.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--library", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child(args.library, args.child, args.advices)
        return 0
    missing = [tool for tool in ("valgrind", "gcc", "setarch") if shutil.which(tool) is None]
    if missing:
        print(f"skipped: {', '.join(missing)} not installed (apt-get install valgrind gcc util-linux)")
        return 0
    parts = [TOTAL, *PARTS] if args.parts else [TOTAL]
    with tempfile.TemporaryDirectory(prefix="payband-instructions-") as scratch:
        try:
            library = build_marker(Path(scratch))
        except OSError as exc:
            print(f"skipped: {exc} (is valgrind's callgrind.h installed? apt-get install valgrind)")
            return 0
        trees = {"current": REPO / "src"}
        if args.baseline:
            trees["baseline"] = _worktree(args.baseline, Path(scratch) / "baseline")
        try:
            counts = {name: {part: count(src, library, part, args.advices) for part in parts}
                      for name, src in trees.items()}  # fmt: skip
        finally:
            if args.baseline:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force",
                                str(Path(scratch) / "baseline")], capture_output=True)  # fmt: skip
    print(f"payband: instructions per /advise answer (callgrind, {RESUME.name}, {args.advices} answers)")
    for part in parts:
        line = f"  {part:<32} {counts['current'][part] / 1e6:8.2f}M"
        if args.baseline:
            base, now = counts["baseline"][part], counts["current"][part]
            line += f"   baseline {args.baseline}: {base / 1e6:8.2f}M   ratio {now / base:.3f}"
        print(line)
    RESULTS.mkdir(exist_ok=True)
    record = {"resume": RESUME.name, "advices": args.advices, "baseline": args.baseline, "counts": counts}
    (RESULTS / "instructions.json").write_text(json.dumps(record, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
