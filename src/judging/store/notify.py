"""Following the log: a wait for new commits, and the rows checked against the chain.

Every follower of a store (each persisted projection, the live projections, each
client of the event feed) reads and checks the log on its own. When several of them
read the same stretch, each would read, hash and decode every row again: the store's
`VerifiedPages` keep the last pages a follower read and checked, and a follower whose
own checked chain ends where such a page begins takes it as it is. That happens in
two places: every persisted projection catching up on a long log (after an upgrade
that adds one, or on a fresh database) reads the same full pages, which end at
multiples of `FOLLOW_PAGE` so that followers starting anywhere meet on them; and at
the log's head, every follower wakes for each commit and reads the same few new
rows, a short page that the first one to read it shares before it hands it on.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator
from typing import Final, Literal

from judging.store.errors import ChainBroken
from judging.store.events import RecordedEvent
from judging.store.hashing import ChainVerifier
from judging.store.schema import StoredRow

FOLLOW_PAGE = 500  # events read per page while following the log

ReadRows = Callable[[int, int], Awaitable[list[StoredRow]]]  # rows after N, up to the head
Shared = tuple[list[RecordedEvent], str]  # a checked page's events and its last hash
NOTHING_NEW: Final = "nothing new"  # what a read at the head found when no row was new
Awaited = Shared | Literal["nothing new"] | None  # what a read others waited for found


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


class VerifiedPages:
    """The last pages of events followers of one store read and checked against the
    chain, by the position each starts after, with the hash its first row continues
    (so a page is only taken by a follower whose own checked chain ends with that
    hash: nothing reaches it unchecked).

    Full pages (a catch-up) and short ones (the head) are kept apart, `keep` and
    `keep_short` of each: a commit makes a short page, and a stream of them must not
    push out the full pages a follower still catching up is about to take.
    """

    def __init__(self, keep: int = 16, keep_short: int = 8) -> None:
        self._full = _Kept(keep)
        self._short = _Kept(keep_short)
        self._reading: dict[int, tuple[str, asyncio.Future[Awaited]]] = {}

    def get(self, after: int, prev_hash: str) -> Shared | None:
        """The events after `after` and the last one's hash, if a page starts there
        and continues `prev_hash` (a full page rather than a short one)."""
        return self._full.get(after, prev_hash) or self._short.get(after, prev_hash)

    def put(
        self,
        after: int,
        prev_hash: str,
        last_hash: str,
        events: list[RecordedEvent],
        *,
        full: bool = True,
    ) -> None:
        (self._full if full else self._short).put(after, (prev_hash, last_hash, events))

    async def being_read(self, after: int, prev_hash: str) -> Awaited:
        """What another follower's read of the page after `after`, continuing
        `prev_hash`, found once it is checked: the page, or `NOTHING_NEW`; None at once
        if no such read is under way, or once it ends sharing nothing (a broken chain,
        or the reader was closed)."""
        found = self._reading.get(after)
        if found is None or found[0] != prev_hash:
            return None
        return await asyncio.shield(found[1])  # a waiter's cancellation stays its own

    @contextlib.contextmanager
    def reading(self, after: int, prev_hash: str) -> Iterator[PageRead]:
        """A follower reads the page after `after`, continuing `prev_hash`: the others
        that come for the same page wait for it (`being_read`) instead of reading it
        too. At the head, all of them wake for the same commit at once, and a read
        from the database lets each of them in before the first one has shared it."""
        read = PageRead()
        found: asyncio.Future[Awaited] = asyncio.get_running_loop().create_future()
        self._reading[after] = (prev_hash, found)
        try:
            yield read
        finally:
            if self._reading.get(after, (None, None))[1] is found:
                del self._reading[after]
            page = self.get(after, prev_hash)
            found.set_result(NOTHING_NEW if page is None and read.found_nothing else page)


class PageRead:
    """One follower's read of a page: whether it found no new row."""

    __slots__ = ("found_nothing",)

    def __init__(self) -> None:
        self.found_nothing = False


Page = tuple[str, str, list[RecordedEvent]]  # the hash it continues, its last hash, events


