"""Contests: define (JSON or YAML), list, read, and register contestants.

A definition is read and validated off the event loop, within `PARSE_SECONDS`: the
bounds of `judging.domain.definition_text` keep that short, and the limit makes
sure no text, however crafted, holds a request (or the server) for longer.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Query, Request

from judging.application.writer import new_command_id
from judging.domain.commands import DefineContest, RegisterContestants
from judging.domain.definition import ContestDefinition
from judging.domain.roster import Contestant
from judging.domain.validation import DefinitionError, Problem, parse_definition
from judging.http.auth import ALL_ROLES, Principal
from judging.http.deps import (
    AppServices,
    Contests,
    RequestOrigin,
    known_contest,
    require_roles,
)
from judging.http.errors import ProblemError
from judging.http.read_models import read_model
from judging.http.responses import OrjsonResponse
from judging.http.schemas import ContestDetail, ContestSummary, Created, RosterResult
from judging.projections.catalog import CatalogProjection, summary_page

router = APIRouter(prefix="/contests", tags=["contests"])

Organizer = Annotated[Principal, Depends(require_roles("organizer"))]
Anyone = Annotated[Principal, Depends(require_roles(*ALL_ROLES))]
MAX_PAGE = 1000  # contests per page when `limit` is given
MAX_OFFSET = 1_000_000_000  # past any real list; keeps the number inside the database's
PARSE_SECONDS = 5.0
ContestantList = Annotated[list[Contestant], Body(min_length=1)]

DEFINITION_TYPES = ("application/json", "application/yaml", "text/yaml", "application/x-yaml")

_DEFINITION_BODY = {
    "requestBody": {
        "required": True,
        "content": {media: {"schema": {"type": "object"}} for media in DEFINITION_TYPES},
    }
}


def _media_type(request: Request) -> str:
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media not in DEFINITION_TYPES:
        raise ProblemError(415, "unsupported_media_type", "send the definition as JSON or YAML")
    return media


def _definition_problem(error: DefinitionError) -> ProblemError:
    errors = [{"path": p.path, "message": p.message, "code": p.code} for p in error.problems]
    detail = f"the definition has {len(errors)} problem(s)"
    return ProblemError(422, "invalid_definition", detail, errors=errors)


async def read_definition(text: bytes, media: str) -> ContestDefinition:
    """The validated definition, read in a worker thread within `PARSE_SECONDS`."""
    try:
        async with asyncio.timeout(PARSE_SECONDS):
            return await asyncio.to_thread(parse_definition, text, media)
    except DefinitionError as error:
        raise _definition_problem(error) from error
    except TimeoutError as error:
        message = f"The definition could not be read within {PARSE_SECONDS:g} seconds."
        raise _definition_problem(DefinitionError([Problem("", message, "too_slow")])) from error


@router.post("", status_code=201, openapi_extra=_DEFINITION_BODY)
async def create_contest(
    request: Request, service: Contests, origin: RequestOrigin, principal: Organizer
) -> Created:
    definition = await read_definition(await request.body(), _media_type(request))
    command = DefineContest(command_id=new_command_id(), definition=definition)
    position = await service.define(command, principal.actor(), origin)
    return Created(id=definition.id, position=position)


@router.get("", response_model=list[ContestSummary])
async def list_contests(
    found: AppServices,
    _: Anyone,
    limit: Annotated[int | None, Query(ge=1, le=MAX_PAGE, description="default: all")] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    order: Annotated[
        Literal["defined", "recent"],
        Query(description="defined: oldest first (default); recent: newest first"),
    ] = "defined",
) -> OrjsonResponse:
    """Contests in the order they were defined (or newest first), from the catalog
    read model: one indexed query, whatever the history (the index page asks for
    the newest page of them)."""
    async with read_model(found, CatalogProjection.name) as conn:
        rows = await summary_page(conn, limit, offset, newest_first=order == "recent")
    return OrjsonResponse([ContestSummary.doc(row) for row in rows])


@router.get("/{cid}")
async def get_contest(cid: str, service: Contests, _: Anyone) -> ContestDetail:
    cached = await service.refreshed(cid)
    if cached is None or cached.state is None:
        raise ProblemError(404, "unknown_contest", f"no contest {cid!r}")
    return ContestDetail.of(cached.state, cached.position, cached.defined_position)


@router.post("/{cid}/contestants")
async def register_contestants(
    cid: str,
    contestants: ContestantList,
    service: Contests,
    origin: RequestOrigin,
    principal: Organizer,
) -> RosterResult:
    await known_contest(service, cid)
    command = RegisterContestants(command_id=new_command_id(), contestants=contestants)
    position = await service.execute(cid, command, principal.actor(), origin)
    return RosterResult(position=position, count=len(contestants))
