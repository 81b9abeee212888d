"""Verifying a whole log: the hash chain recomputed page by page from the stored bytes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from judging.store import queries
from judging.store.engines import backend_for
from judging.store.hashing import ChainBreak, ChainVerifier


@dataclass(frozen=True, slots=True)
class Verification:
    """`count` events verified up to `head_hash`; `broken` is the first break, if any."""

    count: int
    head_hash: str
    broken: ChainBreak | None


async def verify_engine(engine: AsyncEngine, page_size: int = 1000) -> Verification:
    """Verify every event up to the log head as it is when the verification starts."""
    async with engine.connect() as conn:
        head_position, head_hash = await queries.read_head(conn)
    verifier = ChainVerifier()
    while verifier.next_position <= head_position:
        async with engine.connect() as conn:
            page = await queries.page_after(conn, verifier.next_position - 1, page_size)
        page = [row for row in page if row.position <= head_position]
        broken = verifier.feed(page) if page else verifier.check_head(head_position, head_hash)
        if broken is not None:
            return Verification(verifier.count, verifier.prev_hash, broken)
    broken = verifier.check_head(head_position, head_hash)
    return Verification(verifier.count, verifier.prev_hash, broken)


async def verify_url(url: str, page_size: int = 1000) -> Verification:
    engine = backend_for(url).create_engine(url)
    try:
        return await verify_engine(engine, page_size)
    finally:
        await engine.dispose()
