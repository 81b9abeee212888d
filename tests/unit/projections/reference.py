"""What the read-model tests compare boards with, and by.

`reference_document` is the non-incremental reference the standings fold is checked
against (a test oracle): every entry is scored and ranked from scratch with the
domain's `rank`, `venue_rows` and `group_rows`, then shaped with the projection's
row builders, so a difference can only come from the incremental bookkeeping
(`ContestStandings`, `ViewBoard`). `queries` is everything a board answers.
"""

from __future__ import annotations

from typing import Any

from judging.domain.board import entry_facts
from judging.domain.facts import View, view_name
from judging.domain.groups import ByField, ByVenue, group_rows, parse_grouping, venue_rows
from judging.domain.ranking import rank
from judging.domain.scoring import score
from judging.domain.state import ContestState
from judging.projections.contest_board import ContestBoard
from judging.projections.standings import VIEWS
from judging.projections.standings_doc import group_row, lifecycle_doc, standings_row


def reference_document(
    state: ContestState, view: View, position: int, group: str | None = None, hash_: str = ""
) -> dict[str, Any]:
    """The §5 standings document of a state, ranked from scratch (`hash_`: the chain
    hash at `position`, unknown to a fold of bare events)."""
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
        "head": {"position": position, "hash": hash_},
        "view": view_name(view),
        "group": group,
        "state": lifecycle_doc(state.lifecycle),
        "rows": rows,
    }


def queries(board: ContestBoard) -> dict[str, Any]:
    """Everything a board answers."""
    ids = sorted(board.state.contestants)
    groupings = (None, ByVenue("wz"), ByField("team"))
    return {
        "position": board.position,
        "version": board.version,
        "documents": [board.document(view, g) for view in VIEWS for g in groupings],
        "progress": [board.progress(cid, view) for view in VIEWS for cid in ids],
        "radar": [board.radar(cid, view, v) for view in VIEWS for cid in ids for v in (0, 1)],
        "judges": board.judges(),
        "frozen": board.frozen_board(),
        "reveal": board.reveal(),
    }
