"""The desks of the contests being judged, each read from its own stream.

A desk is brought up to date on every read with the events of its contest's stream
after the version it holds (`read_stream_rows(after_version=...)`), so a read costs
the events that are new, never the history again; the `keep` most recently read
desks stay in memory. Nothing here scans the global log. A desk's first read folds
the whole stream, as a board loads (each event decoded just before it is folded,
the collector paused).
"""

from __future__ import annotations

from collections import OrderedDict

from judging.collector import paused_collector
from judging.domain.event_codec import with_events
from judging.domain.events import stream_id
from judging.projections.desk import Desk
from judging.store import EventStore

KEEP = 16  # desks kept in memory: the contests whose chiefs and tablets are at work


class Desks:
    def __init__(self, store: EventStore, keep: int = KEEP) -> None:
        self._store = store
        self._keep = keep
        self._desks: OrderedDict[str, Desk] = OrderedDict()

    async def current(self, contest_id: str) -> Desk | None:
        """The contest's desk as of the latest event of its stream; None if undefined."""
        desk = self._desks.pop(contest_id, None) or Desk()
        self._desks[contest_id] = desk
        while len(self._desks) > self._keep:
            self._desks.popitem(last=False)
        new = await self._store.read_stream_rows(stream_id(contest_id), desk.version)
        with paused_collector():  # no await in between: concurrent reads skip what is in
            for row, event in with_events(new):
                desk.apply(event, row.stream_version)
        if desk.state is None:
            self._desks.pop(contest_id, None)
            return None
        return desk
