"""What the hub and the read routes show, rendered from the live projection.

`LiveBoardSource.render(key)` is the hub's `BoardSource`: the log position the
live projection has applied and the key's document. Documents:

- `standings`: the DESIGN.md §5 standings document of the view (and grouping);
- `contestant`: one contestant's row, radar and stage progress;
- `progress`: every contestant's stage progress, in ranking order.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, TypedDict

from judging.domain.facts import View
from judging.domain.groups import parse_grouping
from judging.live.hub import BoardFailed, BoardKey
from judging.projections.contest_board import ContestBoard
from judging.projections.live_boards import LiveBoards
from judging.projections.progress import Progress
from judging.projections.radar import Radar
from judging.projections.standings_doc import AnyStandings, LifecycleDoc, StandingsRow


class Header(TypedDict):
    contest_id: str
    position: int
    view: View
    state: LifecycleDoc


class ProgressBoard(Header):
    rows: list[Progress]


class ContestantBoard(Header):
    contestant_id: str
    row: StandingsRow
    radar: Radar
    progress: Progress


def progress_board(board: ContestBoard, view: View) -> ProgressBoard:
    """`{"contest_id", "position", "view", "state", "rows": [progress per contestant]}`."""
    document = board.document(view)
    rows = [board.progress(row["contestant_id"], view) for row in document["rows"]]
    return {**_header(document), "rows": rows}


def contestant_board(board: ContestBoard, contestant_id: str, view: View) -> ContestantBoard:
    """`{"contest_id", "position", "view", "state", "contestant_id", "row", "radar",
    "progress"}`; KeyError for an unknown contestant."""
    row = board.row_for(contestant_id, view)
    if row is None:
        raise KeyError(contestant_id)
    return {
        **_header(board.document(view)),
        "contestant_id": contestant_id,
        "row": row,
        "radar": board.radar(contestant_id, view),
        "progress": board.progress(contestant_id, view),
    }


def _header(document: AnyStandings) -> Header:
    return {
        "contest_id": document["contest_id"],
        "position": document["position"],
        "view": document["view"],
        "state": document["state"],
    }


def _view(key: BoardKey) -> View | None:
    views: dict[str, View] = {"public": "public", "live": "live", "screen": "screen"}
    return views.get(key.view)


class LiveBoardSource:
    def __init__(self, boards: LiveBoards) -> None:
        self._boards = boards

    def render(self, key: BoardKey) -> tuple[int, Any] | None:
        board = self._boards.loaded(key.contest_id)
        view = _view(key)
        if board is None or view is None:
            return None
        position = self._boards.position
        try:
            document = self._document(board, key, view)
        except (KeyError, LookupError, ValueError):
            return None
        except Exception as error:
            raise BoardFailed(key, position) from error
        return position, document

    def revision(self, key: BoardKey) -> Hashable | None:
        """The position at which the key's view last changed. Every document of a view
        (rows, groups, radar cohorts, progress, lifecycle state) is a function of the
        view's entries and the lifecycle, and the view's revision moves with both (the
        board re-computes what the events since the last read touched first)."""
        board = self._boards.loaded(key.contest_id)
        view = _view(key)
        if board is None or view is None:
            return None
        return board.revision(view)

    def _document(self, board: ContestBoard, key: BoardKey, view: View) -> Any:
        if key.kind == "standings":
            return board.document(view, parse_grouping(key.subject))
        if key.kind == "progress":
            return progress_board(board, view)
        if key.kind == "contestant" and key.subject is not None:
            return contestant_board(board, key.subject, view)
        raise KeyError(key.kind)
