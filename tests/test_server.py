"""`payband serve --workers N`: N processes share the port (SO_REUSEPORT), and all stop together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from payband.api.server import listener
from payband.errors import InputError

linux_only = pytest.mark.skipif(
    sys.platform != "linux" or not hasattr(socket, "SO_REUSEPORT"), reason="SO_REUSEPORT balancing is Linux's"
)


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _connections(pid: int) -> int:
    """Established TCP sockets a process holds (its listening sockets excluded by the caller's count)."""
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if str(fd.readlink()).startswith("socket:"):
                count += 1
        except OSError:
            continue
    return count


@linux_only
def test_two_listeners_share_a_port() -> None:
    first = listener("127.0.0.1", 0)
    port = first.getsockname()[1]
    second = listener("127.0.0.1", port)
    try:
        assert first.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
        assert second.getsockname()[1] == port
    finally:
        first.close()
        second.close()


def test_a_port_taken_by_another_program_is_a_one_line_error() -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        with pytest.raises(InputError, match=f"cannot listen on 127.0.0.1:{port}: .*choose another --port"):
            listener("127.0.0.1", port)
    finally:
        taken.close()


def test_an_unknown_host_is_a_one_line_error() -> None:
    with pytest.raises(InputError, match="cannot resolve host"):
        listener("no-such-host.invalid", 0)


@linux_only
def test_workers_share_connections_and_stop_together(tmp_path: Path) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYBAND_")}
    env["PAYBAND_WARM_UP"] = "false"
    command = [sys.executable, "-m", "payband", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    clients: list[socket.socket] = []
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer /health"
                time.sleep(0.3)
        # both servers listening: each holds a socket (spawn's resource tracker, also a child, holds none)
        while len(workers := [pid for pid in _children(server.pid) if _connections(pid)]) < 2:
            assert time.monotonic() < deadline, "the second server process never listened"
            time.sleep(0.3)
        time.sleep(1)  # its socket is bound a moment before it listens
        before = {pid: _connections(pid) for pid in workers}
        for _ in range(40):  # keep-alive style: 40 connections held open at once
            client = socket.create_connection(("127.0.0.1", port))
            client.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert b"200 OK" in client.recv(4096)
            clients.append(client)
        held = sorted(_connections(pid) - before[pid] for pid in workers)
        assert sum(held) == 40
        assert held[-2] >= 8, f"connections per process {held}: the kernel did not spread them"
    finally:
        for client in clients:
            client.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        if server.stdout is not None:
            server.stdout.close()
    deadline = time.monotonic() + 15
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_running(pid) for pid in workers), "a worker outlived the server"


def _running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
