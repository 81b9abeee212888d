"""Position standards: the skill levels a position requires (talent analysis).

A standard names the percent (0..100) it requires in each cross-contest skill tag,
e.g. `{"elec.wiring": 80}`. Standards live in their own stream, `standards`;
defining a standard again replaces it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from judging.domain.definition import Model, Name, Slug

STANDARDS_STREAM = "standards"

SkillTag = Annotated[str, Field(min_length=1, max_length=100)]
Percent = Annotated[float, Field(ge=0, le=100)]


class DefineStandard(Model):
    """Define (or redefine) a position standard."""

    type: Literal["define_standard"] = "define_standard"
    command_id: Annotated[str, Field(min_length=1, max_length=64)]
    id: Slug
    name: Name
    required: Annotated[dict[SkillTag, Percent], Field(min_length=1)]


class StandardDefined(Model):
    type: Literal["standard_defined"] = "standard_defined"
    id: Slug
    name: Name
    required: dict[SkillTag, Percent]


def decide_standard(command: DefineStandard) -> list[StandardDefined]:
    """A standard is always accepted once its shape is valid (pydantic checked it)."""
    return [StandardDefined(id=command.id, name=command.name, required=command.required)]
