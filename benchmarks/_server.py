"""A real `judging serve` for the HTTP benchmarks: its command, a port, and its stop.

Not a benchmark itself (its name starts with `_`), like `_databases`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path


def judging_command() -> list[str]:
    """The `judging` CLI of this interpreter's environment."""
    script = Path(sys.executable).with_name("judging")
    return [str(script)] if script.exists() else [sys.executable, "-m", "judging.cli"]


def free_port() -> int:
    """A free port: the first of `JUDGING_BENCH_PORTS` (`8600-8649`) if set, else any."""
    first, _, last = os.environ.get("JUDGING_BENCH_PORTS", "0-0").partition("-")
    for candidate in range(int(first), int(last or first) + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port: int = sock.getsockname()[1]
            return port
    raise RuntimeError(f"no free port in JUDGING_BENCH_PORTS={first}-{last}")


def spawn(url: str, folder: Path, port: int, admin_token: str) -> subprocess.Popen[bytes]:
    """`judging serve` on `url` at `port`, its data and its log (`server.log`) in
    `folder`, with `admin_token` as the organizer's token."""
    env = {
        **os.environ,
        "JUDGING_ADMIN_TOKEN": admin_token,
        "JUDGING_DATA_DIR": str(folder),
        "JUDGING_LOG_LEVEL": "warning",
    }
    command = [*judging_command(), "serve", "--port", str(port), "--db", url]
    with (folder / "server.log").open("ab") as log:
        return subprocess.Popen(command, env=env, stdout=log, stderr=log)


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Ask the server to stop; kill it if it has not within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
