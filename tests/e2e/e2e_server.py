"""A real `judging serve` process for end-to-end tests: start, wait until healthy, stop."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

ADMIN_TOKEN = "e2e-organizer-token"


def judging_command() -> list[str]:
    """The installed `judging` entry point next to this interpreter, else `python -m`."""
    script = Path(sys.executable).with_name("judging")
    if script.exists():
        return [str(script)]
    found = shutil.which("judging")
    return (
        [found]
        if found
        else [sys.executable, "-c", "from judging.cli import entrypoint; entrypoint()"]
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServerProcess:
    """One server process on a database URL; `restart()` keeps the port and the database."""

    def __init__(
        self,
        database_url: str,
        workdir: Path,
        port: int | None = None,
        env: Mapping[str, str] | None = None,
    ):
        self.database_url = database_url
        self.workdir = workdir
        self.port = port or free_port()
        self.env = dict(env or {})
        self.process: subprocess.Popen[bytes] | None = None
        self.log = workdir / "server.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        env = {
            **os.environ,
            "JUDGING_ADMIN_TOKEN": ADMIN_TOKEN,
            "JUDGING_DATA_DIR": str(self.workdir),
            **self.env,
        }
        command = [*judging_command(), "serve", "--port", str(self.port), "--db", self.database_url]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=self.workdir, env=env, stdout=log, stderr=log
            )
        self._wait_healthy(timeout)

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.base_url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not healthy after {timeout}s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()
