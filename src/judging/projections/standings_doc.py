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

A round adds `round: {event, order}` and `advancement: {rule, to, contestants, cut,
projected}`; a contest with published awards adds `award: {id, name}` to each awarded
row (`round_parts`). A contest with neither keeps the document as it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypedDict, TypeVar, cast, final

from judging.domain.advancement import advancing
from judging.domain.awards import placed
from judging.domain.facts import Status, View
from judging.domain.groups import GroupRow
from judging.domain.marking import display
from judging.domain.ranking import RankedRow
from judging.domain.scoring import Minutes, Score
from judging.domain.state import ContestState, Lifecycle


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


# -- rounds and awards: what a round's document adds -----------------------------------


class CutDoc(TypedDict):
    place: int | None  # the last advancing place (None: by group, or nobody)
    score: float | None  # the lowest advancing score (the total, or stages cleared)


class AdvancementDoc(TypedDict):
    """Who goes on: `projected` from the current result until the organizer advanced
    (then `to` names the next round and `contestants` those it took)."""

    rule: dict[str, Any]
    to: str | None
    contestants: list[str]
    cut: CutDoc
    projected: bool


class RoundDoc(TypedDict):
    event: str
    order: int


class AwardDoc(TypedDict):
    id: str
    name: str


def round_parts(state: ContestState, document: AnyStandings) -> dict[str, Any]:
    """The keys a round or an awarding contest adds to its standings document:
    `round`, `advancement` and, once awards are published, an `award` per row. Empty
    for a contest that has none of these (its document stays as it was)."""
    definition = state.definition
    parts: dict[str, Any] = {}
    if definition.round is not None:
        parts["round"] = RoundDoc(event=definition.round.event, order=definition.round.order)
    if definition.advancement is not None or state.advanced:
        parts["advancement"] = advancement_doc(state)
    group = document["group"]
    individuals = group is None or group.startswith("venue:")  # not groups' rows
    if state.awards and individuals:
        names = {tier.id: tier.name for tier in definition.awards}
        given = {award.contestant_id: award.award_id for award in state.awards}
        rows: list[Any] = []
        row: dict[str, Any]
        for row in cast(list[dict[str, Any]], document["rows"]):
            award = given.get(row["contestant_id"])
            if award is None:
                rows.append(row)
            else:
                rows.append({**row, "award": AwardDoc(id=award, name=names.get(award, award))})
        parts["rows"] = rows
    return parts


def advancement_doc(state: ContestState) -> AdvancementDoc:
    """The advancement of a round: as done (the latest target), or as projected."""
    rule = state.definition.advancement
    rule_doc = rule.model_dump(mode="json", exclude_none=True) if rule is not None else {}
    if state.advanced:
        to, ids = list(state.advanced.items())[-1]
        by_id = {entry.contestant_id: entry for entry in placed(state)}
        through = [by_id[cid] for cid in ids if cid in by_id]
        cut: CutDoc = {
            "place": max((entry.place for entry in through), default=None),
            "score": min((entry.score for entry in through), default=None),
        }
        return {"rule": rule_doc, "to": to, "contestants": ids, "cut": cut, "projected": False}
    chosen = advancing(state)
    cut = {"place": chosen.cut.place, "score": chosen.cut.score}
    return {
        "rule": rule_doc,
        "to": None,
        "contestants": chosen.contestants,
        "cut": cut,
        "projected": True,
    }
