"""The cross-contest craftsman leaderboard: openskill ratings, ranked by ordinal.

Each finalized contest is one match (PlackettLuce), its ranked workers ordered by
rank, ties sharing a rank; a worker's rating carries over from contest to contest
in finalize order. Unranked entries (withdrawn, disqualified, never assessed) do not
play; a worker with several entries plays once, with the best one. Deterministic: the
same matches in the same order give the same floats.

What people see is **craftsman points**, `500 + 20 × (μ − 3σ)` rounded, never below 0:
μ is the model's estimate of a worker's skill and σ its uncertainty, so μ − 3σ (the
"ordinal", kept in the JSON) is the skill the worker has with 99.7 % confidence. A
newcomer (μ = 25, σ = 25/3) has 500; points grow with wins against strong fields and
with the number of contests (σ shrinks). The order is the ordinal's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from openskill.models import PlackettLuce
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.projections.talent.contest_results import ContestResult
from judging.projections.talent.tables import ratings

MODEL = PlackettLuce()
POINTS_BASE = 500.0
POINTS_SCALE = 20.0
MODEL_JSON = {
    "name": "openskill",
    "model": "PlackettLuce",
    "points": "max(0, 500 + 20 × (mu − 3 × sigma))",
    "initial": {"mu": MODEL.mu, "sigma": MODEL.sigma, "points": POINTS_BASE},
}


def points(ordinal: float) -> float:
    """Craftsman points of an ordinal (μ − 3σ): non-negative, 500 for a newcomer."""
    return round(max(0.0, POINTS_BASE + POINTS_SCALE * ordinal), 1)


@dataclass(frozen=True, slots=True)
class Rating:
    mu: float
    sigma: float

    @property
    def ordinal(self) -> float:
        return self.mu - 3 * self.sigma

    @property
    def points(self) -> float:
        return points(self.ordinal)


def initial() -> Rating:
    return Rating(MODEL.mu, MODEL.sigma)


def match(results: Sequence[ContestResult]) -> dict[str, int]:
    """Worker id -> rank in one contest: ranked workers only, best entry each."""
    best: dict[str, int] = {}
    for result in results:
        if result.rank is not None and result.rank < best.get(result.worker_id, result.rank + 1):
            best[result.worker_id] = result.rank
    return best


def rate(current: Mapping[str, Rating], ranks: Mapping[str, int]) -> dict[str, Rating]:
    """The new ratings of the workers of one match (a match needs two of them)."""
    if len(ranks) < 2:
        return {worker: current.get(worker, initial()) for worker in ranks}
    workers = sorted(ranks)
    teams = [[_model_rating(current.get(worker, initial()))] for worker in workers]
    rated = MODEL.rate(teams, ranks=[float(ranks[worker]) for worker in workers])
    return {w: Rating(team[0].mu, team[0].sigma) for w, team in zip(workers, rated, strict=True)}


def _model_rating(rating: Rating) -> Any:
    return MODEL.rating(mu=rating.mu, sigma=rating.sigma)


async def _current(conn: AsyncConnection, workers: Sequence[str]) -> dict[str, Any]:
    query = sa.select(ratings).where(ratings.c.worker_id.in_(workers))
    return {row.worker_id: row for row in await conn.execute(query)}


async def record_match(
    conn: AsyncConnection, results: Sequence[ContestResult], position: int
) -> None:
    """Rate one finalized contest and write its workers' new ratings."""
    ranks = match(results)
    names = {r.worker_id: r.name for r in results}
    rows = await _current(conn, sorted(ranks))
    current = {w: Rating(row.mu, row.sigma) for w, row in rows.items()}
    for worker, new in rate(current, ranks).items():
        old = rows.get(worker)
        best = min(ranks[worker], old.best_rank) if old and old.best_rank else ranks[worker]
        values = {
            "name": names[worker],
            "mu": new.mu,
            "sigma": new.sigma,
            "ordinal": new.ordinal,
            "contests": (old.contests if old else 0) + 1,
            "best_rank": best,
            "updated_position": position,
        }
        if old is None:
            await conn.execute(sa.insert(ratings).values(worker_id=worker, **values))
        else:
            await conn.execute(
                sa.update(ratings).where(ratings.c.worker_id == worker).values(values)
            )


def rating_json(row: Any) -> dict[str, Any]:
    """A stored rating as the API shows it: the model's numbers and the points."""
    return {
        "mu": row.mu,
        "sigma": row.sigma,
        "ordinal": row.ordinal,
        "points": points(row.ordinal),
        "contests": row.contests,
        "best_rank": row.best_rank,
    }


def _row_json(rank: int, row: Any) -> dict[str, Any]:
    return {"rank": rank, "worker_id": row.worker_id, "name": row.name, **rating_json(row)}


async def leaderboard(conn: AsyncConnection, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """`{"total": n, "model": {...}, "rows": [...]}`: workers by ordinal, highest first
    (ties by id); `model` names the rating model and how points are made."""
    total = (await conn.execute(sa.select(sa.func.count()).select_from(ratings))).scalar_one()
    query = (
        sa.select(ratings)
        .order_by(ratings.c.ordinal.desc(), ratings.c.worker_id)
        .limit(limit)
        .offset(offset)
    )
    rows = list(await conn.execute(query))
    return {
        "total": total,
        "model": MODEL_JSON,
        "rows": [_row_json(offset + i + 1, r) for i, r in enumerate(rows)],
    }
