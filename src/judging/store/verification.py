"""Verifying a log: every stored row against the hash chain and the log head.

`verify_log` recomputes the chain over every row stored, page by page from the
stored bytes, up to the head and beyond it: a row stored beyond the head was never
appended (an append moves the head in the same transaction), so it is a break.
A consistent rewrite (every hash recomputed, the head moved along) passes that
check; it fails against an `Anchor`, a head published earlier (on a standings
document, a feed line, a checkpoint event) that `judging verify --expect` takes.

`check_log_head` is the cheap check a server makes before it starts: the rows at
and beyond the head agree with it (two rows read by the primary key).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from judging.store.engines import backend_for
from judging.store.event_log import EventLog
from judging.store.hashing import ChainBreak, ChainVerifier, chain_hash

_ANCHOR = re.compile(r"^(\d{1,18}):([0-9a-f]{64})$")


@dataclass(frozen=True, slots=True)
class Anchor:
    """A published head: the event at `position` must have the hash `hash`."""

    position: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """`POSITION:HASH` (a positive position, 64 lowercase hex digits); ValueError."""
        found = _ANCHOR.match(text.strip().lower())
        if found is None or int(found[1]) < 1:
            raise ValueError(f"expected POSITION:HASH (64 hex digits), not {text!r}")
        return cls(int(found[1]), found[2])


@dataclass(frozen=True, slots=True)
class Verification:
    """`count` events verified up to `head_hash`; `broken` is the first break, if any."""

    count: int
    head_hash: str
    broken: ChainBreak | None


async def verify_log(
    log: EventLog, page_size: int = 1000, anchors: Sequence[Anchor] = ()
) -> Verification:
    """Verify every stored row: the chain, the head, and the published `anchors`."""
    head_position, head_hash = await log.head()
    verifier = ChainVerifier(anchors={a.position: a.hash for a in anchors})
    while page := await log.stored_after(verifier.next_position - 1, page_size, beyond_head=True):
        if page[-1].position > head_position:  # appended since we read the head?
            head_position, head_hash = await log.head()
        within = [row for row in page if row.position <= head_position]
        broken = verifier.feed(within)
        if broken is None and len(within) < len(page):
            broken = _beyond(page[len(within)].position, head_position)
        if broken is not None:
            return Verification(verifier.count, verifier.prev_hash, broken)
    broken = verifier.check_head(head_position, head_hash)
    return Verification(verifier.count, verifier.prev_hash, broken)


async def check_log_head(log: EventLog) -> ChainBreak | None:
    """Whether the rows at and beyond the log head agree with it (no full scan)."""
    head_position, head_hash = await log.head()
    rows = await log.stored_after(max(head_position - 1, 0), 2, beyond_head=True)
    if rows and rows[-1].position > head_position:
        head_position, head_hash = await log.head()  # appended since we read the head?
    for row in rows:
        if row.position > head_position:
            return _beyond(row.position, head_position)
    at_head = [row for row in rows if row.position == head_position]
    if head_position == 0:
        return None
    if not at_head:
        return ChainBreak(head_position, "missing (the log head points at it)")
    [row] = at_head
    if row.hash != head_hash or chain_hash(row.prev_hash, row.hash_input()) != row.hash:
        return ChainBreak(head_position, "does not match the log head's hash")
    return None


def _beyond(position: int, head_position: int) -> ChainBreak:
    return ChainBreak(position, f"stored beyond the log head ({head_position})")


async def verify_url(
    url: str, page_size: int = 1000, anchors: Sequence[Anchor] = ()
) -> Verification:
    backend = backend_for(url)
    engine = backend.create_engine(url)
    try:
        return await verify_log(backend.event_log(engine), page_size, anchors)
    finally:
        await engine.dispose()


async def check_url(url: str) -> ChainBreak | None:
    """`check_log_head` on the (migrated) database at `url`."""
    backend = backend_for(url)
    engine = backend.create_engine(url)
    try:
        return await check_log_head(backend.event_log(engine))
    finally:
        await engine.dispose()
