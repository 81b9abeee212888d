"""The non-incremental reference the standings fold is checked against (a test oracle).

Every entry is scored and ranked from scratch with the domain's `rank`, `venue_rows`
and `group_rows`, then shaped with the projection's row builders, so a difference
can only come from the incremental bookkeeping (`ContestStandings`, `ViewBoard`).
"""

from __future__ import annotations

from typing import Any

from judging.domain.board import entry_facts
from judging.domain.facts import View
from judging.domain.groups import ByVenue, group_rows, parse_grouping, venue_rows
from judging.domain.ranking import rank
from judging.domain.scoring import score
from judging.domain.state import ContestState
from judging.projections.standings_doc import group_row, lifecycle_doc, standings_row


def reference_document(
    state: ContestState, view: View, position: int, group: str | None = None
) -> dict[str, Any]:
    """The §5 standings document of a state, ranked from scratch."""
    grouping = parse_grouping(group)
    definition = state.definition
    entries = [(facts, score(facts, definition)) for facts in entry_facts(state, view)]
    rows: list[Any]
    if grouping is None:
        rows = [standings_row(row) for row in rank(entries, definition)]
    elif isinstance(grouping, ByVenue):
        rows = [standings_row(row) for row in venue_rows(entries, definition, grouping.venue)]
    else:
        rows = [group_row(row) for row in group_rows(entries, definition, grouping.field)]
    return {
        "contest_id": definition.id,
        "position": position,
        "view": view,
        "group": group,
        "state": lifecycle_doc(state.lifecycle),
        "rows": rows,
    }
