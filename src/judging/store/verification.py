"""Verifying a whole log: the hash chain recomputed page by page from the stored bytes."""

from __future__ import annotations

from dataclasses import dataclass

from judging.store.engines import backend_for
from judging.store.event_log import EventLog
from judging.store.hashing import ChainBreak, ChainVerifier


@dataclass(frozen=True, slots=True)
class Verification:
    """`count` events verified up to `head_hash`; `broken` is the first break, if any."""

    count: int
    head_hash: str
    broken: ChainBreak | None


async def verify_log(log: EventLog, page_size: int = 1000) -> Verification:
    """Verify every event up to the log head as it is when the verification starts."""
    head_position, head_hash = await log.head()
    verifier = ChainVerifier()
    while verifier.next_position <= head_position:
        page = await log.stored_after(verifier.next_position - 1, page_size)
        page = [row for row in page if row.position <= head_position]
        broken = verifier.feed(page) if page else verifier.check_head(head_position, head_hash)
        if broken is not None:
            return Verification(verifier.count, verifier.prev_hash, broken)
    broken = verifier.check_head(head_position, head_hash)
    return Verification(verifier.count, verifier.prev_hash, broken)


async def verify_url(url: str, page_size: int = 1000) -> Verification:
    backend = backend_for(url)
    engine = backend.create_engine(url)
    try:
        return await verify_log(backend.event_log(engine), page_size)
    finally:
        await engine.dispose()
