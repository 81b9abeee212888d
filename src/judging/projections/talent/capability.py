"""Capability analysis: how a team, workshop or organization measures up to a standard.

Per group and skill: the mean percent of its workers' latest results in that skill,
and against a position standard, `gap = mean - required` (negative: below standard).
A worker belongs to the group of their latest contest result.

"Not assessed" is not 0 %: a worker whose latest results never assessed a skill
counts in the group (`workers`) but not in that skill's mean; the skill row says how
many workers it was assessed for (`workers`) and for how many it was not
(`not_assessed`). Each group lists its `members` (name and latest percent per
skill) for a drill-down from the group to a worker's resume; `contests` names the
contests the table was made from (their definitions name the skills). A table reads
only each worker's latest rows, kept as each contest is finalized (`talent.latest`):
its cost follows the workers on record, not the contests behind them. `levels`
counts, per position standard with levels (the one asked for, else all), the workers
holding each level per skill and for the position (`levels.level_counts`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.domain.standards import StandardDefined
from judging.projections.talent.levels import level_counts
from judging.projections.talent.tables import latest, latest_skills, standards

GroupBy = Literal["team", "workshop", "organization"]


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


def _member_rows(
    workers: Sequence[str], names: Mapping[str, str], percents: Mapping[str, dict[str, float]]
) -> list[dict[str, Any]]:
    rows = [
        {
            "worker_id": w,
            "name": names.get(w, w),
            "skills": dict(sorted(percents.get(w, {}).items())),
        }
        for w in workers
    ]
    return sorted(rows, key=lambda r: (r["name"], r["worker_id"]))


def group_rows(
    groups: Mapping[str, str | None],
    names: Mapping[str, str],
    percents: Mapping[str, dict[str, float]],
    required: Mapping[str, float] | None,
) -> list[dict[str, Any]]:
    """Per group (sorted, no group last): its workers, members and per-skill means and
    gaps, from each worker's latest group, name and latest percent per skill."""
    members: dict[str | None, list[str]] = {}
    for worker, group in groups.items():
        members.setdefault(group, []).append(worker)
    rows = []
    for group in sorted(members, key=lambda g: (g is None, g or "")):
        workers = members[group]
        seen = sorted({skill for w in workers for skill in percents.get(w, {})})
        wanted = list(required) if required is not None else seen
        skill_rows = [
            _skill_row(
                skill,
                [percents[w][skill] for w in workers if skill in percents.get(w, {})],
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


async def _latest(
    conn: AsyncConnection, by: GroupBy
) -> tuple[dict[str, str | None], dict[str, str], dict[str, dict[str, float]], list[str]]:
    """Each worker's latest group and name, latest percent per skill, and the contests
    those come from (oldest first)."""
    groups: dict[str, str | None] = {}
    names: dict[str, str] = {}
    sources: dict[str, int] = {}
    query = sa.select(latest.c.worker_id, latest.c[by], latest.c.name, latest.c.contest_id,
                      latest.c.position)  # fmt: skip
    for worker, group, name, contest, position in await conn.execute(query):
        groups[worker], names[worker] = group, name
        sources[contest] = position
    percents: dict[str, dict[str, float]] = {}
    query = sa.select(
        latest_skills.c.worker_id,
        latest_skills.c.skill,
        latest_skills.c.percent,
        latest_skills.c.contest_id,
        latest_skills.c.position,
    )
    for worker, skill, percent, contest, position in await conn.execute(query):
        percents.setdefault(worker, {})[skill] = percent
        sources[contest] = position
    contests = sorted(sources, key=lambda contest: (sources[contest], contest))
    return groups, names, percents, contests


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
    groups, names, percents, contests = await _latest(conn, by)
    return {
        "by": by,
        "standard": standard,
        "contests": contests,
        "groups": group_rows(groups, names, percents, required),
        "levels": await level_counts(conn, standard_id),
    }
