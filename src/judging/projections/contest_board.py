"""Every read model of one contest, behind one `apply` and a few queries: the fold
that the live boards keep and time travel rebuilds.

Standings (both views, venues, groups), stage progress and radar come from the
incremental `ContestStandings`; judge consistency is its own fold; the frozen
board and the reveal are computed on demand from the contest state (rare reads).

`follow(recorded)` applies a stored event of the contest's stream and hands back
the snapshot due after it (`snapshots.due`), copied to be encoded later, which the
caller keeps; `restore` starts a board from a snapshot.
"""

from __future__ import annotations

from typing import Any, cast, overload

from judging.domain.events import ContestantsAdvanced, Event, parse_event
from judging.domain.facts import View
from judging.domain.groups import ByField, ByVenue, Grouping
from judging.domain.state import ContestState
from judging.projections.freeze import CompactRow, RevealStep, board, reveal_steps
from judging.projections.judges import JudgeConsistency, JudgeRow
from judging.projections.progress import Progress, progress
from judging.projections.radar import Radar, radar
from judging.projections.snapshot_codec import decode, encode
from judging.projections.snapshots import PendingSnapshot, Snapshot, due
from judging.projections.standings import ContestStandings
from judging.projections.standings_doc import (
    AnyStandings,
    GroupRowDoc,
    HeadDoc,
    StandingsDocument,
    StandingsRow,
    round_parts,
)
from judging.store import RecordedEvent


class ContestBoard:
    """The read models of one contest; `position` is its last event's log position."""

    def __init__(
        self, standings: ContestStandings | None = None, consistency: JudgeConsistency | None = None
    ) -> None:
        self.standings = standings or ContestStandings()
        self.consistency = consistency or JudgeConsistency()
        # (view, grouping) -> (the standings document, it with the round's parts)
        self._rounds: dict[tuple[View, Grouping | None], tuple[Any, AnyStandings | None]] = {}

    @classmethod
    def restore(cls, snapshot: Snapshot) -> ContestBoard:
        """The board a snapshot holds, ready to follow the events after it."""
        state, consistency = decode(snapshot.data)
        return cls(ContestStandings(state, snapshot.position, snapshot.version), consistency)

    def snapshot(self) -> Snapshot:
        """The board's fold now, as a snapshot."""
        data = encode(self.state, self.consistency)
        return Snapshot(self.state.definition.id, self.position, self.version, data)

    def snapshot_later(self) -> PendingSnapshot:
        """The board's fold now, copied, to be encoded later (`PendingSnapshot`)."""
        state = self.state
        judges = self.consistency.to_json()
        return PendingSnapshot(
            state.definition.id, self.position, self.version, state.copy(), judges
        )

    @property
    def position(self) -> int:
        return self.standings.position

    def head(self) -> HeadDoc:
        """The log head the board was built from: its last event's position and hash."""
        return {"position": self.standings.position, "hash": self.standings.head_hash}

    @property
    def version(self) -> int:
        """The contest stream's version: changes whenever the contest does."""
        return self.standings.version

    @property
    def state(self) -> ContestState:
        """The contest state (LookupError before the contest is defined)."""
        return self.standings.defined()

    def apply(self, event: Event, position: int, hash_: str = "") -> None:
        if type(event) is ContestantsAdvanced:  # not isinstance: see `domain.events`
            self._advanced(event, position, hash_)
        else:
            self.consistency.apply(event, self.standings.apply(event, position, hash_))

    def _advanced(self, event: ContestantsAdvanced, position: int, hash_: str) -> None:
        before = self.standings.state
        had = set(before.contestants) if before else None
        state = self.standings.apply(event, position, hash_)
        self.consistency.apply(event, state)
        if had is not None and not had <= set(state.contestants):
            # a new advancement replaced contestants an earlier one brought: rebuild
            # the boards from the state (before the round starts: a small roster)
            standings = ContestStandings(state, position, self.standings.version)
            standings.anchor(position, hash_)
            self.standings = standings

    def follow(self, recorded: RecordedEvent) -> PendingSnapshot | None:
        """Apply a stored event of the contest's stream once (an event at or before
        `position` is already in, and the one at `position` gives its chain hash); the
        snapshot due after it, if one is, to be encoded later (a long contest's
        encoding takes a second: the board's follower runs it on a worker thread)."""
        if recorded.position <= self.position:
            self.standings.anchor(recorded.position, recorded.hash)
            return None
        event = parse_event(recorded.type, recorded.data, position=recorded.position)
        self.apply(event, recorded.position, recorded.hash)
        return self.snapshot_later() if due(recorded.stream_version, event) else None

    @overload
    def document(self, view: View, grouping: ByField) -> StandingsDocument[GroupRowDoc]: ...

    @overload
    def document(
        self, view: View, grouping: ByVenue | None = None
    ) -> StandingsDocument[StandingsRow]: ...

    def document(self, view: View, grouping: Grouping | None = None) -> AnyStandings:
        """The DESIGN.md §5 standings document (cached until the next event), with a
        round's advancement and the published awards (`round_parts`)."""
        document = self.standings.document(view, grouping)
        state = self.state
        definition = state.definition
        if definition.round is None and definition.advancement is None and not state.awards:
            return document
        source, done = self._rounds.get((view, grouping), (None, None))
        if source is not document or done is None:
            done = cast(AnyStandings, {**document, **round_parts(state, document)})
            self._rounds[(view, grouping)] = (document, done)
        return done

    def row_for(self, contestant_id: str, view: View) -> StandingsRow | None:
        return self.standings.row_for(contestant_id, view)

    def changed_since(self, position: int, view: View) -> bool:
        return self.standings.changed_since(position, view)

    def revision(self, view: View) -> int:
        """The position at which the view last changed (see `ContestStandings`)."""
        return self.standings.revision(view)

    def progress(self, contestant_id: str, view: View) -> Progress:
        """Stage progress of one contestant (KeyError if unknown)."""
        facts, score = self.standings.board(view).entries[contestant_id]
        return progress(facts, score, self.state.definition)

    def radar(self, contestant_id: str, view: View, venue: bool = False) -> Radar:
        """The radar of one contestant against the contest's (or its venue's) cohort."""
        board_ = self.standings.board(view)
        facts, _ = board_.entries[contestant_id]
        return radar(facts, board_.cohort_of(contestant_id, venue), self.state.definition)

    def judges(self) -> list[JudgeRow]:
        return self.consistency.judges()

    def frozen_board(self) -> list[CompactRow]:
        """The public board in compact rows (while frozen: the frozen board)."""
        return board(self.state, "public")

    def reveal(self) -> list[RevealStep]:
        """The reveal steps from the frozen board to the final one."""
        return reveal_steps(self.state)
