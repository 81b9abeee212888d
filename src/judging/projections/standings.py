"""Live standings of one contest, kept incrementally (a pure fold of its events).

`ContestStandings.apply(event, position)` evolves the contest state and only marks
the contestants the event touches (`touched`) dirty in each view; lifecycle events
(a thaw or a finalization reveals the frozen results to the public) mark everyone.
Every reader first flushes a view: each dirty contestant is re-computed once, in the
order it was first marked, and put in the view's board (`ViewBoard`, O(log n)). So
catching up on a long log re-computes each contestant once at the end, and several
events for one contestant between two reads cost one re-computation; what a reader
sees is the same as if every event had been flushed at once.

`document(view, grouping)` is the DESIGN.md §5 standings document, cached until
the next event; documents and their rows are shared, so callers must treat them as
read-only. This is the one standings implementation: the live boards, time travel,
the CLI and the websockets all read it. `position` is the log position of the
contest's last event applied; `version` its stream version (the events applied, or
restored from a snapshot); `revision(view)` is the position at which that view
last changed: of the last event, up to the read, that affected everyone or touched
an entry whose facts changed since the previous read (an event hidden from
the public by the freeze leaves the public board unchanged). It never decreases.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast, get_args, overload

from judging.domain.board import facts_for
from judging.domain.events import (
    AttemptRecorded,
    ContestantDisqualified,
    ContestantsRegistered,
    ContestantWithdrew,
    CorrectionRequested,
    EntryCorrected,
    EntrySignedOff,
    Event,
    MarkAwarded,
    PenaltyImposed,
    RefereesRegistered,
)
from judging.domain.evolve import Fold
from judging.domain.facts import View, view_name
from judging.domain.groups import ByField, ByVenue, Grouping, group_rows
from judging.domain.state import ContestState
from judging.projections.standings_doc import (
    AnyStandings,
    GroupRowDoc,
    StandingsDocument,
    StandingsRow,
    group_row,
    lifecycle_doc,
)
from judging.projections.view_board import ViewBoard

VIEWS: tuple[View, ...] = ("public", "live", "screen")
EntryEvent = (
    MarkAwarded
    | PenaltyImposed
    | AttemptRecorded
    | EntrySignedOff
    | ContestantDisqualified
    | ContestantWithdrew
)


def touched(state: ContestState, event: Event) -> set[str] | None:
    """The contestants whose entries `event` may change (None: possibly all)."""
    kind = type(event)
    if kind in _ENTRY_EVENTS or isinstance(event, EntryEvent):
        return {cast(_OneEntry, event).contestant_id}
    if isinstance(event, EntryCorrected):
        record = state.record(event.supersedes)
        return {record.contestant_id} if record is not None else None
    if isinstance(event, ContestantsRegistered):
        return {contestant.id for contestant in event.contestants}
    if isinstance(event, RefereesRegistered | CorrectionRequested):
        return set()  # no entry changes: a request waits for the chief's correction
    return None


# The entry events by exact class: one set lookup on the hot path (isinstance over the
# union tests each member in turn; it still catches a subclass).
_ENTRY_EVENTS: frozenset[type] = frozenset(get_args(EntryEvent))
_OneEntry = MarkAwarded  # any entry event, for the type checker: all have contestant_id


class _Dirty:
    """One view's pending work: contestant id -> the last position that touched it
    (in the order first marked), and the last position that affected everyone."""

    def __init__(self) -> None:
        self.touched: dict[str, int] = {}
        self.everyone = 0

    def take(self, touched: dict[str, int], everyone: int) -> None:
        """Add the work marked for every view since it last took some."""
        self.touched.update(touched)
        self.everyone = max(self.everyone, everyone)

    def __bool__(self) -> bool:
        return bool(self.touched) or self.everyone > 0


class ContestStandings:
    """One contest's state and its boards per view (re-computed lazily)."""

    def __init__(
        self, state: ContestState | None = None, position: int = 0, version: int = 0
    ) -> None:
        """Empty, or resumed from a state folded up to `position` (a snapshot), which it
        then owns: `apply` changes it in place."""
        self._fold = Fold(state)
        self._views: dict[View, ViewBoard] = {}
        self._dirty: dict[View, _Dirty] = {view: _Dirty() for view in VIEWS}
        # What the events since the last read touched, for every view alike: marked
        # once per event here, handed to each view's `_Dirty` when one is read.
        self._touched: dict[str, int] = {}
        self._everyone = 0
        self._changed_at: dict[View, int] = dict.fromkeys(VIEWS, 0)
        self.position = position
        self.head_hash = ""  # the chain hash at `position`, once known (`anchor`)
        self.version = version
        self._documents: dict[tuple[View, Grouping | None], StandingsDocument[Any]] = {}
        if state is not None:
            self._views = {view: ViewBoard(state.definition) for view in VIEWS}
            self._mark(sorted(state.contestants), position, everyone=True)

    @classmethod
    def of(cls, events: Iterable[Event]) -> ContestStandings:
        """The standings after `events`, at positions 1, 2, 3..."""
        standings = cls()
        for position, event in enumerate(events, start=1):
            standings.apply(event, position)
        return standings

    def apply(self, event: Event, position: int, hash_: str = "") -> ContestState:
        """Fold one event of this contest in (its log position is `position`, its
        chain hash `hash_`); the state after it (read it, do not keep it)."""
        state = self._fold.apply(event)
        if type(event) in _ENTRY_EVENTS and self._views:  # most events: one entry
            self._touched[event.__dict__["contestant_id"]] = position  # see `domain.events`
        else:
            self._touched_by(event, state, position)
        self.position = position
        self.head_hash = hash_
        self.version += 1
        if self._documents:
            self._documents.clear()
        return state

    def _touched_by(self, event: Event, state: ContestState, position: int) -> None:
        ids = touched(state, event)
        everyone = ids is None or not self._views
        if not self._views:
            self._views = {view: ViewBoard(state.definition) for view in VIEWS}
        if everyone or ids is None:
            self._mark(sorted(state.contestants), position, everyone)
        else:
            self._mark(sorted(ids), position, everyone)

    def anchor(self, position: int, hash_: str) -> None:
        """Learn the chain hash of the event at `position`, if it is the last applied
        (a fold resumed from a snapshot knows its position, not its hash)."""
        if position == self.position and hash_ != self.head_hash:
            self.head_hash = hash_
            self._documents.clear()

    @property
    def state(self) -> ContestState | None:
        """The contest state (None before the contest is defined); it changes with
        every `apply`, so read it, do not keep it."""
        return self._fold.state

    def _mark(self, ids: list[str], position: int, everyone: bool) -> None:
        touched = self._touched
        for cid in ids:
            touched[cid] = position
        if everyone:
            self._everyone = position

    def board(self, view: View) -> ViewBoard:
        """The view's board, up to date (KeyError before the first event)."""
        self._flush(view)
        return self._views[view]

    def revision(self, view: View) -> int:
        """The position at which the view last changed, after flushing it."""
        self._flush(view)
        return self._changed_at[view]

    def _flush(self, view: View) -> None:
        """Re-compute the view's dirty contestants once each, in the order marked."""
        if self._touched or self._everyone:
            for waiting in self._dirty.values():
                waiting.take(self._touched, self._everyone)
            self._touched, self._everyone = {}, 0
        dirty = self._dirty[view]
        if not dirty:
            return
        state, board = self.defined(), self._views[view]
        changed = dirty.everyone
        for cid, position in dirty.touched.items():
            if board.put(facts_for(state, cid, view)):
                changed = max(changed, position)
        self._changed_at[view] = max(self._changed_at[view], changed)
        self._dirty[view] = _Dirty()

    @overload
    def document(self, view: View, grouping: ByField) -> StandingsDocument[GroupRowDoc]: ...

    @overload
    def document(
        self, view: View, grouping: ByVenue | None = None
    ) -> StandingsDocument[StandingsRow]: ...

    def document(self, view: View, grouping: Grouping | None = None) -> AnyStandings:
        """The §5 standings document of a view, optionally of a grouping."""
        cached = self._documents.get((view, grouping))
        if cached is None:
            cached = self._documents[(view, grouping)] = self._document(view, grouping)
        return cached

    def _document(self, view: View, grouping: Grouping | None) -> StandingsDocument[Any]:
        state = self.defined()
        return {
            "contest_id": state.definition.id,
            "position": self.position,
            "head": {"position": self.position, "hash": self.head_hash},
            "view": view_name(view),
            "group": None if grouping is None else str(grouping),
            "state": lifecycle_doc(state.lifecycle),
            "rows": self._rows(view, grouping),
        }

    def _rows(
        self, view: View, grouping: Grouping | None
    ) -> list[StandingsRow] | list[GroupRowDoc]:
        board = self.board(view)
        if isinstance(grouping, ByField):
            entries = list(board.entries.values())
            rows = group_rows(entries, self.defined().definition, grouping.field)
            return [group_row(row) for row in rows]
        return board.row_docs(grouping.venue if grouping is not None else None)

    def row_for(self, contestant_id: str, view: View) -> StandingsRow | None:
        """One contestant's row (rank among the whole contest), None if unknown."""
        return self.board(view).row_doc(contestant_id) if self._views else None

    def changed_since(self, position: int, view: View) -> bool:
        """Whether the view's board changed after `position` (for coalescing pushes)."""
        return self.revision(view) > position

    def defined(self) -> ContestState:
        """The contest state (LookupError before the contest is defined)."""
        if self.state is None:
            raise LookupError("the contest is not defined yet")
        return self.state
