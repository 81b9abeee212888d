"""A websocket connection as an explicit state machine, and its delivery loop.

    connecting ──▶ snapshot_sent ──▶ streaming ──▶ closing ──▶ closed
         └──────────────┴───────────────┴──────────▲ (refused, dropped, gone)

`ConnectionState` names the states; `StateMachine.to(state)` raises
`IllegalTransition` for any move the diagram does not allow (e.g. an update before
the snapshot, or anything after `closed`). `LiveConnection` drives one accepted
Starlette websocket: the subscription's frames out, in order, an application
`{"type": "ping"}` when idle, until the client leaves or the hub drops it.

A send that does not complete within `send_timeout` seconds (a stuck client: its
socket buffers are full and it reads nothing) closes the connection: it is counted
as dropped and stuck, its subscription ends (so it no longer counts as connected),
and the socket is closed without waiting for the client any longer.
"""

from __future__ import annotations

import asyncio
import contextlib
from enum import Enum

from starlette.websockets import WebSocket, WebSocketDisconnect

from judging.live.subscription import Frame, HubStats, Subscription, SubscriptionClosed

PING = '{"type":"ping"}'
TRY_AGAIN_LATER = 1013
SEND_TIMEOUT = 10.0  # seconds a send may take before the client counts as stuck
CLOSE_TIMEOUT = 1.0  # seconds to wait for a stuck client's close handshake


class ConnectionState(Enum):
    CONNECTING = "connecting"
    SNAPSHOT_SENT = "snapshot_sent"
    STREAMING = "streaming"
    CLOSING = "closing"
    CLOSED = "closed"


_ALLOWED: dict[ConnectionState, frozenset[ConnectionState]] = {
    ConnectionState.CONNECTING: frozenset({ConnectionState.SNAPSHOT_SENT, ConnectionState.CLOSING}),
    ConnectionState.SNAPSHOT_SENT: frozenset({ConnectionState.STREAMING, ConnectionState.CLOSING}),
    ConnectionState.STREAMING: frozenset({ConnectionState.STREAMING, ConnectionState.CLOSING}),
    ConnectionState.CLOSING: frozenset({ConnectionState.CLOSED}),
    ConnectionState.CLOSED: frozenset(),
}


class StuckClient(Exception):
    """A send to the client missed its deadline."""


class IllegalTransition(Exception):
    """A move the connection's state machine does not allow."""


class StateMachine:
    def __init__(self) -> None:
        self.state = ConnectionState.CONNECTING

    def to(self, state: ConnectionState) -> None:
        if state not in _ALLOWED[self.state]:
            raise IllegalTransition(f"{self.state.value} -> {state.value}")
        self.state = state

    def on_frame(self, frame: Frame) -> None:
        """A snapshot is legal first (and again, as a resync); an update only after one."""
        if self.state is ConnectionState.CONNECTING:
            if frame.kind != "snapshot":
                raise IllegalTransition(f"{frame.kind} before the snapshot")
            self.to(ConnectionState.SNAPSHOT_SENT)
        else:
            self.to(ConnectionState.STREAMING)


class LiveConnection:
    """One accepted websocket fed by one hub subscription."""

    def __init__(
        self,
        websocket: WebSocket,
        stats: HubStats,
        idle_ping: float,
        send_timeout: float = SEND_TIMEOUT,
    ) -> None:
        self.websocket = websocket
        self.machine = StateMachine()
        self._stats = stats
        self._idle_ping = idle_ping
        self._send_timeout = send_timeout

    async def stream(self, subscription: Subscription) -> None:
        """Send frames until the client leaves or the subscription ends; then close."""
        reader = asyncio.create_task(self._read_until_gone())
        try:
            await self._pump(subscription, reader)
        except SubscriptionClosed:
            await self.close(TRY_AGAIN_LATER, "try again: reconnect with since=<position>")
        except StuckClient:
            self._stats.stuck_clients += 1
            self._stats.dropped_clients += 1
            await self.close(TRY_AGAIN_LATER, "too slow: reconnect with since=<position>")
        except (WebSocketDisconnect, OSError, RuntimeError):
            self._gone()
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader

    async def _pump(self, subscription: Subscription, reader: asyncio.Task[None]) -> None:
        while not reader.done():
            getter = asyncio.ensure_future(subscription.next())
            waiting = {getter, reader}
            await asyncio.wait(
                waiting, timeout=self._idle_ping, return_when=asyncio.FIRST_COMPLETED
            )
            if not getter.done():
                getter.cancel()
                if not reader.done():
                    await self._send(PING, "ping")
                continue
            frame = getter.result()
            self.machine.on_frame(frame)
            await self._send(frame.text, frame.kind)
        self._gone()

    async def _send(self, text: str, kind: str) -> None:
        try:
            await asyncio.wait_for(self.websocket.send_text(text), self._send_timeout)
        except TimeoutError:
            raise StuckClient from None
        self._stats.message_sent(kind)

    async def _read_until_gone(self) -> None:
        while True:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                return

    def _gone(self) -> None:
        if self.machine.state is not ConnectionState.CLOSED:
            self.machine.to(ConnectionState.CLOSING)
            self.machine.to(ConnectionState.CLOSED)

    async def close(self, code: int, reason: str) -> None:
        """Close from our side (refusal, drop, shutdown): closing, then closed."""
        self.machine.to(ConnectionState.CLOSING)
        with contextlib.suppress(WebSocketDisconnect, OSError, RuntimeError, TimeoutError):
            await asyncio.wait_for(self.websocket.close(code, reason), CLOSE_TIMEOUT)
        self.machine.to(ConnectionState.CLOSED)
