"""Every live read model of one contest, behind one `apply` and a few queries.

Standings (both views, venues, groups), stage progress and radar come from the
incremental `ContestStandings`; judge consistency is its own fold; the frozen
board and the reveal are computed on demand from the contest state (rare reads).
"""

from __future__ import annotations

from typing import overload

from judging.domain.events import Event, parse_event
from judging.domain.facts import View
from judging.domain.groups import ByField, ByVenue, Grouping
from judging.domain.state import ContestState
from judging.projections.freeze import CompactRow, RevealStep, board, reveal_steps
from judging.projections.judges import JudgeConsistency, JudgeRow
from judging.projections.progress import Progress, progress
from judging.projections.radar import Radar, radar
from judging.projections.standings import ContestStandings
from judging.projections.standings_doc import (
    AnyStandings,
    GroupRowDoc,
    StandingsDocument,
    StandingsRow,
)
from judging.store import RecordedEvent


class ContestBoard:
    """The read models of one contest; `position` is its last event's log position."""

    def __init__(self) -> None:
        self.standings = ContestStandings()
        self.consistency = JudgeConsistency()

    @property
    def position(self) -> int:
        return self.standings.position

    @property
    def version(self) -> int:
        """How many events were applied: changes whenever the contest does."""
        return self.standings.version

    @property
    def state(self) -> ContestState:
        """The contest state (LookupError before the contest is defined)."""
        return self.standings.defined()

    def apply(self, event: Event, position: int) -> None:
        self.standings.apply(event, position)
        self.consistency.apply(event)

    def follow(self, recorded: RecordedEvent) -> None:
        """Apply a stored event of the contest's stream, once: an event at or before
        `position` is already in."""
        if recorded.position > self.position:
            self.apply(parse_event(recorded.type, recorded.data), recorded.position)

    @overload
    def document(self, view: View, grouping: ByField) -> StandingsDocument[GroupRowDoc]: ...

    @overload
    def document(
        self, view: View, grouping: ByVenue | None = None
    ) -> StandingsDocument[StandingsRow]: ...

    def document(self, view: View, grouping: Grouping | None = None) -> AnyStandings:
        """The DESIGN.md §5 standings document (cached until the next event)."""
        return self.standings.document(view, grouping)

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
