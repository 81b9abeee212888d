"""A TCP proxy in front of PostgreSQL: an outage of one test's servers, on demand.

`down()` drops every proxied connection at once and refuses new ones, which is
what a PostgreSQL restart looks like from a server (its sessions end, connecting
fails) without disturbing anyone else's use of the machine's PostgreSQL. `up()`
accepts connections again. The proxy runs in the test's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib

from server_process import free_port
from sqlalchemy.engine import make_url

CHUNK = 65536


class PgProxy:
    def __init__(self, target_url: str) -> None:
        url = make_url(target_url)
        self._target = (url.host or "127.0.0.1", url.port or 5432)
        self._url = url
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def url(self) -> str:
        """The target URL, through the proxy."""
        proxied = self._url.set(host="127.0.0.1", port=self.port)
        return proxied.render_as_string(hide_password=False)

    async def up(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def down(self) -> None:
        """Refuse new connections and drop every open one (no goodbye to either side)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(*self._target)
        except OSError:
            client_w.transport.abort()
            return
        self._writers |= {client_w, server_w}
        for reader, writer in ((client_r, server_w), (server_r, client_w)):
            task = asyncio.create_task(_pipe(reader, writer))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except (OSError, asyncio.IncompleteReadError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()
