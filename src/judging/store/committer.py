"""Group commit: appends that arrive together are written in one transaction.

One writer task per store takes everything queued (up to a size limit), commits
it, and hands each caller its own outcome. If a whole group fails for a reason
that is not any one request's (a database error), each request is retried alone
so that only the culprit sees the error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from judging.store.errors import StoreClosed, StoreError
from judging.store.planning import AppendRequest

R = TypeVar("R")  # what one request's caller gets back


@dataclass(slots=True)
class _Pending(Generic[R]):
    request: AppendRequest
    future: asyncio.Future[R]


class GroupCommitter(Generic[R]):
    """`commit(group)` returns one outcome per request: its result or its `StoreError`."""

    def __init__(
        self,
        commit: Callable[[list[AppendRequest]], Awaitable[list[R | StoreError]]],
        *,
        max_events: int = 5000,
    ) -> None:
        self._commit = commit
        self._max_events = max_events
        self._queue: asyncio.Queue[_Pending[R] | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    async def submit(self, request: AppendRequest) -> R:
        if self._closing:
            raise StoreClosed("the store is closed")
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Pending(request, future))
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="event-store-writer")
        return await future

    async def close(self) -> None:
        """Commit what is already queued, then stop the writer task."""
        self._closing = True
        if self._task is not None:
            self._queue.put_nowait(None)
            await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            group, stop = self._take(await self._queue.get())
            if group:
                await self._write(group)
            if stop:
                return

    def _take(self, first: _Pending[R] | None) -> tuple[list[_Pending[R]], bool]:
        if first is None:
            return [], True
        group, size = [first], len(first.request.events)
        while size < self._max_events and not self._queue.empty():
            item = self._queue.get_nowait()
            if item is None:
                return group, True
            group.append(item)
            size += len(item.request.events)
        return group, False

    async def _write(self, group: list[_Pending[R]]) -> None:
        outcomes: Sequence[R | Exception]
        try:
            outcomes = await self._commit([p.request for p in group])
        except Exception as error:
            if len(group) > 1:
                for pending in group:
                    await self._write([pending])
                return
            outcomes = [error]
        for pending, outcome in zip(group, outcomes, strict=True):
            _settle(pending.future, outcome)


def _settle(future: asyncio.Future[R], outcome: R | Exception) -> None:
    if future.done():  # the caller was cancelled; its events may still be committed
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
