"""Who takes part: contestants and referees, as registered by the organizer.

An organization is named in free text on both sides (a contestant's employer, a
referee's); `organization_key` is its identity: "ACME", " acme " and full-width
"ａｃｍｅ" are one organization, so a conflict of interest is never missed on spelling.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from pydantic import Field

from judging.domain.definition import Model, Name, Slug

OptionalText = Annotated[str, Field(max_length=200)] | None


def organization_key(name: str | None) -> str | None:
    """The identity of an organization's name: Unicode-compatible (NFKC), case-folded,
    inner whitespace collapsed, trimmed; None for no (or a blank) name."""
    if name is None:
        return None
    key = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    return key or None


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
