"""Benchmark: HTTP API latency under load on loopback, /pay and /advise with a text resume.

    python benchmarks/bench_api.py [--duration 30] [--clients 100] [--workers 2] [--routes pay,advise]

Target (issue 7): 100 concurrent clients for 30 s each, p99 ≤ 20 ms for /pay and ≤ 300 ms for /advise.
The server is `payband serve` (uvicorn) on 127.0.0.1 on a free port, in a subprocess; the load
generator is closed-loop (each client sends its next request when the last one answers) over
keep-alive connections with a minimal asyncio HTTP/1.1 client, so it costs the server little CPU.
Before each loaded run, one client for a few seconds gives the unloaded latency (the baseline).
Writes benchmarks/results/api.json. Loopback only; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
RESUME = REPO / "examples" / "resume_data_scientist.md"
HOST = "127.0.0.1"
TARGETS_MS = {"pay": 20.0, "advise": 300.0}
PAY_QUERIES = [
    ("data-scientist", "Seattle"),
    ("ml-engineer", "national"),
    ("site-reliability-engineer", "Texas"),
    ("software-developer", "Austin"),
]


@dataclass
class Tally:
    """Latencies (s) of answered requests, and failures by kind."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def fail(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def requests_for(route: str) -> list[bytes]:
    """The raw HTTP/1.1 requests a client cycles through for a route."""
    if route == "pay":
        return [
            f"GET /pay?role={r}&area={a} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode() for r, a in PAY_QUERIES
        ]
    body = json.dumps({"text": RESUME.read_text(encoding="utf-8")}).encode()
    head = (
        f"POST /advise HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return [head + body]


async def client(port: int, messages: list[bytes], deadline: float, tally: Tally, offset: int) -> None:
    """One closed-loop client on one keep-alive connection, reconnecting after an error."""
    i = offset
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while time.perf_counter() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            assert reader is not None
            start = time.perf_counter()
            writer.write(messages[i % len(messages)])
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            if time.perf_counter() > deadline + 60:
                break
            if status == 200:
                tally.latencies.append(time.perf_counter() - start)
            else:
                tally.fail(f"http {status}")
            i += 1
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            tally.fail(type(exc).__name__)
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


async def load(port: int, route: str, clients: int, seconds: float) -> tuple[Tally, float]:
    messages = requests_for(route)
    tally = Tally()
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(*(client(port, messages, deadline, tally, n) for n in range(clients)))
    return tally, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def summary(tally: Tally, elapsed: float) -> dict[str, Any]:
    lat = [x * 1000 for x in tally.latencies]
    if not lat:
        return {"requests": 0, "errors": tally.errors}
    return {
        "requests": len(lat),
        "errors": tally.errors,
        "throughput_rps": round(len(lat) / elapsed, 1),
        "p50_ms": round(statistics.median(lat), 2),
        "p90_ms": round(percentile(lat, 90), 2),
        "p99_ms": round(percentile(lat, 99), 2),
        "max_ms": round(max(lat), 2),
    }


def start_server(port: int, workers: int, threads: int | None = None) -> subprocess.Popen[bytes]:
    code = (
        "from payband.cli.serve import serve_command; "
        f"serve_command(host={HOST!r}, port={port}, market=None, api_key=None, workers={workers}, "
        f"threads={threads})"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYBAND_")}
    server = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not answer /health within 120 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds of load per route.")
    parser.add_argument("--clients", type=int, default=100, help="Concurrent clients.")
    parser.add_argument("--workers", type=int, default=2, help="Server processes (payband serve --workers).")
    parser.add_argument("--routes", default="pay,advise", help="Comma-separated: pay, advise.")
    parser.add_argument("--baseline-seconds", type=float, default=3.0, help="Unloaded run per route.")
    parser.add_argument("--out", type=Path, default=RESULTS / "api.json")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 1000 or not 0 < args.duration <= 600:
        parser.error("--clients must be 1..1000 and --duration 0..600 s")

    load_before = os.getloadavg()
    port = free_port()
    server = start_server(port, args.workers)
    results: dict[str, Any] = {}
    try:
        for route in [r.strip() for r in args.routes.split(",") if r.strip()]:
            if route not in TARGETS_MS:
                parser.error(f"unknown route {route!r}; use pay or advise")
            asyncio.run(load(port, route, 4, 1.0))  # warm the connection path
            base = summary(*asyncio.run(load(port, route, 1, args.baseline_seconds)))
            loaded = summary(*asyncio.run(load(port, route, args.clients, args.duration)))
            target = TARGETS_MS[route]
            p99 = loaded.get("p99_ms")
            results[route] = {
                "unloaded_1_client": base,
                f"loaded_{args.clients}_clients": loaded,
                "target_p99_ms": target,
                "meets_target": p99 is not None and p99 <= target and not loaded["errors"],
            }
            print(
                f"/{route}: {args.clients} clients {args.duration:g} s — p50 {loaded.get('p50_ms')} ms, "
                f"p99 {p99} ms (target ≤ {target:g}), {loaded.get('throughput_rps')} req/s, "
                f"errors {loaded['errors'] or 0}; unloaded p50 {base.get('p50_ms')} ms"
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    doc = {
        "benchmark": "bench_api",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.system(),
            # The machine may be shared: its load before and after says how quiet the run was.
            "load_average_1m_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        },
        "server": {"workers": args.workers, "host": HOST},
        "load": {"clients": args.clients, "duration_s": args.duration, "generator": "asyncio closed-loop"},
        "routes": results,
        "date": time.strftime("%Y-%m-%d"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
