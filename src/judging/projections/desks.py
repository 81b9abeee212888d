"""The desks of the contests being judged, each read from its own stream.

A desk is brought up to date on every read with the events of its contest's stream
after the version it holds (`read_stream_rows(after_version=...)`), so a read costs
the events that are new, never the history again; the `keep` most recently read
desks stay in memory. Nothing here scans the global log. A desk's first read folds
the whole stream as a board loads (each event decoded just before it is folded, the
collector paused, on a worker thread).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Sequence

from judging.collector import paused_collector
from judging.domain.event_codec import with_events
from judging.domain.events import stream_id
from judging.projections.desk import Desk
from judging.store import EventStore, StreamRow

KEEP = 16  # desks kept in memory: the contests whose chiefs and tablets are at work


class Desks:
    def __init__(self, store: EventStore, keep: int = KEEP) -> None:
        self._store = store
        self._keep = keep
        self._desks: OrderedDict[str, Desk] = OrderedDict()

    async def current(self, contest_id: str) -> Desk | None:
        """The contest's desk as of the latest event of its stream; None if undefined."""
        desk = self._desks.pop(contest_id, None)
        if desk is None:
            desk = await self._first(contest_id)
        self._desks[contest_id] = desk
        while len(self._desks) > self._keep:
            self._desks.popitem(last=False)
        new = await self._store.read_stream_rows(stream_id(contest_id), desk.version)
        _fold(desk, new)  # no await in between: concurrent reads skip what is in
        if desk.state is None:
            self._desks.pop(contest_id, None)
            return None
        return desk

    async def _first(self, contest_id: str) -> Desk:
        """A desk of the whole stream, folded on a worker thread (a long contest takes
        seconds; the server goes on meanwhile) into a desk no one else sees yet; if
        another read loaded one meanwhile, that one."""
        rows = await self._store.read_stream_rows(stream_id(contest_id))
        desk = Desk()
        await asyncio.to_thread(_fold, desk, rows)
        return self._desks.pop(contest_id, None) or desk


def _fold(desk: Desk, rows: Sequence[StreamRow]) -> None:
    with paused_collector():
        for row, event in with_events(rows):
            desk.apply(event, row.stream_version)
