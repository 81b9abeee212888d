"""A worker's skill resume: every finalized result, per-skill summary, rating, and
the rest of the worker's record: `levels` (position assessments, per skill latest
first), `training` (campaigns taken, `projections.evaluations.training_for`) and
`mentoring` (mentors, apprentices and credits, `projections.mentoring.mentoring_for`).

A result nobody assessed (no rank and no skill) says so (`assessed: false`); its
skills are absent, never 0 %, and a skill's summary counts only the contests that
assessed it.
"""

from __future__ import annotations

import math
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.projections.evaluations import training_for
from judging.projections.mentoring import mentoring_for
from judging.projections.talent.leaderboard import MODEL_JSON, rating_json
from judging.projections.talent.levels import levels_for
from judging.projections.talent.tables import ratings, results, skills

RESULT_FIELDS = (
    "contest_id",
    "contestant_id",
    "title",
    "finalized_at",
    "rank",
    "field_size",
    "percentile",
    "total_percent",
    "organization",
    "team",
    "workshop",
    "award",  # the award tier's id, None without one
    "award_name",
)


def skill_summary(history: list[tuple[str, float]]) -> dict[str, dict[str, Any]]:
    """Per skill, from (skill, percent) pairs oldest first: latest, best, mean, count."""
    by_skill: dict[str, list[float]] = {}
    for skill, value in history:
        by_skill.setdefault(skill, []).append(value)
    return {
        skill: {
            "latest": values[-1],
            "best": max(values),
            "mean": math.fsum(values) / len(values),
            "contests": len(values),
        }
        for skill, values in sorted(by_skill.items())
    }


def entry_json(row: Any, percents: dict[str, float]) -> dict[str, Any]:
    """One contest of the resume; `assessed` is false for an entry nobody marked."""
    fields = {field: getattr(row, field) for field in RESULT_FIELDS}
    return {**fields, "assessed": row.rank is not None or bool(percents), "skills": percents}


async def _contests(conn: AsyncConnection, worker_id: str) -> list[Any]:
    query = (
        sa.select(results)
        .where(results.c.worker_id == worker_id)
        .order_by(results.c.position, results.c.contestant_id)
    )
    return list(await conn.execute(query))


async def _skills(conn: AsyncConnection, worker_id: str) -> list[Any]:
    query = (
        sa.select(skills)
        .where(skills.c.worker_id == worker_id)
        .order_by(skills.c.position, skills.c.contestant_id, skills.c.skill)
    )
    return list(await conn.execute(query))


async def _rating(conn: AsyncConnection, worker_id: str) -> dict[str, Any] | None:
    row = (await conn.execute(sa.select(ratings).where(ratings.c.worker_id == worker_id))).first()
    if row is None:
        return None
    return {**rating_json(row), "model": MODEL_JSON}


def _name(contests: list[Any], mentoring: dict[str, Any], worker_id: str) -> str:
    """The name of the latest result, else one the mentoring record gives, else the id."""
    if contests:
        return str(contests[-1].name)
    for pair in [*mentoring["mentors"], *mentoring["apprentices"]]:
        if isinstance(pair, dict) and pair.get("worker_name"):
            return str(pair["worker_name"])
    return worker_id


async def resume(conn: AsyncConnection, worker_id: str) -> dict[str, Any] | None:
    """The worker's resume, or None for a worker with nothing on record."""
    contests = await _contests(conn, worker_id)
    training = await training_for(conn, worker_id)
    mentoring = await mentoring_for(conn, worker_id)
    if not contests and not training and not any(mentoring.values()):
        return None
    skill_rows = await _skills(conn, worker_id)
    per_entry: dict[tuple[str, str], dict[str, float]] = {}
    for row in skill_rows:
        per_entry.setdefault((row.contest_id, row.contestant_id), {})[row.skill] = row.percent
    entries = [
        entry_json(row, per_entry.get((row.contest_id, row.contestant_id), {})) for row in contests
    ]
    return {
        "worker_id": worker_id,
        "name": _name(contests, mentoring, worker_id),
        "rating": await _rating(conn, worker_id),
        "contests": entries,
        "skills": skill_summary([(row.skill, row.percent) for row in skill_rows]),
        "levels": await levels_for(conn, worker_id),
        "training": training,
        "mentoring": mentoring,
    }
