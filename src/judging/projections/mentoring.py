"""Mentor–apprentice programmes as a persisted projection ("mentoring"), and its reads.

Rows per programme, per pair (its mentor and apprentice, dates, state and the
weighted score of its latest assessed period) and per pair and period assessed (a
correction replaces the row and counts itself). Written by the projection runner
with its checkpoint (migration 0008, never create_all).

Mentor credit is read, not stored: an apprentice's achievements come from the
talent tables (finalized results, with their award when that column exists, and
levels granted when that table exists), and `judging.domain.mentoring.credits`
keeps those dated while a pair lasts. Another source is one more function in
`ACHIEVEMENT_SOURCES`.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.domain.events import decode
from judging.domain.mentor_credit import Achievement, Credit, PairSpan, credits
from judging.domain.mentoring import (
    PROGRAMME_EVENTS,
    STREAM_PREFIX,
    PairAgreementSigned,
    PairAssessed,
    PairEnded,
    PairFormed,
    ProgrammeDefined,
)
from judging.projections.columns import identifier, moment, position, text
from judging.projections.talent import tables as talent
from judging.store import RecordedEvent

metadata = sa.MetaData()

programmes = sa.Table(
    "mentoring_programmes",
    metadata,
    identifier("programme_id", primary_key=True),
    text("title"),
    text("organization", nullable=True),
    sa.Column("weights", sa.JSON, nullable=False),
    sa.Column("periods", sa.JSON, nullable=False),  # [{"id", "name"}], in order
    position(),
)

pairs = sa.Table(
    "mentoring_pairs",
    metadata,
    identifier("programme_id", primary_key=True),
    identifier("pair_id", primary_key=True),
    identifier("mentor_id", index=True),
    text("mentor_name", nullable=True),
    text("mentor_organization", nullable=True),
    identifier("apprentice_id", index=True),
    text("apprentice_name", nullable=True),
    text("apprentice_organization", nullable=True),
    moment("start", nullable=False),
    sa.Column("goals", sa.JSON, nullable=False),
    moment("signed_on"),
    moment("end"),
    sa.Column("state", sa.String(16), nullable=False),  # formed|active|completed|ended_early
    sa.Column("latest_period", sa.String(64), nullable=True),
    sa.Column("latest_score", sa.Double, nullable=True),
    position(),  # of the pair's last change
    position("formed_position"),  # the order pairs are listed in
)

assessments = sa.Table(
    "mentoring_assessments",
    metadata,
    identifier("programme_id", primary_key=True),
    identifier("pair_id", primary_key=True),
    identifier("period_id", primary_key=True),
    sa.Column("period_index", sa.Integer, nullable=False),
    sa.Column("kpi", sa.Double, nullable=False),
    sa.Column("improvement", sa.Double, nullable=False),
    sa.Column("attitude", sa.Double, nullable=False),
    sa.Column("score", sa.Double, nullable=False),
    identifier("assessor"),
    moment("assessed_on", nullable=False),
    sa.Column("corrections", sa.Integer, nullable=False),
    position(),
)

ALL = (programmes, pairs, assessments)
TYPES = {cls.model_fields["type"].default for cls in PROGRAMME_EVENTS}


class MentoringProjection:
    name = "mentoring"

    async def apply(self, conn: AsyncConnection, event: RecordedEvent) -> None:
        if event.type not in TYPES or not event.stream_id.startswith(STREAM_PREFIX):
            return
        programme_id = event.stream_id.removeprefix(STREAM_PREFIX)
        found = decode(event.type, event.data, position=event.position)
        if isinstance(found, ProgrammeDefined):
            await _defined(conn, programme_id, found, event.position)
        elif isinstance(found, PairFormed):
            await _formed(conn, programme_id, found, event.position)
        elif isinstance(found, PairAgreementSigned):
            changes = {"signed_on": found.signed_on.isoformat(), "state": "active"}
            await _update_pair(conn, programme_id, found.pair_id, changes, event.position)
        elif isinstance(found, PairAssessed):
            await _assessed(conn, programme_id, found, event.position)
        elif isinstance(found, PairEnded):
            changes = {"end": found.on.isoformat(), "state": found.outcome}
            await _update_pair(conn, programme_id, found.pair_id, changes, event.position)

    async def reset(self, conn: AsyncConnection) -> None:
        for table in reversed(ALL):
            await conn.execute(sa.delete(table))


async def _defined(
    conn: AsyncConnection, programme_id: str, event: ProgrammeDefined, at: int
) -> None:
    await conn.execute(sa.delete(programmes).where(programmes.c.programme_id == programme_id))
    row = {
        "programme_id": programme_id,
        "title": event.title,
        "organization": event.organization,
        "weights": event.weights.model_dump(mode="json"),
        "periods": [period.model_dump(mode="json") for period in event.periods],
        "position": at,
    }
    await conn.execute(sa.insert(programmes), [row])


async def _formed(conn: AsyncConnection, programme_id: str, event: PairFormed, at: int) -> None:
    row = {
        "programme_id": programme_id,
        "pair_id": event.pair_id,
        "mentor_id": event.mentor.worker_id,
        "mentor_name": event.mentor.name,
        "mentor_organization": event.mentor.organization,
        "apprentice_id": event.apprentice.worker_id,
        "apprentice_name": event.apprentice.name,
        "apprentice_organization": event.apprentice.organization,
        "start": event.start.isoformat(),
        "goals": list(event.goals),
        "state": "formed",
        "position": at,
        "formed_position": at,
    }
    await conn.execute(sa.insert(pairs), [row])


def _pair_key(programme_id: str, pair_id: str) -> sa.ColumnElement[bool]:
    return sa.and_(pairs.c.programme_id == programme_id, pairs.c.pair_id == pair_id)


async def _update_pair(
    conn: AsyncConnection, programme_id: str, pair_id: str, changes: dict[str, Any], at: int
) -> None:
    statement = sa.update(pairs).where(_pair_key(programme_id, pair_id))
    await conn.execute(statement.values(**changes, position=at))


async def _assessed(conn: AsyncConnection, programme_id: str, event: PairAssessed, at: int) -> None:
    key = sa.and_(
        assessments.c.programme_id == programme_id,
        assessments.c.pair_id == event.pair_id,
        assessments.c.period_id == event.period,
    )
    before = await conn.scalar(sa.select(assessments.c.corrections).where(key))
    await conn.execute(sa.delete(assessments).where(key))
    periods = await conn.scalar(
        sa.select(programmes.c.periods).where(programmes.c.programme_id == programme_id)
    )
    order = [period["id"] for period in periods or []]
    row = {
        "programme_id": programme_id,
        "pair_id": event.pair_id,
        "period_id": event.period,
        "period_index": order.index(event.period) if event.period in order else len(order),
        **{part: getattr(event, part) for part in ("kpi", "improvement", "attitude", "score")},
        "assessor": event.assessor,
        "assessed_on": event.assessed_on.isoformat(),
        "corrections": (before or 0) + (1 if event.corrects else 0),
        "position": at,
    }
    await conn.execute(sa.insert(assessments), [row])
    latest = (
        await conn.execute(
            sa.select(assessments.c.period_id, assessments.c.score)
            .where(assessments.c.programme_id == programme_id)
            .where(assessments.c.pair_id == event.pair_id)
            .order_by(assessments.c.period_index.desc())
            .limit(1)
        )
    ).one()
    changes = {"latest_period": latest.period_id, "latest_score": latest.score}
    await _update_pair(conn, programme_id, event.pair_id, changes, at)


# Achievements -----------------------------------------------------------------------

AchievementSource = Callable[[AsyncConnection, Sequence[str]], Awaitable[list[Achievement]]]


def _day(moment_text: str) -> date:
    return date.fromisoformat(str(moment_text)[:10])


async def results_achieved(conn: AsyncConnection, workers: Sequence[str]) -> list[Achievement]:
    """Finalized contest results (an `award` when the results table has that column)."""
    table = talent.results
    awards = [table.c[name] for name in ("award", "award_name") if name in table.c]
    columns = [table.c.worker_id, table.c.contest_id, table.c.title, table.c.finalized_at]
    query = sa.select(*columns, table.c.rank, table.c.field_size, *awards)
    rows = (await conn.execute(query.where(table.c.worker_id.in_(workers)))).all()
    found = []
    for row in rows:
        won = getattr(row, "award", None)
        detail = {"rank": row.rank, "field_size": row.field_size, "award": won}
        detail["award_name"] = getattr(row, "award_name", None)
        kind = "award" if won else "result"
        day = _day(row.finalized_at)
        found.append(Achievement(row.worker_id, kind, day, row.contest_id, row.title, detail))
    return found


async def levels_achieved(conn: AsyncConnection, workers: Sequence[str]) -> list[Achievement]:
    """Levels granted by position assessments (when the talent database keeps them)."""
    table: sa.Table | None = getattr(talent, "levels", None)
    if table is None:
        return []
    rows = (await conn.execute(sa.select(table).where(table.c.worker_id.in_(workers)))).all()
    return [
        Achievement(
            row.worker_id,
            "level",
            _day(row.granted_at),
            row.contest_id,
            str(row.level_name),
            {"standard_id": row.standard_id, "skill": row.skill, "level_id": row.level_id},
        )
        for row in rows
    ]


ACHIEVEMENT_SOURCES: list[AchievementSource] = [results_achieved, levels_achieved]


async def achievements(conn: AsyncConnection, workers: Sequence[str]) -> list[Achievement]:
    if not workers:
        return []
    found: list[Achievement] = []
    for source in ACHIEVEMENT_SOURCES:
        found.extend(await source(conn, sorted(set(workers))))
    return found


# Reads --------------------------------------------------------------------------------


def today() -> date:
    return datetime.now(UTC).date()


def pair_json(row: Any, titles: dict[str, str] | None = None) -> dict[str, Any]:
    found = {
        column: getattr(row, column)
        for column in pairs.c.keys()  # noqa: SIM118 (a ColumnCollection)
        if column not in ("position", "formed_position")
    }
    if titles is not None:
        found["programme_title"] = titles.get(row.programme_id, row.programme_id)
    return found


def span_of(row: Any) -> PairSpan:
    end = _day(row.end) if row.end else None
    return PairSpan(
        row.programme_id, row.pair_id, row.mentor_id, row.apprentice_id, _day(row.start), end
    )


def credit_json(credit: Credit, names: dict[str, str | None]) -> dict[str, Any]:
    span, achieved = credit.span, credit.achievement
    return {
        "programme_id": span.programme_id,
        "pair_id": span.pair_id,
        "mentor_id": span.mentor_id,
        "apprentice_id": span.apprentice_id,
        "apprentice_name": names.get(span.apprentice_id),
        "kind": achieved.kind,
        "on": achieved.on.isoformat(),
        "source": achieved.source,
        "title": achieved.title,
        "detail": dict(achieved.detail),
    }


async def credits_for(conn: AsyncConnection, rows: Sequence[Any], on: date) -> list[dict[str, Any]]:
    """The credits the pairs' mentors earn from their apprentices' achievements."""
    found = await achievements(conn, [row.apprentice_id for row in rows])
    names = {row.apprentice_id: row.apprentice_name for row in rows}
    return [credit_json(c, names) for c in credits([span_of(r) for r in rows], found, on)]


async def _titles(conn: AsyncConnection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    query = sa.select(programmes.c.programme_id, programmes.c.title)
    rows = await conn.execute(query.where(programmes.c.programme_id.in_(ids)))
    return {row.programme_id: row.title for row in rows}


async def mentoring_for(
    conn: AsyncConnection, worker_id: str, on: date | None = None
) -> dict[str, Any]:
    """A worker's mentoring record: `mentors` (the pairs where the worker is the
    apprentice), `apprentices` (where the worker mentors) and `credits` (the
    apprentices' achievements while their pairs lasted)."""
    query = sa.select(pairs).where(
        sa.or_(pairs.c.mentor_id == worker_id, pairs.c.apprentice_id == worker_id)
    )
    rows = (await conn.execute(query.order_by(pairs.c.start, pairs.c.formed_position))).all()
    titles = await _titles(conn, {row.programme_id for row in rows})
    mentored = [row for row in rows if row.mentor_id == worker_id]
    mentors = [
        {**pair_json(row, titles), "worker_name": row.apprentice_name}
        for row in rows
        if row.apprentice_id == worker_id
    ]
    apprentices = [{**pair_json(row, titles), "worker_name": row.mentor_name} for row in mentored]
    return {
        "mentors": mentors,
        "apprentices": apprentices,
        "credits": await credits_for(conn, mentored, on or today()),
    }


async def programme_list(conn: AsyncConnection) -> list[dict[str, Any]]:
    rows = await conn.execute(sa.select(programmes).order_by(programmes.c.position))
    return [dict(row._mapping) for row in rows]


async def _programme_rows(conn: AsyncConnection, programme_id: str) -> tuple[Any, list[Any]] | None:
    found = await conn.execute(
        sa.select(programmes).where(programmes.c.programme_id == programme_id)
    )
    programme = found.one_or_none()
    if programme is None:
        return None
    query = sa.select(pairs).where(pairs.c.programme_id == programme_id)
    return programme, list(await conn.execute(query.order_by(pairs.c.formed_position)))


async def programme_report(
    conn: AsyncConnection, programme_id: str, mentor: str | None = None, on: date | None = None
) -> dict[str, Any] | None:
    """Per pair (only `mentor`'s, if given): its dates, period scores and the credits
    its mentor earned; None for an unknown programme."""
    found = await _programme_rows(conn, programme_id)
    if found is None:
        return None
    programme, rows = found
    rows = [row for row in rows if mentor is None or row.mentor_id == mentor]
    query = sa.select(assessments).where(assessments.c.programme_id == programme_id)
    scored: dict[str, list[dict[str, Any]]] = {}
    for row in await conn.execute(query.order_by(assessments.c.period_index)):
        fields = dict(row._mapping)
        fields.pop("programme_id")
        scored.setdefault(fields.pop("pair_id"), []).append(fields)
    earned = await credits_for(conn, rows, on or today())
    report = [
        {
            **pair_json(row),
            "assessments": scored.get(row.pair_id, []),
            "credits": [c for c in earned if c["pair_id"] == row.pair_id],
        }
        for row in rows
    ]
    return {"programme": dict(programme._mapping), "mentor": mentor, "pairs": report}


Role = Literal["mentors", "apprentices"]


async def pool(
    conn: AsyncConnection,
    programme_id: str,
    role: Role,
    *,
    organization: str | None = None,
    state: str | None = None,
    min_score: float | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any] | None:
    """The programme's mentors (one row each, over their pairs) or apprentices (one
    row per pair), filtered by organization, pair state and least (mean) latest score."""
    found = await _programme_rows(conn, programme_id)
    if found is None:
        return None
    programme, rows = found
    people = _mentors(rows, programme) if role == "mentors" else _apprentices(rows, programme)
    kept = [
        person
        for person in people
        if (organization is None or person["organization"] == organization)
        and (state is None or state in person["states"])
        and (min_score is None or (person["score"] is not None and person["score"] >= min_score))
    ]
    return {"total": len(kept), "limit": limit, "offset": offset, "items": kept[offset:][:limit]}


def _mentors(rows: Sequence[Any], programme: Any) -> list[dict[str, Any]]:
    by_mentor: dict[str, list[Any]] = {}
    for row in rows:
        by_mentor.setdefault(row.mentor_id, []).append(row)
    found = []
    for mentor_id, own in by_mentor.items():
        scores = [row.latest_score for row in own if row.latest_score is not None]
        states = [row.state for row in own]
        found.append(
            {
                "worker_id": mentor_id,
                "name": own[-1].mentor_name,
                "organization": own[-1].mentor_organization or programme.organization,
                "apprentices": [row.apprentice_id for row in own],
                "states": sorted(set(states)),
                "active": states.count("active") + states.count("formed"),
                "completed": states.count("completed"),
                "score": math.fsum(scores) / len(scores) if scores else None,
            }
        )
    return sorted(found, key=lambda person: person["worker_id"])


def _apprentices(rows: Sequence[Any], programme: Any) -> list[dict[str, Any]]:
    return [
        {
            "worker_id": row.apprentice_id,
            "name": row.apprentice_name,
            "organization": row.apprentice_organization or programme.organization,
            "pair_id": row.pair_id,
            "mentor_id": row.mentor_id,
            "mentor_name": row.mentor_name,
            "start": row.start,
            "end": row.end,
            "states": [row.state],
            "score": row.latest_score,
        }
        for row in rows
    ]
