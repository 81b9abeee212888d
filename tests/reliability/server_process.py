"""A real `judging serve` process for the fault tests: start, SIGKILL, restart.

Ports are drawn from 8800-8999 (the range the project's engineers share) until one
is free. The server's output goes to a log file of its own, read back by the tests
(errors after a fault, the refusal of a start).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import httpx

ADMIN_TOKEN = "reliability-faults-organizer"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def judging_command() -> list[str]:
    script = Path(sys.executable).with_name("judging")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from judging.cli import entrypoint; entrypoint()"]


def free_port() -> int:
    for _ in range(200):
        port = random.randint(8800, 8999)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8800-8999")


class ServerProcess:
    """One server on a database URL; its port and log survive restarts."""

    def __init__(
        self, database_url: str, workdir: Path, env: Mapping[str, str] | None = None
    ) -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.port = free_port()
        self.env = dict(env or {})
        self.log = workdir / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    async def start(self, timeout: float = 60) -> None:  # noqa: ASYNC109
        env = {
            **os.environ,
            "JUDGING_ADMIN_TOKEN": ADMIN_TOKEN,
            "JUDGING_DATA_DIR": str(self.workdir),
            "JUDGING_LOG_LEVEL": "warning",
            **self.env,
        }
        command = [*judging_command(), "serve", "--port", str(self.port)]
        with self.log.open("ab") as log:
            log.write(f"\n=== start {self.starts + 1}\n".encode())
            self.process = subprocess.Popen(  # noqa: ASYNC220 (returns at once)
                [*command, "--db", self.database_url],
                cwd=self.workdir,
                env=env,
                stdout=log,
                stderr=log,
            )
        self.starts += 1
        await self._healthy(timeout)

    async def _healthy(self, timeout: float) -> None:  # noqa: ASYNC109
        async with httpx.AsyncClient(timeout=1) as client:
            for _ in range(int(timeout * 10)):
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited:\n{self.log_text()[-3000:]}")
                try:
                    if (await client.get(f"{self.base_url}/api/health")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"the server is not healthy after {timeout}s")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, no goodbye."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None

    async def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        for _ in range(150):
            if self.process.poll() is not None:
                break
            await asyncio.sleep(0.1)
        else:
            self.process.kill()
            self.process.wait()
        self.process = None
