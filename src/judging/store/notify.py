"""Waking subscribers: the highest position known to be committed, and a wait for more."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Awaitable, Callable

from judging.store.events import RecordedEvent

FOLLOW_PAGE = 500  # events read per page while following the log

ReadAll = Callable[[int, int], Awaitable[list[RecordedEvent]]]


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
    read_all: ReadAll, watch: HeadWatch, after: int, poll_interval: float
) -> AsyncGenerator[RecordedEvent, None]:
    """Every event after `after` page by page, then new ones as `watch` sees them commit."""
    position = after
    while not watch.closed:
        page = await read_all(position, FOLLOW_PAGE)
        for event in page:
            yield event
            position = event.position
        if len(page) < FOLLOW_PAGE:
            await watch.wait_beyond(position, poll_interval)