class _Kept:
    """The last `keep` pages put, by the position each starts after."""

    def __init__(self, keep: int) -> None:
        self._keep = keep
        self._pages: OrderedDict[int, Page] = OrderedDict()

    def get(self, after: int, prev_hash: str) -> Shared | None:
        found = self._pages.get(after)
        if found is None or found[0] != prev_hash:
            return None
        self._pages.move_to_end(after)
        return found[2], found[1]

    def put(self, after: int, page: Page) -> None:
        self._pages[after] = page
        self._pages.move_to_end(after)
        while len(self._pages) > self._keep:
            self._pages.popitem(last=False)


def follow(
    read_rows: ReadRows,
    watch: HeadWatch,
    after: int,
    poll_interval: float,
    pages: VerifiedPages | None = None,
) -> AsyncGenerator[RecordedEvent, None]:
    """Every event after `after`, in order: `follow_pages`, one event at a time."""
    return one_by_one(follow_pages(read_rows, watch, after, poll_interval, pages))


async def one_by_one(
    pages: AsyncGenerator[list[RecordedEvent], None],
) -> AsyncGenerator[RecordedEvent, None]:
    """The events of `pages` one at a time (the pages closed when this is)."""
    async with contextlib.aclosing(pages) as each_page:
        async for events in each_page:
            for event in events:
                yield event


async def follow_pages(
    read_rows: ReadRows,
    watch: HeadWatch,
    after: int,
    poll_interval: float,
    pages: VerifiedPages | None = None,
) -> AsyncGenerator[list[RecordedEvent], None]:
    """Every event after `after` page by page, then new ones as `watch` sees them commit.

    Each row is checked against the hash chain before it is handed out, from the
    stored row at `after` on: a row that does not continue the chain raises
    `ChainBroken` after the events before it, and neither it nor anything after it is
    ever handed out. Each page is shared through `pages` with the store's other
    followers, and a follower that comes for a page another one is reading waits for
    that read rather than making its own. Each list holds one page's events (never
    none); it may be the list another follower took too, so it is never to be changed.
    """
    position = after
    verifier: ChainVerifier | None = None
    while not watch.closed:
        limit = FOLLOW_PAGE - position % FOLLOW_PAGE  # pages end on multiples
        sharing = pages if verifier is not None else None  # the first page is its own
        if sharing is not None:
            assert verifier is not None
            shared: Awaited = sharing.get(position, verifier.prev_hash)
            if shared is None:
                shared = await sharing.being_read(position, verifier.prev_hash)
            if shared == NOTHING_NEW:
                await watch.wait_beyond(position, poll_interval)
                continue
            if isinstance(shared, tuple):
                events, last_hash = shared
                verifier.prev_hash, verifier.next_position = last_hash, events[-1].position + 1
                yield events
                position = events[-1].position
                if len(events) < limit:  # a short page: the head, as it was then
                    await watch.wait_beyond(position, poll_interval)
                continue
        start, prev_hash = position, verifier.prev_hash if verifier is not None else ""
        reading = (
            sharing.reading(start, prev_hash) if sharing else contextlib.nullcontext(PageRead())
        )
        with reading as read:
            page = await read_rows(position, limit)
            if page and verifier is None:
                verifier = await _verifier(read_rows, after)
            broken, events = None, list[RecordedEvent]()
            if page:
                assert verifier is not None
                checked = verifier.count
                broken = verifier.feed(page)
                events = [row.to_event() for row in page[: verifier.count - checked]]
                if events and pages is not None and broken is None:  # shared before it is
                    full = len(page) == limit  # handed on: the others woke for these rows
                    pages.put(start, prev_hash, page[-1].hash, events, full=full)
            else:
                read.found_nothing = True
        if events:
            position = events[-1].position
            yield events
        if broken is not None:
            raise ChainBroken(broken.position, broken.reason)
        if len(page) < limit:
            await watch.wait_beyond(position, poll_interval)


async def _verifier(read_rows: ReadRows, after: int) -> ChainVerifier:
    """A verifier continuing the chain from the stored row at `after`."""
    if after == 0:
        return ChainVerifier()
    found = await read_rows(after - 1, 1)
    if not found or found[0].position != after:
        raise ChainBroken(after, "missing (the events after it are stored)")
    return ChainVerifier(prev_hash=found[0].hash, next_position=after + 1)
