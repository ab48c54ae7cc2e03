"""Run the API in one process or several; several share the port through SO_REUSEPORT on Linux.

uvicorn's own ``--workers`` share one listening socket, and whichever process is free at that moment
accepts the next connection. Keep-alive clients that connect in a burst then pile onto one process:
under wrk with 100 connections on /advise, one worker held 85 of them and the other 15, so the p99 was
set by a queue of 85 requests in one process. With SO_REUSEPORT every process listens on a socket of
its own and the kernel spreads new connections over them by a hash of the client's address, so each
process gets about its share. Elsewhere (no SO_REUSEPORT balancing), uvicorn's workers are used.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from types import FrameType
from typing import Any

import uvicorn

from payband.api.settings import ApiSettings
from payband.errors import InputError, PaybandError

__all__ = ["listener", "serve"]

BACKLOG = 2048
RESTARTS_PER_MINUTE = 5
"""A worker that dies is replaced; more deaths than this within a minute stop the server."""
STOP_GRACE_S = 30.0
UVICORN_OPTIONS: dict[str, Any] = {"access_log": False, "proxy_headers": False, "server_header": False}
"""How every server process runs uvicorn: no access log (nothing about a request is written down), no
X-Forwarded-* rewriting (payband never uses the client's address, so it trusts no proxy's word for it),
and no Server header naming the software."""

log = logging.getLogger("payband.api")


def serve(settings: ApiSettings) -> None:
    """Serve the app as the settings say (host, port, workers) until interrupted."""
    from payband.api.app import SETTINGS_ENV, create_app

    settings.check_bind()
    if settings.workers == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, **UVICORN_OPTIONS)
        return
    create_app(settings)  # fail here, once, on a bad setting rather than in every worker
    if settings.api_key is not None:  # the key travels in its own variable, never in the JSON
        os.environ["PAYBAND_API_KEY"] = settings.api_key.get_secret_value()
    os.environ[SETTINGS_ENV] = settings.model_copy(update={"api_key": None}).model_dump_json()
    if sys.platform != "linux" or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(
            "payband.api.app:app_from_env",
            factory=True,
            workers=settings.workers,
            host=settings.host,
            port=settings.port,
            **UVICORN_OPTIONS,
        )
        return
    _serve_processes(settings.host, settings.port, settings.workers)


def listener(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port with SO_REUSEPORT, not yet listening."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise InputError(f"cannot resolve host {host!r}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port") from None
    return sock


def _worker(host: str, port: int) -> None:
    """One server process: its own listening socket on the shared port, the app from the settings."""
    sock = listener(host, port)
    sock.listen(BACKLOG)
    config = uvicorn.Config(
        "payband.api.app:app_from_env", factory=True, host=host, port=port, **UVICORN_OPTIONS
    )
    uvicorn.Server(config).run(sockets=[sock])


def _serve_processes(host: str, port: int, workers: int) -> None:
    """Start the workers, replace any that die, and stop them all on SIGINT or SIGTERM."""
    reserved = listener(host, port)  # holds the port (and learns it when 0 was asked for)
    port = reserved.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}

    def start() -> multiprocessing.process.BaseProcess:
        process = context.Process(target=_worker, args=(host, port), daemon=False)
        process.start()
        return process

    processes = [start() for _ in range(workers)]
    print(f"payband: serving on http://{host}:{port} with {workers} processes (SO_REUSEPORT)", flush=True)
    deaths: list[float] = []
    try:
        while not stop.wait(0.5):
            for i, process in enumerate(processes):
                if process.is_alive() or stop.is_set():
                    continue
                now = time.monotonic()
                deaths = [t for t in deaths if now - t < 60.0] + [now]
                if len(deaths) > RESTARTS_PER_MINUTE:
                    raise PaybandError(
                        f"server processes keep exiting ({len(deaths)} in a minute, the last with code "
                        f"{process.exitcode}); see the log above"
                    )
                log.warning(
                    "server process %d exited with code %s; starting another", process.pid, process.exitcode
                )
                processes[i] = start()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()  # uvicorn shuts down gracefully on SIGTERM
        deadline = time.monotonic() + STOP_GRACE_S
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        reserved.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
