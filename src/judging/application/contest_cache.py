"""Contests as the application keeps them: state, stream version, accepted command ids.

`CachedContest` is the writer's `Folded` state of one contest stream: loaded from
that stream on first use, then advanced by the events the writer just appended (or,
after a conflict, by the stream's newer events only), so a command costs no read.
Its state is a `Fold`'s own, changed in place by each event (decisions are made
under the contest's lock; a reader sees the latest state).

The first load folds the whole stream at once (`load`), as a board loads: read as
`StreamRow`s, each event decoded just before it is folded, the cyclic collector
paused and the result frozen (the first command to a long contest after a restart
waits for it).

`ContestCache` keeps every contest not finalized yet (they take commands) and only
the few finalized ones read most recently, so memory follows the running contests,
not the years of history in the log.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import orjson

from judging.collector import paused_collector
from judging.domain.event_codec import with_events
from judging.domain.events import Event, parse_event, stream_id
from judging.domain.evolve import Fold
from judging.domain.state import ContestState
from judging.store import RecordedEvent, StreamRow


class CachedContest:
    def __init__(self, contest_id: str) -> None:
        self.contest_id = contest_id
        self.stream_id = stream_id(contest_id)
        self.state: ContestState | None = None
        self.version = 0
        self.position = 0
        self.defined_position = 0  # the position of the contest's first event
        self.commands: dict[str, int] = {}  # accepted command id -> its last position
        self._fold = Fold()  # applies each event in place: a command costs O(1), not O(contest)

    def apply(self, recorded: Sequence[RecordedEvent]) -> None:
        for event in recorded:
            if event.stream_version > self.version:
                self._take(parse_event(event.type, event.data), event, event.metadata)

    def load(self, rows: Sequence[StreamRow]) -> None:
        """`apply` the stream's rows at once (the first load of a contest): each event
        decoded just before it is folded, the collector paused, the result frozen."""
        rows = [row for row in rows if row.stream_version > self.version]
        loads = orjson.loads
        with paused_collector(freeze=True):
            for row, event in with_events(rows):
                self._take(event, row, loads(row.metadata))

    def _take(self, event: Event, where: RecordedEvent | StreamRow, metadata: object) -> None:
        self.state = self._fold.apply(event)
        self.version = where.stream_version
        self.position = where.position
        if where.stream_version == 1:
            self.defined_position = where.position
        command_id = metadata.get("command_id") if isinstance(metadata, dict) else None
        if isinstance(command_id, str):
            # An entry's command id is its command's: keep the one string the fold's
            # record is filed under (a string less per event, 56 bytes).
            own = getattr(event, "command_id", None)
            self.commands[own if own == command_id else command_id] = where.position

    @property
    def finalized(self) -> bool:
        return self.state is not None and self.state.lifecycle.finalized is not None


FINALIZED_KEPT = 16  # finalized contests kept loaded (least recently used goes first)


class ContestCache:
    def __init__(self, finalized_kept: int = FINALIZED_KEPT) -> None:
        self._open: dict[str, CachedContest] = {}
        self._finalized: OrderedDict[str, CachedContest] = OrderedDict()
        self._finalized_kept = finalized_kept

    def get(self, contest_id: str) -> CachedContest | None:
        cached = self._open.get(contest_id)
        if cached is None and contest_id in self._finalized:
            self._finalized.move_to_end(contest_id)
            cached = self._finalized[contest_id]
        return cached

    def keep(self, cached: CachedContest) -> CachedContest:
        """File a contest where its state says (none if it does not exist); the one kept
        (an earlier one, if two loads of the same contest raced)."""
        if cached.state is None:
            return cached
        kept = self.get(cached.contest_id) or cached
        if not kept.finalized:
            self._open[kept.contest_id] = kept
            return kept
        self._open.pop(kept.contest_id, None)
        self._finalized[kept.contest_id] = kept
        self._finalized.move_to_end(kept.contest_id)
        while len(self._finalized) > self._finalized_kept:
            self._finalized.popitem(last=False)
        return kept
