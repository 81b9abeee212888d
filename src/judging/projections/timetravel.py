"""Time travel: any contest's standings as they were at any log position.

`standings_at(store, contest_id, position, view, group)` folds the contest's events
with a position up to `position` into a fresh `ContestStandings` — the same fold the
live projection runs — and returns its document, which is therefore the document
the live projection showed right after applying that position. Its `position` is
the contest's last event at or before `position` (as on the live board, whose
position is its contest's last event). The log is read in pages (`read_all`), so
memory holds one page of events at a time.
"""

from __future__ import annotations

from typing import Any

from judging.domain.events import parse_event, stream_id
from judging.domain.facts import View
from judging.projections.standings import ContestStandings
from judging.store import EventStore

PAGE = 1000


async def fold_contest_at(store: EventStore, contest_id: str, position: int) -> ContestStandings:
    """The contest's standings after every event of its stream up to `position`."""
    stream = stream_id(contest_id)
    standings = ContestStandings()
    after = 0
    while after < position:
        page = await store.read_all(after, min(PAGE, position - after))
        if not page:
            break
        for recorded in page:
            if recorded.position > position:
                return standings
            if recorded.stream_id == stream:
                standings.apply(parse_event(recorded.type, recorded.data), recorded.position)
        after = page[-1].position
    return standings


async def standings_at(
    store: EventStore, contest_id: str, position: int, view: View, group: str | None = None
) -> dict[str, Any]:
    """The §5 standings document at a log position (LookupError: not defined by then)."""
    standings = await fold_contest_at(store, contest_id, position)
    return standings.document(view, group)
