"""The CLICS-style event feed of one contest: ndjson, one notification per line.

Each line is `{"type", "id", "data", "token", "head"}` (CLICS 2022-07 notification
shape, and the log head): our event type, its event id, its data, an opaque token
naming its place in the log, and the head as of that event, `{"position", "hash"}`
(its chain hash: `judging verify --expect POSITION:HASH` checks a log still has it).
`since_token` resumes after that event. A token is the event's global position,
base32-encoded (opaque to clients; only `decode_token` reads it).

`feed_lines(...)` yields the encoded lines: what is there, then (when streaming)
new events as they are appended, and a bare newline after `keepalive` idle seconds.
A screen reads each event's data through `BlindValues` (no blind referee's value).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any, Final

import orjson

from judging.domain.events import stream_id
from judging.store import EventStore, RecordedEvent

KEEPALIVE: Final = b"\n"
PAGE = 500
_BUFFER = 256
Shown = Callable[[RecordedEvent], dict[str, Any]]


class UnknownToken(ValueError):
    """A token this feed did not hand out (malformed, or not an event of the contest)."""


def encode_token(position: int) -> str:
    return base64.b32encode(position.to_bytes(8, "big")).decode().rstrip("=").lower()


def decode_token(token: str) -> int:
    """The position a token names; `UnknownToken` if it is not one of ours."""
    try:
        raw = base64.b32decode(token.upper() + "===", casefold=False)
    except (binascii.Error, ValueError) as error:
        raise UnknownToken(token) from error
    if len(raw) != 8 or encode_token(int.from_bytes(raw, "big")) != token:
        raise UnknownToken(token)
    return int.from_bytes(raw, "big")


async def resume_position(store: EventStore, contest_id: str, token: str | None) -> int:
    """The position to resume after: 0 without a token; the token's event must be
    one of the contest's events."""
    if token is None:
        return 0
    position = decode_token(token)
    found = await store.read_all(after=position - 1, limit=1) if position > 0 else []
    if not found or found[0].position != position or found[0].stream_id != stream_id(contest_id):
        raise UnknownToken(token)
    return position


def stored(event: RecordedEvent) -> dict[str, Any]:
    """An event's data as stored (what organizers read)."""
    return event.data


def notification(event: RecordedEvent, shown: Shown = stored) -> bytes:
    line = {
        "type": event.type,
        "id": str(event.event_id),
        "data": shown(event),
        "token": encode_token(event.position),
        "head": {"position": event.position, "hash": event.hash},
    }
    return orjson.dumps(line) + b"\n"


async def _backlog(store: EventStore, stream: str, after: int) -> AsyncIterator[RecordedEvent]:
    while True:
        page = await store.read_all(after=after, limit=PAGE)
        for event in page:
            if event.stream_id == stream:
                yield event
        if len(page) < PAGE:
            return
        after = page[-1].position


async def feed_lines(
    store: EventStore,
    contest_id: str,
    after: int,
    *,
    stream: bool,
    keepalive: float,
    shown: Shown = stored,
) -> AsyncIterator[bytes]:
    """The feed's lines after `after`; with `stream`, then forever (with keepalives).
    `shown(event)` is the data the reader may see of each event."""
    if not stream:
        async for event in _backlog(store, stream_id(contest_id), after):
            yield notification(event, shown)
        return
    queue: asyncio.Queue[RecordedEvent] = asyncio.Queue(_BUFFER)
    pump = asyncio.create_task(_pump(store, stream_id(contest_id), after, queue))
    try:
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), keepalive)
            except TimeoutError:
                if pump.done():  # the store closed: end the response
                    return
                yield KEEPALIVE
            else:
                yield notification(event, shown)
    finally:
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pump


async def _pump(
    store: EventStore, stream: str, after: int, queue: asyncio.Queue[RecordedEvent]
) -> None:
    """One subscription on the store, filtered to the contest (waits when the client lags)."""
    events = store.subscribe(after=after)
    try:
        async for event in events:
            if event.stream_id == stream:
                await queue.put(event)
    finally:
        close = getattr(events, "aclose", None)
        if close is not None:
            await close()
