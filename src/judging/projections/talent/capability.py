"""Capability analysis: how a team, workshop or organization measures up to a standard.

Per group and skill: the mean percent of its workers' latest results in that skill,
and against a position standard, `gap = mean - required` (negative: below standard).
A worker belongs to the group of their latest contest result.

"Not assessed" is not 0 %: a worker whose latest results never assessed a skill
counts in the group (`workers`) but not in that skill's mean; the skill row says how
many workers it was assessed for (`workers`) and for how many it was not
(`not_assessed`). Each group lists its `members` (name and latest percent per
skill) for a drill-down from the group to a worker's resume; `contests` names the
contests the table was made from (their definitions name the skills). `levels`
counts, per position standard with levels (the one asked for, else all), the workers
holding each level per skill and for the position (`levels.level_counts`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.domain.standards import StandardDefined
from judging.projections.talent.levels import level_counts
from judging.projections.talent.tables import results, skills, standards

GroupBy = Literal["team", "workshop", "organization"]


@dataclass(frozen=True, slots=True)
class Sample:
    """One skill result of one worker (no skill: a result that assessed none), with
    the group of that worker's entry."""

    worker_id: str
    skill: str | None
    percent: float | None
    position: int
    contestant_id: str
    group: str | None
    name: str | None = None
    contest_id: str | None = None


def latest(samples: Iterable[Sample]) -> tuple[dict[str, str | None], dict[str, dict[str, float]]]:
    """Each worker's latest group, and each worker's latest percent per skill."""
    ordered = sorted(samples, key=lambda s: (s.position, s.contestant_id))
    groups: dict[str, str | None] = {}
    percents: dict[str, dict[str, float]] = {}
    for sample in ordered:
        groups[sample.worker_id] = sample.group
        own = percents.setdefault(sample.worker_id, {})
        if sample.skill is not None and sample.percent is not None:
            own[sample.skill] = sample.percent
    return groups, percents


def _skill_row(
    skill: str, values: list[float], members: int, required: float | None
) -> dict[str, Any]:
    mean = math.fsum(values) / len(values) if values else None
    gap = mean - required if mean is not None and required is not None else None
    return {
        "skill": skill,
        "mean": mean,
        "workers": len(values),
        "not_assessed": members - len(values),
        "required": required,
        "gap": gap,
    }


def _names(samples: Iterable[Sample]) -> dict[str, str]:
    ordered = sorted(samples, key=lambda s: (s.position, s.contestant_id))
    return {s.worker_id: s.name for s in ordered if s.name is not None}


def _member_rows(
    workers: Sequence[str], names: Mapping[str, str], percents: Mapping[str, dict[str, float]]
) -> list[dict[str, Any]]:
    rows = [
        {"worker_id": w, "name": names.get(w, w), "skills": dict(sorted(percents[w].items()))}
        for w in workers
    ]
    return sorted(rows, key=lambda r: (r["name"], r["worker_id"]))


def group_rows(
    samples: Iterable[Sample], required: Mapping[str, float] | None
) -> list[dict[str, Any]]:
    """Per group (sorted, no group last): its workers, members and per-skill means and gaps."""
    samples = list(samples)
    groups, percents = latest(samples)
    names = _names(samples)
    members: dict[str | None, list[str]] = {}
    for worker, group in groups.items():
        members.setdefault(group, []).append(worker)
    rows = []
    for group in sorted(members, key=lambda g: (g is None, g or "")):
        workers = members[group]
        seen = sorted({skill for w in workers for skill in percents[w]})
        wanted = list(required) if required is not None else seen
        skill_rows = [
            _skill_row(
                skill,
                [percents[w][skill] for w in workers if skill in percents[w]],
                len(workers),
                required.get(skill) if required is not None else None,
            )
            for skill in wanted
        ]
        rows.append(
            {
                "group": group,
                "workers": len(workers),
                "skills": skill_rows,
                "members": _member_rows(workers, names, percents),
            }
        )
    return rows


async def record_standard(conn: AsyncConnection, event: StandardDefined, position: int) -> None:
    """Define or replace a standard."""
    await conn.execute(sa.delete(standards).where(standards.c.id == event.id))
    values = {
        "id": event.id,
        "name": event.name,
        "required": dict(event.required),
        "levels": [level.model_dump(mode="json") for level in event.levels],
    }
    await conn.execute(sa.insert(standards).values(**values, position=position))


async def _samples(conn: AsyncConnection, by: GroupBy) -> list[Sample]:
    """Every result with its skills (a result without any: one sample without a skill)."""
    join = results.outerjoin(
        skills,
        sa.and_(
            skills.c.contest_id == results.c.contest_id,
            skills.c.contestant_id == results.c.contestant_id,
        ),
    )
    query = sa.select(
        results.c.worker_id,
        skills.c.skill,
        skills.c.percent,
        results.c.position,
        results.c.contestant_id,
        results.c[by],
        results.c.name,
        results.c.contest_id,
    ).select_from(join)
    return [Sample(*row) for row in await conn.execute(query)]


def _contests(samples: Iterable[Sample]) -> list[str]:
    """The contests the table's percents come from, oldest first."""
    ordered = sorted(samples, key=lambda s: (s.position, s.contestant_id))
    return list(dict.fromkeys(s.contest_id for s in ordered if s.contest_id is not None))


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
        standard = {
            "id": found.id,
            "name": found.name,
            "required": dict(found.required),
            "levels": list(found.levels or ()),
        }
    required = standard["required"] if standard is not None else None
    samples = await _samples(conn, by)
    groups = group_rows(samples, required)
    return {
        "by": by,
        "standard": standard,
        "contests": _contests(samples),
        "groups": groups,
        "levels": await level_counts(conn, standard_id),
    }
