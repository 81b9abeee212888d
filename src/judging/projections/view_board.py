"""One view (public or live) of one contest's board, kept up to date per contestant.

`ViewBoard.put(facts)` re-scores one contestant and moves it in the ranked indexes
(the whole contest's and its venue's) and in the radar cohorts: O(log n), whatever
the number of contestants. Rows are read off the indexes in order; ranks come from
the index, so nothing is re-sorted per event. Inactive (withdrawn, disqualified)
entries keep their place at the end of the index, unranked, and leave the cohorts.
"""

from __future__ import annotations

from collections.abc import Iterable

from judging.domain.definition import ContestDefinition
from judging.domain.facts import EntryFacts
from judging.domain.ranking import RankedRow, ranked_row, sort_key
from judging.domain.scoring import Score, score
from judging.projections.radar import Cohort, percents
from judging.projections.standings_doc import RowBody, StandingsRow, row_body, standings_row
from judging.projections.standings_index import RankIndex

Entry = tuple[EntryFacts, Score]


class ViewBoard:
    """Entries of one view: facts and score per contestant, ranked indexes, cohorts."""

    def __init__(self, definition: ContestDefinition, facts: Iterable[EntryFacts] = ()) -> None:
        self.definition = definition
        self.entries: dict[str, Entry] = {}
        self.index = RankIndex(definition.ranking.rank_style)
        self.venues: dict[str, RankIndex] = {}
        self.cohort = Cohort(len(definition.criteria))
        self.venue_cohorts: dict[str, Cohort] = {}
        self._bodies: dict[str, RowBody] = {}  # row documents without the rank
        for one in facts:
            self.put(one)

    def put(self, facts: EntryFacts) -> bool:
        """Insert or update one contestant; False when its facts did not change."""
        cid = facts.contestant_id
        old = self.entries.get(cid)
        if old is not None and old[0] == facts:
            return False
        if old is not None and old[0].venue != facts.venue:
            self._leave_venue(cid, old[0].venue)
        entry_score = score(facts, self.definition)
        self.entries[cid] = (facts, entry_score)
        self._bodies.pop(cid, None)
        key = sort_key(entry_score, facts.status, self.definition)
        order = (facts.name, cid)
        self.index.put(cid, key, order)
        active = percents(facts, self.definition) if facts.status == "active" else None
        self.cohort.put(cid, active)
        if facts.venue is not None:
            self._venue_index(facts.venue).put(cid, key, order)
            self._venue_cohort(facts.venue).put(cid, active)
        return True

    def _venue_index(self, venue: str) -> RankIndex:
        if venue not in self.venues:
            self.venues[venue] = RankIndex(self.definition.ranking.rank_style)
        return self.venues[venue]

    def _venue_cohort(self, venue: str) -> Cohort:
        if venue not in self.venue_cohorts:
            self.venue_cohorts[venue] = Cohort(len(self.definition.criteria))
        return self.venue_cohorts[venue]

    def _leave_venue(self, cid: str, venue: str | None) -> None:
        if venue is not None:
            self.venues[venue].remove(cid)
            self.venue_cohorts[venue].put(cid, None)

    def rows(self, venue: str | None = None) -> list[RankedRow]:
        """The ranked rows of the whole view, or of one venue ranked among itself."""
        index = self.index if venue is None else self.venues.get(venue)
        if index is None:
            return []
        return [ranked_row(*self.entries[cid], rank) for rank, cid in index.ranked()]

    def row_docs(self, venue: str | None = None) -> list[StandingsRow]:
        """Every row's document, from row bodies cached per contestant until it
        changes: a document costs a dict copy per row, not a re-encoding."""
        index = self.index if venue is None else self.venues.get(venue)
        if index is None:
            return []
        return [{"rank": self._rank(cid, rank), **self._body(cid)} for rank, cid in index.ranked()]

    def _rank(self, contestant_id: str, rank: int) -> int | None:
        return rank if self.entries[contestant_id][0].status == "active" else None

    def _body(self, contestant_id: str) -> RowBody:
        body = self._bodies.get(contestant_id)
        if body is None:
            row = ranked_row(*self.entries[contestant_id], None)
            body = self._bodies[contestant_id] = row_body(row)
        return body

    def row(self, contestant_id: str, venue: bool = False) -> RankedRow | None:
        """One contestant's row, ranked in O(log n) (None if unknown)."""
        entry = self.entries.get(contestant_id)
        if entry is None:
            return None
        index = self.venues[entry[0].venue] if venue and entry[0].venue else self.index
        return ranked_row(*entry, index.rank(contestant_id))

    def row_doc(self, contestant_id: str) -> StandingsRow | None:
        row = self.row(contestant_id)
        return None if row is None else standings_row(row)

    def cohort_of(self, contestant_id: str, venue: bool = False) -> Cohort:
        facts = self.entries[contestant_id][0]
        if venue and facts.venue is not None:
            return self._venue_cohort(facts.venue)
        return self.cohort
