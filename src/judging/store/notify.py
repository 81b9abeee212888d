"""Following the log: a wait for new commits, and the rows checked against the chain."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable

from judging.store.errors import ChainBroken
from judging.store.events import RecordedEvent
from judging.store.hashing import ChainVerifier
from judging.store.schema import StoredRow

FOLLOW_PAGE = 500  # events read per page while following the log

ReadRows = Callable[[int, int], Awaitable[list[StoredRow]]]  # rows after N, up to the head


class HeadWatch:
    """Tracks the known log head; `wait_beyond` returns when it moves past a position.

    Advanced by this store's own commits and, on PostgreSQL, by LISTEN/NOTIFY.
    A timeout turns every wait into the slow fallback poll.
    """

    def __init__(self) -> None:
        self._head = 0
        self._moved = asyncio.Event()
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def head(self) -> int:
        """The highest position seen committed so far."""
        return self._head

    def advance(self, position: int) -> None:
        if position > self._head:
            self._head = position
            self._wake()

    def close(self) -> None:
        self._closed = True
        self._wake()

    async def wait_beyond(self, position: int, poll_after: float) -> None:
        """Return once the head is past `position`, on close, or after `poll_after` s."""
        if self._head > position or self._closed:
            return
        moved = self._moved
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(poll_after):
                await moved.wait()

    def _wake(self) -> None:
        self._moved.set()
        self._moved = asyncio.Event()


async def follow(
    read_rows: ReadRows, watch: HeadWatch, after: int, poll_interval: float
) -> AsyncGenerator[RecordedEvent, None]:
    """Every event after `after` page by page, then new ones as `watch` sees them commit.

    Each row is checked against the hash chain before it is handed out, from the
    stored row at `after` on: a row that does not continue the chain raises
    `ChainBroken`, and neither it nor anything after it is ever yielded.
    """
    position = after
    verifier: ChainVerifier | None = None
    while not watch.closed:
        page = await read_rows(position, FOLLOW_PAGE)
        if page and verifier is None:
            verifier = await _verifier(read_rows, after)
        for row in page:
            assert verifier is not None
            broken = verifier.feed((row,))
            if broken is not None:
                raise ChainBroken(broken.position, broken.reason)
            yield row.to_event()
            position = row.position
        if len(page) < FOLLOW_PAGE:
            await watch.wait_beyond(position, poll_interval)


async def _verifier(read_rows: ReadRows, after: int) -> ChainVerifier:
    """A verifier continuing the chain from the stored row at `after`."""
    if after == 0:
        return ChainVerifier()
    found = await read_rows(after - 1, 1)
    if not found or found[0].position != after:
        raise ChainBroken(after, "missing (the events after it are stored)")
    return ChainVerifier(prev_hash=found[0].hash, next_position=after + 1)
