"""The craftsman leaderboard weighted over the sources of a worker's record.

By default the board is the contests' alone (`leaderboard.leaderboard`: openskill
points, ordered by the ordinal). Given weights, each worker's score is

    score = w_contests × contests + w_levels × levels + w_mentoring × mentoring
            + w_training × training

over these source points (each a plain number, so a weight says what one point of
that source is worth next to one craftsman point):

- `contests`: the craftsman points (0 for a worker without a rating);
- `levels`: per position standard and skill, 100 × the rung of the worker's latest
  level (初级 100, 中级 200, 高级 300 on a three-level ladder), summed;
- `mentoring`: per pair the worker mentors, the mean of its period scores (0..100),
  summed (a pair not yet assessed adds 0);
- `training`: 100 per training or course campaign the worker took part in.

Workers are those with points in a source whose weight is not 0; ordered by score,
highest first, ties by worker id. Each row lists its source points (`sources`).
Weights of 1, 0, 0, 0 are today's board, served by `leaderboard.leaderboard` itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.projections.evaluations import TRAINING_KINDS, campaigns, participants
from judging.projections.mentoring import assessments, pairs
from judging.projections.talent.leaderboard import MODEL_JSON, leaderboard, points, rating_json
from judging.projections.talent.tables import levels, ratings, results

SOURCES = ("contests", "levels", "mentoring", "training")
LEVEL_POINTS = 100.0  # per rung of a latest level
TRAINING_POINTS = 100.0  # per training taken


@dataclass(frozen=True, slots=True)
class Weights:
    contests: float = 1.0
    levels: float = 0.0
    mentoring: float = 0.0
    training: float = 0.0

    @property
    def is_default(self) -> bool:
        return self == Weights()

    def as_dict(self) -> dict[str, float]:
        return {source: getattr(self, source) for source in SOURCES}


def score(weights: Weights, sources: Mapping[str, float]) -> float:
    """The weighted sum of a worker's source points (a source absent is 0)."""
    return math.fsum(getattr(weights, s) * sources.get(s, 0.0) for s in SOURCES)


def ranked(
    weights: Weights, by_source: Mapping[str, Mapping[str, float]]
) -> list[tuple[str, float, dict[str, float]]]:
    """(worker, score, source points) of every worker with points in a weighted source,
    highest score first, ties by worker id."""
    workers = {w for s in SOURCES if getattr(weights, s) for w in by_source.get(s, {})}
    rows = []
    for worker in workers:
        own = {s: float(by_source.get(s, {}).get(worker, 0.0)) for s in SOURCES}
        rows.append((worker, score(weights, own), own))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


async def _contest_points(conn: AsyncConnection) -> dict[str, float]:
    query = sa.select(ratings.c.worker_id, ratings.c.ordinal)
    return {row.worker_id: points(row.ordinal) for row in await conn.execute(query)}


async def _level_points(conn: AsyncConnection) -> dict[str, float]:
    query = sa.select(levels.c.worker_id, levels.c.standard_id, levels.c.skill, levels.c.rank)
    latest: dict[tuple[str, str, str], int] = {}
    for row in await conn.execute(query.order_by(levels.c.position)):
        latest[(row.worker_id, row.standard_id, row.skill)] = row.rank
    found: dict[str, float] = {}
    for (worker, _, _), rank in latest.items():
        found[worker] = found.get(worker, 0.0) + LEVEL_POINTS * rank
    return found


async def _mentoring_points(conn: AsyncConnection) -> dict[str, float]:
    mean = sa.func.coalesce(sa.func.avg(assessments.c.score), 0.0)
    join = pairs.outerjoin(
        assessments,
        sa.and_(
            assessments.c.programme_id == pairs.c.programme_id,
            assessments.c.pair_id == pairs.c.pair_id,
        ),
    )
    query = (
        sa.select(pairs.c.mentor_id, mean.label("mean"))
        .select_from(join)
        .group_by(pairs.c.programme_id, pairs.c.pair_id, pairs.c.mentor_id)
    )
    found: dict[str, float] = {}
    for row in await conn.execute(query):
        found[row.mentor_id] = found.get(row.mentor_id, 0.0) + float(row.mean)
    return found


async def _training_points(conn: AsyncConnection) -> dict[str, float]:
    query = (
        sa.select(participants.c.worker_id, sa.func.count().label("taken"))
        .join(campaigns, campaigns.c.campaign_id == participants.c.campaign_id)
        .where(campaigns.c.kind.in_(TRAINING_KINDS))
        .group_by(participants.c.worker_id)
    )
    return {row.worker_id: TRAINING_POINTS * row.taken for row in await conn.execute(query)}


READERS = {
    "contests": _contest_points,
    "levels": _level_points,
    "mentoring": _mentoring_points,
    "training": _training_points,
}


async def _names(conn: AsyncConnection, workers: list[str]) -> dict[str, str]:
    """Each worker's name: of the latest result, else as a mentoring pair spells it."""
    names: dict[str, str] = {}
    for side in ("mentor", "apprentice"):
        query = sa.select(pairs.c[f"{side}_id"], pairs.c[f"{side}_name"]).where(
            pairs.c[f"{side}_id"].in_(workers)
        )
        names.update({wid: name for wid, name in await conn.execute(query) if name})
    query = (
        sa.select(results.c.worker_id, results.c.name)
        .where(results.c.worker_id.in_(workers))
        .order_by(results.c.position)
    )
    names.update({wid: name for wid, name in await conn.execute(query)})
    return names


async def weighted_leaderboard(
    conn: AsyncConnection, weights: Weights, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """The board under `weights`: `{total, model, weights, rows}`; today's board for the
    default weights (plus `weights`)."""
    if weights.is_default:
        return {**await leaderboard(conn, limit, offset), "weights": weights.as_dict()}
    by_source = {s: await READERS[s](conn) for s in SOURCES if getattr(weights, s)}
    rows = ranked(weights, by_source)
    page = rows[offset : offset + limit]
    workers = [worker for worker, _, _ in page]
    names = await _names(conn, workers)
    query = sa.select(ratings).where(ratings.c.worker_id.in_(workers))
    rated = {row.worker_id: rating_json(row) for row in await conn.execute(query)}
    return {
        "total": len(rows),
        "model": MODEL_JSON,
        "weights": weights.as_dict(),
        "rows": [
            {
                "rank": offset + index + 1,
                "worker_id": worker,
                "name": names.get(worker, worker),
                "score": round(total, 1),
                "sources": own,
                **rated.get(worker, {"points": None, "contests": 0, "best_rank": None}),
            }
            for index, (worker, total, own) in enumerate(page)
        ],
    }
