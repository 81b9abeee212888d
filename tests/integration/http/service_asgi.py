"""Talk to the ASGI app in the test's own event loop: websockets and streamed responses.

httpx's ASGI transport waits for a response to end (no streaming) and has no
websockets; Starlette's TestClient runs the app in another thread and loop, away
from the store the fixtures opened. These two small clients drive the ASGI
protocol directly.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import orjson
from starlette.types import ASGIApp, Message

TIMEOUT = 5.0


class Closed(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"closed {code}: {reason}")
        self.code = code
        self.reason = reason


def _scope(kind: str, path: str, query: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    return {
        "type": kind,
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "scheme": "ws" if kind == "websocket" else "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": urlencode({k: v for k, v in query.items() if v is not None}).encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("test", 80),
    }


class WebSocketClient:
    def __init__(self) -> None:
        self.inbound: asyncio.Queue[Message] = asyncio.Queue()
        self.outbound: asyncio.Queue[Message] = asyncio.Queue()
        self.subprotocol: str | None = None

    async def receive_json(self, timeout: float = TIMEOUT) -> dict[str, Any]:  # noqa: ASYNC109
        message = await asyncio.wait_for(self.outbound.get(), timeout)
        if message["type"] == "websocket.close":
            raise Closed(message.get("code", 1000), message.get("reason", ""))
        assert message["type"] == "websocket.send", message
        data: dict[str, Any] = orjson.loads(message.get("text") or message["bytes"])
        return data

    async def until(self, position: int, timeout: float = TIMEOUT) -> dict[str, Any]:  # noqa: ASYNC109
        """Messages up to the first board at `position` or later (pings skipped)."""
        async with asyncio.timeout(timeout):
            while True:
                message = await self.receive_json()
                if message["type"] != "ping" and message["position"] >= position:
                    return message

    async def closed(self) -> Closed:
        try:
            message = await self.receive_json()
        except Closed as closed:
            return closed
        raise AssertionError(f"expected a close, got {message}")


@contextlib.asynccontextmanager
async def websocket(
    app: ASGIApp,
    path: str,
    query: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> AsyncIterator[WebSocketClient]:
    client = WebSocketClient()
    scope = _scope("websocket", path, query or {}, headers or {})
    protocols = (headers or {}).get("Sec-WebSocket-Protocol", "")
    scope["subprotocols"] = [p.strip() for p in protocols.split(",") if p.strip()]
    await client.inbound.put({"type": "websocket.connect"})
    task = asyncio.create_task(app(scope, client.inbound.get, client.outbound.put))
    accepted = await asyncio.wait_for(client.outbound.get(), TIMEOUT)
    assert accepted["type"] == "websocket.accept", accepted
    client.subprotocol = accepted.get("subprotocol")
    try:
        yield client
    finally:
        await client.inbound.put({"type": "websocket.disconnect", "code": 1000})
        await asyncio.wait_for(task, TIMEOUT)


class StreamedResponse:
    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.chunks: asyncio.Queue[bytes] = asyncio.Queue()
        self.started = asyncio.Event()
        self.done = asyncio.Event()
        self._buffer = b""

    async def line(self, timeout: float = TIMEOUT) -> bytes:  # noqa: ASYNC109
        """The next line, its newline included (a keepalive is just b"\\n")."""
        async with asyncio.timeout(timeout):
            while b"\n" not in self._buffer:
                self._buffer += await self.chunks.get()
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line + b"\n"


@contextlib.asynccontextmanager
async def stream_get(
    app: ASGIApp, path: str, query: dict[str, Any], headers: dict[str, str]
) -> AsyncIterator[StreamedResponse]:
    response = StreamedResponse()
    disconnect = asyncio.Event()
    requested = False

    async def receive() -> Message:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await disconnect.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            response.status = message["status"]
            response.headers = {k.decode(): v.decode() for k, v in message["headers"]}
            response.started.set()
        elif message["type"] == "http.response.body":
            await response.chunks.put(message.get("body", b""))
            if not message.get("more_body", False):
                response.done.set()

    task = asyncio.create_task(app(_scope("http", path, query, headers), receive, send))
    await asyncio.wait_for(response.started.wait(), TIMEOUT)
    try:
        yield response
    finally:
        disconnect.set()
        await asyncio.wait_for(task, TIMEOUT)
