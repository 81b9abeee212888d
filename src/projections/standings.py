"""Live standings of one contest, kept incrementally (a pure fold of its events).

`ContestStandings.apply(event, position)` evolves the contest state, then
re-computes only the contestants the event touches (`touched`), in each view
(`ViewBoard`): one entry event costs O(log n) in the number of contestants.
Lifecycle events (a thaw or a finalization reveals the frozen results to the
public) re-compute every entry; they are rare.

`document(view, group)` is the DESIGN.md §5 standings document, equal to
`standings_doc.standings_document(state, view, position, group)` of the same state
(the non-incremental reference) and cached until the next event; documents and
their rows are shared, so callers must treat them as read-only. `position` is the
log position of the contest's last event applied; `version` counts the events
applied; `changed_at[view]` is the position at which that view last changed
(an event hidden from the public by the freeze leaves the public board unchanged).
"""

from __future__ import annotations

from typing import Any, cast

from judging.domain.board import facts_for
from judging.domain.events import (
    AttemptRecorded,
    ContestantDisqualified,
    ContestantsRegistered,
    ContestantWithdrew,
    EntryCorrected,
    EntrySignedOff,
    Event,
    MarkAwarded,
    PenaltyImposed,
    RefereesRegistered,
)
from judging.domain.evolve import evolve
from judging.domain.facts import View
from judging.domain.groups import GroupField, group_json, group_rows
from judging.domain.state import ContestState
from projections.standings_doc import GROUP_FIELDS, lifecycle_json
from projections.view_board import ViewBoard

VIEWS: tuple[View, ...] = ("public", "live")
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
    if isinstance(event, EntryEvent):
        return {event.contestant_id}
    if isinstance(event, EntryCorrected):
        record = state.record(event.supersedes)
        return {record.contestant_id} if record is not None else None
    if isinstance(event, ContestantsRegistered):
        return {contestant.id for contestant in event.contestants}
    if isinstance(event, RefereesRegistered):
        return set()
    return None


class ContestStandings:
    """One contest's state and its boards per view."""

    def __init__(self) -> None:
        self.state: ContestState | None = None
        self.views: dict[View, ViewBoard] = {}
        self.position = 0
        self.version = 0
        self.changed_at: dict[View, int] = dict.fromkeys(VIEWS, 0)
        self._documents: dict[tuple[View, str | None], dict[str, Any]] = {}

    def apply(self, event: Event, position: int) -> None:
        """Fold one event of this contest in (its log position is `position`)."""
        state = self.state = evolve(self.state, event)
        ids = touched(state, event)
        if ids is None or not self.views:
            self._rebuild(state, position)
        else:
            for view, board in self.views.items():
                changed = [board.put(facts_for(state, cid, view)) for cid in sorted(ids)]
                if any(changed):
                    self.changed_at[view] = position
        self.position = position
        self.version += 1
        self._documents.clear()

    def _rebuild(self, state: ContestState, position: int) -> None:
        for view in VIEWS:
            board = self.views.get(view)
            if board is None:
                board = self.views[view] = ViewBoard(state.definition)
            for cid in sorted(state.contestants):
                board.put(facts_for(state, cid, view))
            self.changed_at[view] = position

    def document(self, view: View, group: str | None = None) -> dict[str, Any]:
        """The §5 standings document of a view, optionally of a group (see the API)."""
        cached = self._documents.get((view, group))
        if cached is None:
            cached = self._documents[(view, group)] = self._document(view, group)
        return cached

    def _document(self, view: View, group: str | None) -> dict[str, Any]:
        state = self._state()
        return {
            "contest_id": state.definition.id,
            "position": self.position,
            "view": view,
            "group": group,
            "state": lifecycle_json(state.lifecycle),
            "rows": self.rows_json(view, group),
        }

    def rows_json(self, view: View, group: str | None = None) -> list[dict[str, Any]]:
        board = self.views[view]
        if group is None:
            return board.rows_json()
        if group.startswith("venue:"):
            return board.rows_json(group.removeprefix("venue:"))
        if group in GROUP_FIELDS:
            entries = list(board.entries.values())
            rows = group_rows(entries, self._state().definition, cast(GroupField, group))
            return [group_json(row) for row in rows]
        raise ValueError(f"unknown group {group!r}: venue:<id>, team, workshop or organization")

    def row_for(self, contestant_id: str, view: View) -> dict[str, Any] | None:
        """One contestant's row (rank among the whole contest), None if unknown."""
        return self.views[view].row_json(contestant_id) if self.views else None

    def changed_since(self, position: int, view: View) -> bool:
        """Whether the view's board changed after `position` (for coalescing pushes)."""
        return self.changed_at[view] > position

    def _state(self) -> ContestState:
        if self.state is None:
            raise LookupError("the contest is not defined yet")
        return self.state
