"""Evaluation campaigns as a persisted projection ("evaluations").

One row per campaign (the organizer's list: title, kind, period, links issued and
used, closed), who took part in it (`participants`, for the worker's resume) and
its answers, values only: an anonymous answer's row names no rater and has no log
position, like its event. `training_for(conn, worker_id)` gives the resume's
`training` section: the training and course campaigns a worker took part in, each
with the campaign's aggregate under the same anonymity rule as the report (nothing
under `min_answers` answers, never one answer, never the worker's own).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.domain.evaluation import (
    CAMPAIGN_PREFIX,
    AnswerSubmitted,
    CampaignClosed,
    CampaignDefined,
    CampaignDefinition,
    CampaignState,
    LinksIssued,
    LinkUsed,
    PaperBatchEntered,
    RaterAnswered,
    report,
)
from judging.domain.evaluation import Answer as FoldedAnswer
from judging.domain.events import decode
from judging.projections.columns import identifier, moment, position, text
from judging.store import RecordedEvent

metadata = sa.MetaData()

# Created by migration 0007, never by create_all.
campaigns = sa.Table(
    "evaluation_campaigns",
    metadata,
    identifier("campaign_id", primary_key=True),
    text("title"),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("raters", sa.String(32), nullable=False),
    moment("period_start", nullable=False),
    moment("period_end", nullable=False),
    sa.Column("definition", sa.JSON, nullable=False),
    sa.Column("links_issued", sa.Integer, nullable=False),
    sa.Column("links_used", sa.Integer, nullable=False),
    moment("closed"),
    position("defined_position", unique=True),
    position("updated_position"),
)

participants = sa.Table(
    "evaluation_participants",
    metadata,
    identifier("campaign_id", primary_key=True),
    identifier("worker_id", primary_key=True, index=True),
)

answers = sa.Table(
    "evaluation_answers",
    metadata,
    identifier("campaign_id", primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True),
    identifier("subject_id"),
    sa.Column("rater_id", sa.String(64), nullable=True),
    sa.Column("answer_values", sa.JSON, nullable=False),
)

TRAINING_KINDS = ("training", "course")
SEQ_STEP = 10_000  # answers of one event: seq = stream version * SEQ_STEP + index


class EvaluationsProjection:
    name = "evaluations"

    async def apply(self, conn: AsyncConnection, event: RecordedEvent) -> None:
        if not event.stream_id.startswith(CAMPAIGN_PREFIX):
            return
        campaign_id = event.stream_id.removeprefix(CAMPAIGN_PREFIX)
        fact = decode(event.type, event.data)
        if isinstance(fact, CampaignDefined):
            await _define(conn, fact.campaign, event.position)
            return
        changes: dict[str, Any] = {"updated_position": event.position}
        if isinstance(fact, LinksIssued):
            changes["links_issued"] = campaigns.c.links_issued + len(fact.links)
        elif isinstance(fact, LinkUsed):
            changes["links_used"] = campaigns.c.links_used + 1
        elif isinstance(fact, CampaignClosed):
            changes["closed"] = fact.at.isoformat()
        elif isinstance(fact, AnswerSubmitted | RaterAnswered | PaperBatchEntered):
            await _record_answers(conn, campaign_id, fact, event.stream_version)
        else:
            return
        where = campaigns.c.campaign_id == campaign_id
        await conn.execute(sa.update(campaigns).where(where).values(**changes))

    async def reset(self, conn: AsyncConnection) -> None:
        for table in (answers, participants, campaigns):
            await conn.execute(sa.delete(table))


async def _define(conn: AsyncConnection, definition: CampaignDefinition, at: int) -> None:
    row = {
        "campaign_id": definition.id,
        "title": definition.title,
        "kind": definition.kind,
        "raters": definition.raters,
        "period_start": definition.period.start.isoformat(),
        "period_end": definition.period.end.isoformat(),
        "definition": definition.model_dump(mode="json", by_alias=True),
        "links_issued": 0,
        "links_used": 0,
        "closed": None,
        "defined_position": at,
        "updated_position": at,
    }
    await conn.execute(sa.insert(campaigns).values(**row))
    workers = list(dict.fromkeys(definition.participants))
    if workers:
        rows = [{"campaign_id": definition.id, "worker_id": w} for w in workers]
        await conn.execute(sa.insert(participants), rows)


async def _record_answers(
    conn: AsyncConnection,
    campaign_id: str,
    fact: AnswerSubmitted | RaterAnswered | PaperBatchEntered,
    version: int,
) -> None:
    if isinstance(fact, PaperBatchEntered):
        given = [(row.subject_id, row.rater_id, row.values) for row in fact.answers]
    else:
        rater = fact.rater_id if isinstance(fact, RaterAnswered) else None
        given = [(fact.subject_id, rater, fact.values)]
    for subject_id, rater_id, _ in given:
        if rater_id is not None:  # an identified rater's later answer replaces the earlier
            await conn.execute(
                sa.delete(answers).where(
                    answers.c.campaign_id == campaign_id,
                    answers.c.rater_id == rater_id,
                    answers.c.subject_id == subject_id,
                )
            )
    rows = [
        {
            "campaign_id": campaign_id,
            "seq": version * SEQ_STEP + index,
            "subject_id": subject_id,
            "rater_id": rater_id,
            "answer_values": values,
        }
        for index, (subject_id, rater_id, values) in enumerate(given)
    ]
    await conn.execute(sa.insert(answers), rows)


async def campaign_list(conn: AsyncConnection) -> list[dict[str, Any]]:
    """Every campaign, in the order they were defined (the organizer's list)."""
    query = sa.select(campaigns).order_by(campaigns.c.defined_position)
    return [_listed(row._mapping) for row in await conn.execute(query)]


def _listed(row: sa.RowMapping) -> dict[str, Any]:
    definition = row["definition"]
    return {
        "id": row["campaign_id"],
        "title": row["title"],
        "kind": row["kind"],
        "raters": row["raters"],
        "period": {"start": row["period_start"], "end": row["period_end"]},
        "subjects": len(definition["subjects"]),
        "min_answers": definition["min_answers"],
        "links_issued": row["links_issued"],
        "closed": row["closed"],
        "position": row["defined_position"],
    }


async def training_for(conn: AsyncConnection, worker_id: str) -> list[dict[str, Any]]:
    """The training and course campaigns `worker_id` took part in, oldest first: title,
    subjects, period and the campaign's aggregate (None under its threshold)."""
    query = (
        sa.select(campaigns)
        .join(participants, participants.c.campaign_id == campaigns.c.campaign_id)
        .where(participants.c.worker_id == worker_id, campaigns.c.kind.in_(TRAINING_KINDS))
        .order_by(campaigns.c.defined_position)
    )
    rows = [row._mapping for row in await conn.execute(query)]
    return [await _training(conn, row) for row in rows]


async def _training(conn: AsyncConnection, row: sa.RowMapping) -> dict[str, Any]:
    definition = CampaignDefinition.model_validate(row["definition"])
    state = CampaignState(definition=definition, closed=row["closed"] is not None)
    query = sa.select(answers.c.subject_id, answers.c.answer_values).where(
        answers.c.campaign_id == definition.id
    )
    state.anonymous = [FoldedAnswer(s, dict(v)) for s, v in await conn.execute(query)]
    doc = report(state, "public")
    return {
        "campaign_id": definition.id,
        "title": definition.title,
        "kind": definition.kind,
        "period": {"start": row["period_start"], "end": row["period_end"]},
        "subjects": [
            {
                "id": s["id"],
                "name": s["name"],
                "kind": s["kind"],
                "score": s.get("score") if s["shown"] else None,
            }
            for s in doc["subjects"]
        ],
        "aggregate": doc["campaign"] if doc["campaign"]["shown"] else None,
        "min_answers": definition.min_answers,
    }
