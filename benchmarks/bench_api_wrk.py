"""Benchmark: the HTTP API under load from wrk (Debian's C load generator), /pay and /advise.

    apt-get install wrk
    python benchmarks/bench_api_wrk.py [--duration 30] [--clients 100] [--workers 2]

The same server and routes as bench_api.py (whose Python load generator shares the 2 cores with the
server); wrk drives 100 keep-alive connections from 2 threads with far less CPU of its own, so the
figures say more about the server. Targets (issue 7): /pay p99 ≤ 20 ms, /advise p99 ≤ 300 ms.
Also reports the server's CPU time per request (user + system of the server and its worker processes,
from /proc), which other load on the machine disturbs far less than latency does: with 100 closed-loop
clients on 2 cores, p50 is about 100 × CPU per request / 2 and p99 runs 1.2–1.5× that here, so
≤ 300 ms needs about ≤ 4.5 ms of CPU per request.

/advise posts the same resume every time, and that costs what a new person's would: the advice keeps
nothing about a person between requests (payband.memo: its memos live for one question, and the
text caches a resume passes through keep nothing after it), so no request is answered from another's
work. Process-wide caches hold reference data only (published OEWS bands, role, base and skill factors,
scoring tables of the catalog roles).
Writes benchmarks/results/api_wrk.json. Loopback only; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import HOST, PAY_QUERIES, RESULTS, RESUME, TARGETS_MS, free_port, start_server

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _script(route: str) -> str:
    """A wrk Lua script: /pay cycles through a few role × area queries; /advise posts a text resume."""
    if route == "pay":
        paths = ", ".join(f'"/pay?role={r}&area={a}"' for r, a in PAY_QUERIES)
        return (
            f"local paths = {{{paths}}}\nlocal i = 0\n"
            "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
        )
    body = json.dumps({"text": RESUME.read_text(encoding="utf-8")})
    return (
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = {json.dumps(body)}\n"
    )


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip())
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match[1]) * _UNITS[match[2]]


def server_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process and its live children (uvicorn's workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(entry.name) == pid or int(fields[1]) == pid:  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def run_wrk(
    port: int, route: str, clients: int, seconds: float, server_pid: int | None = None
) -> dict[str, Any]:
    """Run wrk against one route and read its latency distribution and throughput."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(_script(route))
    path = "/pay" if route == "pay" else "/advise"
    command = ["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--latency", "-s", handle.name,
               f"http://{HOST}:{port}{path}"]  # fmt: skip
    cpu_before = server_cpu_s(server_pid) if server_pid is not None else 0.0
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    cpu = server_cpu_s(server_pid) - cpu_before if server_pid is not None else None
    Path(handle.name).unlink()
    dist = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", output, flags=re.MULTILINE))
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    count = re.search(r"(\d+) requests in", output)
    requests = int(count[1]) if count else 0
    return {
        "requests": requests,
        "server_cpu_ms_per_request": round(1000 * cpu / requests, 3)
        if cpu is not None and requests
        else None,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "p50_ms": _ms(dist["50"]),
        "p99_ms": _ms(dist["99"]),
        "requests_per_s": float(rate[1]) if rate else None,
        "non_2xx": int(errors[1]) if errors else 0,
        "wrk_output": output,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds of load per route.")
    parser.add_argument("--clients", type=int, default=100, help="Concurrent connections.")
    parser.add_argument("--workers", type=int, default=2, help="Server processes.")
    parser.add_argument(
        "--threads", type=int, default=None, help="Threads per server process (default: the server's)."
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("skipped: wrk is not installed (apt-get install wrk)")
        return 0
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    results: dict[str, Any] = {
        "clients": args.clients,
        "duration_s": args.duration,
        "workers": args.workers,
        "threads": args.threads,
    }
    try:
        for route in ("pay", "advise"):
            run_wrk(port, route, 4, 3)  # warm the caches of every worker
            results[route] = run_wrk(port, route, args.clients, args.duration, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"payband API under wrk: {args.clients} connections, {args.duration:g} s per route, "
          f"{args.workers} server processes")  # fmt: skip
    ok = True
    for route in ("pay", "advise"):
        r = results[route]
        meets = r["p99_ms"] <= TARGETS_MS[route] and r["non_2xx"] == 0
        ok = ok and meets
        print(f"  /{route:<7} p50 {r['p50_ms']:8.1f} ms   p99 {r['p99_ms']:8.1f} ms   "
              f"{r['requests_per_s'] or 0:9,.0f} req/s   "
              f"server CPU {r['server_cpu_ms_per_request'] or 0:.2f} ms/req   "
              f"non-2xx {r['non_2xx']}   load {r['load_average_1m']:.1f}   "
              f"target p99 ≤ {TARGETS_MS[route]:g} ms: {'meets' if meets else 'MISSES'}")  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api_wrk.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
