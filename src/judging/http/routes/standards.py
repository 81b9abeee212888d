"""Position standards: organizers define (or replace) them, everyone may read them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from judging.application.writer import new_command_id
from judging.domain.definition import Name, Slug
from judging.domain.standards import DefineStandard, Levels, Percent, SkillTag
from judging.http.auth import ALL_ROLES, Principal
from judging.http.deps import Standards, require_roles
from judging.http.schemas import Created

router = APIRouter(prefix="/standards", tags=["standards"])


class StandardRequest(BaseModel):
    """`{id, name, required: {skill: percent}, levels?: [{id, name, min_percent}]}`
    (levels lowest first, else `standard_invalid`); `command_id` makes a retry idempotent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: Name
    required: Annotated[dict[SkillTag, Percent], Field(min_length=1)]
    levels: Levels = ()
    command_id: Annotated[str | None, Field(min_length=1, max_length=64)] = None


@router.post("", status_code=201)
async def define_standard(
    body: StandardRequest,
    service: Standards,
    principal: Annotated[Principal, Depends(require_roles("organizer"))],
) -> Created:
    command = DefineStandard(
        command_id=body.command_id or new_command_id(),
        id=body.id,
        name=body.name,
        required=body.required,
        levels=body.levels,
    )
    position = await service.define(command, principal.actor())
    return Created(id=body.id, position=position)


@router.get("")
async def list_standards(
    service: Standards, _: Annotated[Principal, Depends(require_roles(*ALL_ROLES))]
) -> list[dict[str, Any]]:
    """Every standard as last defined, sorted by id."""
    return [
        {**standard.model_dump(mode="json", exclude={"type"}), "position": position}
        for standard, position in await service.standards()
    ]
