"""Capability analysis: how a team, workshop or organization measures up to a standard.

Per group and skill: the mean percent of its workers' latest results in that skill,
and against a position standard, `gap = mean - required` (negative: below standard).
A worker belongs to the group of their latest contest result.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.domain.standards import StandardDefined
from judging.projections.talent.tables import results, skills, standards

GroupBy = Literal["team", "workshop", "organization"]


@dataclass(frozen=True, slots=True)
class Sample:
    """One skill result of one worker, with the group of that worker's entry."""

    worker_id: str
    skill: str
    percent: float
    position: int
    contestant_id: str
    group: str | None


def latest(samples: Iterable[Sample]) -> tuple[dict[str, str | None], dict[str, dict[str, float]]]:
    """Each worker's latest group, and each worker's latest percent per skill."""
    ordered = sorted(samples, key=lambda s: (s.position, s.contestant_id))
    groups: dict[str, str | None] = {}
    percents: dict[str, dict[str, float]] = {}
    for sample in ordered:
        groups[sample.worker_id] = sample.group
        percents.setdefault(sample.worker_id, {})[sample.skill] = sample.percent
    return groups, percents


def _skill_row(skill: str, values: list[float], required: float | None) -> dict[str, Any]:
    mean = math.fsum(values) / len(values) if values else None
    gap = mean - required if mean is not None and required is not None else None
    return {"skill": skill, "mean": mean, "workers": len(values), "required": required, "gap": gap}


def group_rows(
    samples: Iterable[Sample], required: Mapping[str, float] | None
) -> list[dict[str, Any]]:
    """Per group (sorted, no group last): its workers and per-skill means and gaps."""
    groups, percents = latest(samples)
    members: dict[str | None, list[str]] = {}
    for worker, group in groups.items():
        members.setdefault(group, []).append(worker)
    rows = []
    for group in sorted(members, key=lambda g: (g is None, g or "")):
        workers = members[group]
        seen = sorted({skill for w in workers for skill in percents[w]})
        names = list(required) if required is not None else seen
        skill_rows = [
            _skill_row(
                skill,
                [percents[w][skill] for w in workers if skill in percents[w]],
                required.get(skill) if required is not None else None,
            )
            for skill in names
        ]
        rows.append({"group": group, "workers": len(workers), "skills": skill_rows})
    return rows


async def record_standard(conn: AsyncConnection, event: StandardDefined, position: int) -> None:
    """Define or replace a standard."""
    await conn.execute(sa.delete(standards).where(standards.c.id == event.id))
    values = {"id": event.id, "name": event.name, "required": dict(event.required)}
    await conn.execute(sa.insert(standards).values(**values, position=position))


async def _samples(conn: AsyncConnection, by: GroupBy) -> list[Sample]:
    join = skills.join(
        results,
        sa.and_(
            skills.c.contest_id == results.c.contest_id,
            skills.c.contestant_id == results.c.contestant_id,
        ),
    )
    query = sa.select(
        skills.c.worker_id,
        skills.c.skill,
        skills.c.percent,
        skills.c.position,
        skills.c.contestant_id,
        results.c[by],
    ).select_from(join)
    return [Sample(*row) for row in await conn.execute(query)]


async def capability(
    conn: AsyncConnection, by: GroupBy, standard_id: str | None = None
) -> dict[str, Any] | None:
    """The capability table grouped `by`; None when `standard_id` is unknown."""
    standard = None
    if standard_id is not None:
        query = sa.select(standards).where(standards.c.id == standard_id)
        found = (await conn.execute(query)).first()
        if found is None:
            return None
        standard = {"id": found.id, "name": found.name, "required": dict(found.required)}
    required = standard["required"] if standard is not None else None
    groups = group_rows(await _samples(conn, by), required)
    return {"by": by, "standard": standard, "groups": groups}
