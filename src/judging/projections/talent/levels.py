"""Position assessment levels: granted when a contest of kind `assessment` is finalized.

Which standard an assessment assesses follows from its skills: every criterion skill
tag that a position standard with levels requires is measured against that standard's
ladder, so one assessment may grant levels of several standards (a definition names
no standard). Per worker, standard and skill the percent of the worker's best entry
grants the highest level whose minimum it reaches (`judging.domain.standards.level_for`);
a percent below the lowest level grants nothing, and a skill not assessed (no percent)
grants nothing either. The standards are those known when the contest was finalized
(the projection folds in log order), so a rebuild grants the same levels.

Reads: a worker's levels over time per skill (the resume), and per standard the number
of workers holding each level, per skill and for the position as a whole (the
capability view). A worker's level for the position is the lowest of their latest
levels in the skills the standard requires, and only once every one of them was
granted a level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.domain.standards import Level, level_for
from judging.projections.talent.contest_results import ContestResult
from judging.projections.talent.latest import keep_latest_levels
from judging.projections.talent.tables import latest_levels, levels, standards


@dataclass(frozen=True, slots=True)
class Ladder:
    """A standard as the levels need it: its id, name, required skills and ladder."""

    id: str
    name: str
    required: Mapping[str, float]
    levels: Sequence[Level]


@dataclass(frozen=True, slots=True)
class Grant:
    worker_id: str
    standard_id: str
    skill: str
    level: Level
    rank: int  # the level's place in its ladder, 1 = lowest
    percent: float


def grants(results: Iterable[ContestResult], ladders: Iterable[Ladder]) -> list[Grant]:
    """The levels one assessment's results grant: per worker, standard and covered
    skill, from the worker's best percent in that skill; sorted for stable writes."""
    best: dict[tuple[str, str], float] = {}
    for result in results:
        for skill, value in result.skills.items():
            key = (result.worker_id, skill)
            best[key] = max(value, best.get(key, value))
    found = []
    for ladder in ladders:
        for (worker, skill), value in best.items():
            if skill not in ladder.required:
                continue
            level = level_for(ladder.levels, value)
            if level is not None:
                rank = list(ladder.levels).index(level) + 1
                found.append(Grant(worker, ladder.id, skill, level, rank, value))
    return sorted(found, key=lambda g: (g.worker_id, g.standard_id, g.skill))


def _ladder(row: Any) -> Ladder:
    ladder = tuple(Level.model_validate(level) for level in row.levels or ())
    return Ladder(row.id, row.name, dict(row.required), ladder)


async def ladders(conn: AsyncConnection, ids: Sequence[str] | None = None) -> list[Ladder]:
    """The standards that have levels (all, or those of `ids`), sorted by id."""
    query = sa.select(standards).order_by(standards.c.id)
    if ids is not None:
        query = query.where(standards.c.id.in_(ids))
    return [ladder for ladder in map(_ladder, await conn.execute(query)) if ladder.levels]


async def grant_levels(
    conn: AsyncConnection, results: Sequence[ContestResult], position: int
) -> None:
    """Write the levels a finalized assessment grants (replacing any it granted before),
    and the latest levels of the workers it granted them to (`talent.latest`)."""
    workers = {result.worker_id for result in results}
    for contest_id in {result.contest_id for result in results}:
        before = sa.select(levels.c.worker_id).where(levels.c.contest_id == contest_id)
        workers.update(await conn.scalars(before))
        await conn.execute(sa.delete(levels).where(levels.c.contest_id == contest_id))
    if results:
        await _insert_grants(conn, results, position)
    await keep_latest_levels(conn, workers)


async def _insert_grants(
    conn: AsyncConnection, results: Sequence[ContestResult], position: int
) -> None:
    first = results[0]
    rows = [
        {
            "worker_id": grant.worker_id,
            "standard_id": grant.standard_id,
            "skill": grant.skill,
            "contest_id": first.contest_id,
            "level_id": grant.level.id,
            "level_name": grant.level.name,
            "rank": grant.rank,
            "percent": grant.percent,
            "granted_at": first.finalized_at,
            "position": position,
        }
        for grant in grants(results, await ladders(conn))
    ]
    if rows:
        await conn.execute(sa.insert(levels), rows)


async def levels_for(conn: AsyncConnection, worker_id: str) -> list[dict[str, Any]]:
    """The worker's levels: per standard and skill (sorted), every grant latest first."""
    query = (
        sa.select(levels, standards.c.name.label("standard_name"))
        .select_from(levels.outerjoin(standards, standards.c.id == levels.c.standard_id))
        .where(levels.c.worker_id == worker_id)
        .order_by(levels.c.standard_id, levels.c.skill, levels.c.position.desc())
    )
    sections: dict[tuple[str, str], dict[str, Any]] = {}
    for row in await conn.execute(query):
        key = (row.standard_id, row.skill)
        section = sections.setdefault(
            key,
            {
                "standard_id": row.standard_id,
                "standard_name": row.standard_name or row.standard_id,
                "skill": row.skill,
                "history": [],
            },
        )
        section["history"].append(
            {
                "level_id": row.level_id,
                "level_name": row.level_name,
                "rank": row.rank,
                "percent": row.percent,
                "contest_id": row.contest_id,
                "granted_at": row.granted_at,
            }
        )
    return [{**s, "latest": s["history"][0]} for s in sections.values()]


def count_levels(
    ladder: Ladder, latest: Mapping[tuple[str, str], str], workers: Iterable[str]
) -> dict[str, Any]:
    """One standard's counts from each (worker, skill)'s latest level id: per skill,
    and for the position (the lowest level over all required skills)."""
    order = {level.id: index for index, level in enumerate(ladder.levels)}
    zero = {level.id: 0 for level in ladder.levels}
    per_skill = {skill: dict(zero) for skill in ladder.required}
    position = dict(zero)
    partial = 0
    for worker in sorted(set(workers)):
        held = [latest.get((worker, skill)) for skill in ladder.required]
        for skill, level_id in zip(ladder.required, held, strict=True):
            if level_id in order:
                per_skill[skill][level_id] += 1
        known = [level_id for level_id in held if level_id in order]
        if known and len(known) == len(held):
            position[min(known, key=lambda level_id: order[level_id])] += 1
        elif known:
            partial += 1
    return {
        "standard_id": ladder.id,
        "name": ladder.name,
        "levels": [level.model_dump(mode="json") for level in ladder.levels],
        "position": position,
        "partial": partial,
        "skills": [{"skill": skill, "counts": counts} for skill, counts in per_skill.items()],
    }


async def level_counts(
    conn: AsyncConnection, standard_id: str | None = None, workers: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """Per standard with levels (or only `standard_id`), workers per level; only the
    `workers` given, when given."""
    chosen = await ladders(conn, None if standard_id is None else [standard_id])
    wanted = None if workers is None else set(workers)
    counts = []
    for ladder in chosen:
        query = sa.select(
            latest_levels.c.worker_id, latest_levels.c.skill, latest_levels.c.level_id
        ).where(latest_levels.c.standard_id == ladder.id)
        latest: dict[tuple[str, str], str] = {}
        for row in await conn.execute(query):
            if wanted is None or row.worker_id in wanted:
                latest[(row.worker_id, row.skill)] = row.level_id
        counts.append(count_levels(ladder, latest, {worker for worker, _ in latest}))
    return counts
