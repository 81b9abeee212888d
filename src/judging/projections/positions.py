"""Where each projection stands, and waiting for them to reach a position."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass, field


@dataclass(eq=False)
class _Waiter:
    position: int
    names: frozenset[str] | None
    done: asyncio.Future[None] = field(repr=False)


class Positions:
    """The last position each projection applied; `advance` wakes the waiters it satisfies.

    Advancing is synchronous and costs nothing while nobody waits, so the runner can
    call it once per event.
    """

    def __init__(self, names: Collection[str]) -> None:
        self._positions = dict.fromkeys(names, 0)
        self._waiters: list[_Waiter] = []

    def snapshot(self) -> dict[str, int]:
        return dict(self._positions)

    def advance(self, name: str, position: int) -> None:
        self._positions[name] = position
        if self._waiters:
            self._wake()

    def reached(self, position: int, names: Collection[str] | None = None) -> bool:
        wanted = self._positions if names is None else names
        return all(self._positions.get(name, 0) >= position for name in wanted)

    async def wait_for(
        self,
        position: int,
        timeout: float,  # noqa: ASYNC109 (the runner's public signature)
        names: Collection[str] | None = None,
    ) -> None:
        if self.reached(position, names):
            return
        waiter = _Waiter(position, frozenset(names) if names is not None else None, _future())
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                await waiter.done
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def _wake(self) -> None:
        for waiter in list(self._waiters):
            if self.reached(waiter.position, waiter.names):
                self._waiters.remove(waiter)
                if not waiter.done.done():
                    waiter.done.set_result(None)


def _future() -> asyncio.Future[None]:
    return asyncio.get_running_loop().create_future()
