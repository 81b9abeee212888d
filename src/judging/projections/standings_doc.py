"""The standings document of DESIGN.md §5: its typed parts, built from domain rows.

The domain ranks and scores (`ranking.RankedRow`, `groups.GroupRow`, exact values);
this module shapes what `GET .../standings`, `judging standings --json` and the
websockets send: marks rounded for display, lifecycle times in ISO 8601. The shapes
are a contract: keys and nesting never change.

A document is `{"contest_id", "position", "head", "view", "group", "state", "rows"}`:
`head` is the log head it was built from, the position and the chain hash of the
contest's last event in it (`judging verify --expect POSITION:HASH` checks that the
log still holds it); its rows are `StandingsRow`s (individuals, of the whole contest
or of one venue) or `GroupRowDoc`s (teams, workshops or organizations ranked as
groups).
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypedDict, TypeVar, final

from judging.domain.facts import Status, View
from judging.domain.groups import GroupRow
from judging.domain.marking import display
from judging.domain.ranking import RankedRow
from judging.domain.scoring import Minutes, Score
from judging.domain.state import Lifecycle


class LifecycleDoc(TypedDict):
    started: str | None
    frozen: str | None
    ended: str | None
    thawed: str | None
    finalized: str | None


class ScoreDoc(TypedDict):
    total: float
    stages_cleared: int
    time: Minutes
    penalty_points: float
    penalty_minutes: Minutes
    last_clear: int | None


class StageDoc(TypedDict):
    cleared: bool
    time: Minutes | None
    attempts: int
    pending: int


class ScoreParts(TypedDict):
    """The `score`, `criteria` and `stages` of a row."""

    score: ScoreDoc
    criteria: dict[str, float]
    stages: dict[str, StageDoc]


class RowBody(TypedDict):
    """A row without its rank (what a board caches per contestant)."""

    contestant_id: str
    name: str
    organization: str | None
    venue: str | None
    team: str | None
    workshop: str | None
    status: Status
    provisional: bool
    score: ScoreDoc
    criteria: dict[str, float]
    stages: dict[str, StageDoc]


@final
class StandingsRow(RowBody):
    rank: int | None  # None for withdrawn and disqualified entries


class GroupScoreDoc(TypedDict):
    total: float
    stages_cleared: Minutes
    time: Minutes
    counted: int
    criteria: dict[str, float]


@final
class GroupRowDoc(TypedDict):
    rank: int | None  # None for a group without an active member
    group: str
    members: list[str]
    score: GroupScoreDoc


Row = TypeVar("Row", StandingsRow, GroupRowDoc)


class HeadDoc(TypedDict):
    """A published log head: a position and the chain hash there."""

    position: int
    hash: str


class StandingsDocument(TypedDict, Generic[Row]):
    contest_id: str
    position: int
    head: HeadDoc
    view: View
    group: str | None
    state: LifecycleDoc
    rows: list[Row]


AnyStandings = StandingsDocument[StandingsRow] | StandingsDocument[GroupRowDoc]


def score_parts(score: Score) -> ScoreParts:
    """A score as a row shows it: marks rounded to 2 decimals."""
    return {
        "score": {
            "total": display(score.total),
            "stages_cleared": score.stages_cleared,
            "time": score.time,
            "penalty_points": display(score.penalty_points),
            "penalty_minutes": score.penalty_minutes,
            "last_clear": score.last_clear,
        },
        "criteria": {cid: display(mark) for cid, mark in score.criteria.items()},
        "stages": {
            sid: {
                "cleared": stage.cleared,
                "time": stage.time,
                "attempts": stage.attempts,
                "pending": stage.pending,
            }
            for sid, stage in score.stages.items()
        },
    }


def standings_row(row: RankedRow) -> StandingsRow:
    """One individual's row (rank first, as DESIGN.md §5 shows it)."""
    return {"rank": row.rank, **row_body(row)}


def row_body(row: RankedRow) -> RowBody:
    parts = score_parts(row.score)
    return {
        "contestant_id": row.contestant_id,
        "name": row.name,
        "organization": row.organization,
        "venue": row.venue,
        "team": row.team,
        "workshop": row.workshop,
        "status": row.status,
        "provisional": row.provisional,
        "score": parts["score"],
        "criteria": parts["criteria"],
        "stages": parts["stages"],
    }


def group_row(row: GroupRow) -> GroupRowDoc:
    """One group's row: rank, group, members (in individual ranking order), score."""
    score = row.score
    return {
        "rank": row.rank,
        "group": row.group,
        "members": list(row.members),
        "score": {
            "total": display(score.total),
            "stages_cleared": score.stages_cleared,
            "time": score.time,
            "counted": score.counted,
            "criteria": {cid: display(mark) for cid, mark in score.criteria.items()},
        },
    }


def lifecycle_doc(lifecycle: Lifecycle) -> LifecycleDoc:
    return {
        "started": _iso(lifecycle.started),
        "frozen": _iso(lifecycle.frozen),
        "ended": _iso(lifecycle.ended),
        "thawed": _iso(lifecycle.thawed),
        "finalized": _iso(lifecycle.finalized),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
