"""Reads of persisted projections: a read connection, once the projection caught up.

A persisted read model (the contest catalog) is written by the projection runner
after the event is appended. A read first waits, briefly, until the projection has
applied the log's head, so a client reads its own writes (a contest just defined is
in the next list); after `CATCH_UP_SECONDS` it serves what there is.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from sqlalchemy.ext.asyncio import AsyncConnection

from judging.http.deps import Services

CATCH_UP_SECONDS = 2.0


@asynccontextmanager
async def read_model(found: Services, name: str) -> AsyncIterator[AsyncConnection]:
    """A read connection on the tables of projection `name`, once it reached the head."""
    head = await found.store.head()
    with suppress(TimeoutError):  # served as it is, rather than not at all
        await found.runner.wait_for(head, timeout=CATCH_UP_SECONDS, names=(name,))
    async with found.store.tracking.read() as conn:
        yield conn
