"""Mentor–apprentice programmes: the organizer defines them, forms and ends pairs, signs
their agreements and enters period assessments; reads the pools and the mentor's report.

Writes go through the programme service (one stream per programme); the programme
itself is read from that stream, the list, the pools and the report from the
"mentoring" projection once it has caught up with the log's head.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.application.writer import new_command_id
from judging.domain.definition import Name, Slug
from judging.domain.mentoring import (
    AssessPair,
    DefineProgramme,
    EndPair,
    FormPair,
    Goal,
    Outcome,
    Pair,
    PairState,
    Period,
    Person,
    Programme,
    ProgrammeCommand,
    Score,
    SignAgreement,
    Weights,
    WorkerId,
)
from judging.http.auth import Principal
from judging.http.deps import Programmes, RequestOrigin, require_roles, services
from judging.http.errors import ProblemError
from judging.projections.mentoring import MentoringProjection, pool, programme_list
from judging.projections.mentoring import programme_report as report_of
from judging.projections.talent.projection import TalentProjection

router = APIRouter(prefix="/programmes", tags=["programmes"])

Organizer = Annotated[Principal, Depends(require_roles("organizer"))]
CommandIdField = Annotated[str | None, Field(min_length=1, max_length=64)]
CATCH_UP_SECONDS = 2.0
MAX_OFFSET = 1_000_000_000


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProgrammeRequest(Body):
    """`{id, title, organization?, weights: {kpi, improvement, attitude}, periods}`."""

    id: Slug
    title: Name
    organization: Annotated[str | None, Field(max_length=200)] = None
    weights: Weights = Weights()
    periods: Annotated[list[Period], Field(min_length=1, max_length=120)]
    max_apprentices: Annotated[int | None, Field(ge=1, le=1000)] = None
    command_id: CommandIdField = None


class PairRequest(Body):
    """A mentor and an apprentice (worker ids, or `{worker_id, name, organization}`)."""

    id: Slug | None = None
    mentor: WorkerId | Person
    apprentice: WorkerId | Person
    start: date
    goals: Annotated[list[Goal], Field(max_length=50)] | Goal = []
    command_id: CommandIdField = None


class AgreementRequest(Body):
    signed_on: date | None = None  # None: today
    command_id: CommandIdField = None


class AssessmentRequest(Body):
    period: Slug
    kpi: Score
    improvement: Score
    attitude: Score
    assessor: WorkerId | None = None  # None: the caller
    assessed_on: date | None = None  # None: today
    correct: bool = False
    reason: Annotated[str | None, Field(max_length=500)] = None
    command_id: CommandIdField = None


class EndRequest(Body):
    outcome: Outcome
    on: date | None = None  # None: today
    reason: Annotated[str | None, Field(max_length=500)] = None
    command_id: CommandIdField = None


def _today() -> date:
    return datetime.now(UTC).date()


def _person(found: str | Person) -> Person:
    return Person(worker_id=found) if isinstance(found, str) else found


async def _execute(
    service: Programmes,
    programme_id: str,
    command: ProgrammeCommand,
    principal: Principal,
    origin: RequestOrigin,
) -> dict[str, Any]:
    recorded = await service.execute(programme_id, command, principal.actor(), origin)
    return {"position": recorded.position, "event": {"type": recorded.type, **recorded.data}}


@router.post("", status_code=201)
async def define_programme(
    body: ProgrammeRequest, service: Programmes, principal: Organizer, origin: RequestOrigin
) -> dict[str, Any]:
    command = DefineProgramme(
        command_id=body.command_id or new_command_id(),
        **body.model_dump(exclude={"command_id"}),
    )
    done = await _execute(service, body.id, command, principal, origin)
    return {"id": body.id, "position": done["position"]}


@router.post("/{programme_id}/pairs", status_code=201)
async def form_pair(
    programme_id: Slug,
    body: PairRequest,
    service: Programmes,
    principal: Organizer,
    origin: RequestOrigin,
) -> dict[str, Any]:
    goals = [body.goals] if isinstance(body.goals, str) else body.goals
    command = FormPair(
        command_id=body.command_id or new_command_id(),
        pair_id=body.id,
        mentor=_person(body.mentor),
        apprentice=_person(body.apprentice),
        start=body.start,
        goals=tuple(goals),
    )
    done = await _execute(service, programme_id, command, principal, origin)
    return {"id": done["event"]["pair_id"], "position": done["position"]}


@router.post("/{programme_id}/pairs/{pair_id}/agreement")
async def sign_agreement(
    programme_id: Slug,
    pair_id: Slug,
    body: AgreementRequest,
    service: Programmes,
    principal: Organizer,
    origin: RequestOrigin,
) -> dict[str, Any]:
    command = SignAgreement(
        command_id=body.command_id or new_command_id(),
        pair_id=pair_id,
        signed_on=body.signed_on or _today(),
    )
    done = await _execute(service, programme_id, command, principal, origin)
    return {"id": pair_id, "position": done["position"]}


@router.post("/{programme_id}/pairs/{pair_id}/assessments", status_code=201)
async def assess_pair(
    programme_id: Slug,
    pair_id: Slug,
    body: AssessmentRequest,
    service: Programmes,
    principal: Organizer,
    origin: RequestOrigin,
) -> dict[str, Any]:
    command = AssessPair(
        command_id=body.command_id or new_command_id(),
        pair_id=pair_id,
        period=body.period,
        kpi=body.kpi,
        improvement=body.improvement,
        attitude=body.attitude,
        assessor=body.assessor or principal.actor().id,
        assessed_on=body.assessed_on or _today(),
        correct=body.correct,
        reason=body.reason,
    )
    done = await _execute(service, programme_id, command, principal, origin)
    return {"id": pair_id, "position": done["position"], "score": done["event"]["score"]}


@router.post("/{programme_id}/pairs/{pair_id}/end")
async def end_pair(
    programme_id: Slug,
    pair_id: Slug,
    body: EndRequest,
    service: Programmes,
    principal: Organizer,
    origin: RequestOrigin,
) -> dict[str, Any]:
    command = EndPair(
        command_id=body.command_id or new_command_id(),
        pair_id=pair_id,
        outcome=body.outcome,
        on=body.on or _today(),
        reason=body.reason,
    )
    done = await _execute(service, programme_id, command, principal, origin)
    return {"id": pair_id, "position": done["position"]}


# Reads ------------------------------------------------------------------------------


@asynccontextmanager
async def _mentoring(request: Request) -> AsyncIterator[AsyncConnection]:
    """A read connection once the mentoring and talent projections caught up (briefly)."""
    found = services(request)
    head = await found.store.head()
    names = (MentoringProjection.name, TalentProjection.name)
    with suppress(TimeoutError):  # serve what there is
        await found.runner.wait_for(head, timeout=CATCH_UP_SECONDS, names=names)
    async with found.store.tracking.read() as conn:
        yield conn


def _unknown(programme_id: str) -> ProblemError:
    return ProblemError(404, "programme_unknown", f"no programme {programme_id!r}")


@router.get("")
async def list_programmes(request: Request, _: Organizer) -> list[dict[str, Any]]:
    async with _mentoring(request) as conn:
        return await programme_list(conn)


@router.get("/{programme_id}")
async def get_programme(programme_id: Slug, service: Programmes, _: Organizer) -> dict[str, Any]:
    """The programme as its stream says now: definition, pairs and their assessments."""
    found = await service.programme(programme_id)
    if found is None:
        raise _unknown(programme_id)
    return programme_json(*found)


def programme_json(programme: Programme, position: int) -> dict[str, Any]:
    assert programme.definition is not None
    definition = programme.definition.model_dump(mode="json", exclude={"type"})
    pairs = [pair_json(pair) for pair in programme.pairs.values()]
    return {**definition, "position": position, "pairs": pairs}


def pair_json(pair: Pair) -> dict[str, Any]:
    return {
        "id": pair.id,
        "mentor": pair.mentor.model_dump(mode="json"),
        "apprentice": pair.apprentice.model_dump(mode="json"),
        "start": pair.start.isoformat(),
        "goals": list(pair.goals),
        "signed_on": pair.signed_on.isoformat() if pair.signed_on else None,
        "state": pair.state,
        "end": pair.ended_on.isoformat() if pair.ended_on else None,
        "assessments": {
            period: assessed.model_dump(mode="json", exclude={"type", "pair_id"})
            for period, assessed in pair.assessments.items()
        },
    }


@router.get("/{programme_id}/report")
async def programme_report(
    programme_id: Slug,
    request: Request,
    _: Organizer,
    mentor: Annotated[WorkerId | None, Query()] = None,
) -> dict[str, Any]:
    """Per pair (only `mentor`'s, if given): dates, period scores and the mentor's credits."""
    async with _mentoring(request) as conn:
        found = await report_of(conn, programme_id, mentor)
    if found is None:
        raise _unknown(programme_id)
    return found


class PoolQuery(BaseModel):
    """A pool's filters: an organization, a pair state, a least mean score; a page."""

    model_config = ConfigDict(frozen=True)

    organization: Annotated[str | None, Field(max_length=200)] = None
    state: PairState | None = None
    min_score: Annotated[float | None, Field(ge=0, le=100)] = None
    limit: Annotated[int, Field(ge=1, le=500)] = 50
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


async def _pool(
    request: Request,
    programme_id: str,
    role: Literal["mentors", "apprentices"],
    query: PoolQuery,
) -> dict[str, Any]:
    async with _mentoring(request) as conn:
        found = await pool(conn, programme_id, role, **query.model_dump())
    if found is None:
        raise _unknown(programme_id)
    return found


@router.get("/{programme_id}/mentors")
async def mentor_pool(
    programme_id: Slug, request: Request, _: Organizer, query: Annotated[PoolQuery, Query()]
) -> dict[str, Any]:
    """The programme's mentors, filtered by organization, a pair state and least mean score."""
    return await _pool(request, programme_id, "mentors", query)


@router.get("/{programme_id}/apprentices")
async def apprentice_pool(
    programme_id: Slug, request: Request, _: Organizer, query: Annotated[PoolQuery, Query()]
) -> dict[str, Any]:
    """The programme's apprentices (one per pair), with the same filters."""
    return await _pool(request, programme_id, "apprentices", query)
