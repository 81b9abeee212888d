"""The standings document of DESIGN.md §5, built from a contest state (pure).

`standings_document(state, view, position)` is what `GET .../standings` and
`judging standings --json` return: the contest id, the log position it reflects,
the view, the lifecycle times and the ranked rows (`ranking.row_json`).
`group` is as in the API: `venue:<id>` ranks one venue's entries among themselves;
`team`, `workshop` or `organization` ranks the groups (`groups.group_json` rows).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from judging.domain.board import entry_facts
from judging.domain.facts import View
from judging.domain.groups import GroupField, group_json, group_rows, venue_rows
from judging.domain.ranking import rank, row_json
from judging.domain.scoring import score
from judging.domain.state import ContestState, Lifecycle

GROUP_FIELDS = ("team", "workshop", "organization")


def standings_document(
    state: ContestState, view: View, position: int, group: str | None = None
) -> dict[str, Any]:
    """The §5 standings JSON of a contest state at a log position."""
    return {
        "contest_id": state.definition.id,
        "position": position,
        "view": view,
        "group": group,
        "state": lifecycle_json(state.lifecycle),
        "rows": rows_json(state, view, group),
    }


def rows_json(state: ContestState, view: View, group: str | None = None) -> list[dict[str, Any]]:
    """The rows a view may see: individuals, one venue's, or groups."""
    definition = state.definition
    entries = [(facts, score(facts, definition)) for facts in entry_facts(state, view)]
    if group is None:
        return [row_json(row) for row in rank(entries, definition)]
    if group.startswith("venue:"):
        venue = group.removeprefix("venue:")
        return [row_json(row) for row in venue_rows(entries, definition, venue)]
    if group in GROUP_FIELDS:
        by = cast(GroupField, group)
        return [group_json(row) for row in group_rows(entries, definition, by)]
    raise ValueError(f"unknown group {group!r}: venue:<id>, team, workshop or organization")


def lifecycle_json(lifecycle: Lifecycle) -> dict[str, str | None]:
    return {
        "started": _iso(lifecycle.started),
        "frozen": _iso(lifecycle.frozen),
        "ended": _iso(lifecycle.ended),
        "thawed": _iso(lifecycle.thawed),
        "finalized": _iso(lifecycle.finalized),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
