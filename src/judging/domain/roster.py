"""Who takes part: contestants and referees, as registered by the organizer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from judging.domain.definition import Model, Name, Slug

OptionalText = Annotated[str, Field(max_length=200)] | None


class Contestant(Model):
    id: Slug
    name: Name
    organization: OptionalText = None
    team: OptionalText = None
    workshop: OptionalText = None
    venue: Slug | None = None
    worker_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None


class Referee(Model):
    """A referee or chief referee; empty scopes mean "all"."""

    id: Slug
    name: Name
    role: Literal["referee", "chief"] = "referee"
    organization: OptionalText = None
    venues: list[Slug] = Field(default_factory=list)
    criteria: list[Slug] = Field(default_factory=list)
    aspects: list[Slug] = Field(default_factory=list)
