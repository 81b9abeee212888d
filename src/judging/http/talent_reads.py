"""Reads of the talent database: a read connection of the store's tracking, once caught up.

The talent tables are a persisted projection; a read first waits (briefly) until
the projection has applied the log's head, so a finalized contest or a standard
just defined shows up in the next read. After `CATCH_UP_SECONDS` it serves anyway.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.http.deps import services
from judging.projections.talent.projection import TalentProjection

CATCH_UP_SECONDS = 2.0


async def talent_caught_up(request: Request) -> None:
    found = services(request)
    head = await found.store.head()
    try:
        await found.runner.wait_for(head, timeout=CATCH_UP_SECONDS, names=(TalentProjection.name,))
    except TimeoutError:
        return


@asynccontextmanager
async def talent_connection(request: Request) -> AsyncIterator[AsyncConnection]:
    """A read connection on the talent tables, once the projection caught up."""
    await talent_caught_up(request)
    async with services(request).store.tracking.read() as conn:
        yield conn
