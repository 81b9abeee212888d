"""A meet (赛事): several events under one title, the units taking part, a unit table.

Each event of a meet is an ordered list of rounds, each round an existing contest
(`rounds: [contest ids]`, preliminary first); the last one is the event's final,
whose official result counts in the unit table (`judging.domain.meet_table`). Units
are the organizations taking part: a contestant's organization is matched to a unit
by `roster.organization_key` against the unit's id or its name.

A meet lives in its own stream, `meet-<id>`; `define_meet` appends `meet_defined`
once, `redefine_meet` appends a new one that replaces it (the latest wins).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Literal

from pydantic import Field

from judging.domain.definition import Model, Name, Slug
from judging.domain.errors import Rejected
from judging.domain.roster import organization_key

MEET_PREFIX = "meet-"
MEETS_INDEX_STREAM = "meets"  # one `meet_listed` per meet: what the meet list reads

DEFAULT_POINTS = (7.0, 5.0, 4.0, 3.0, 2.0, 1.0)
Points = Annotated[float, Field(strict=True, ge=0, le=1_000_000)]
# int is accepted as a float; strict refuses "7" for 7.


class MeetEvent(Model):
    """One event of the meet: its rounds' contest ids in order, the final last."""

    id: Slug
    title: Name
    kind: Literal["individual", "team"] = "individual"
    rounds: Annotated[list[Slug], Field(min_length=1, max_length=20)]

    @property
    def final(self) -> str:
        return self.rounds[-1]


class Unit(Model):
    """An organization taking part (a company, a branch, a city)."""

    id: Slug
    name: Name


class MeetTable(Model):
    """How the unit table counts: medals by award tier, or points per place.

    `medals`: the award ids counted as medals, best first; None: the first three
    award tiers of each event's final, whatever their ids.
    """

    mode: Literal["medals", "points"] = "medals"
    points: Annotated[list[Points], Field(min_length=1, max_length=100)] = Field(
        default_factory=lambda: list(DEFAULT_POINTS)
    )
    medals: Annotated[list[Slug], Field(min_length=1, max_length=20)] | None = None


class MeetDefinition(Model):
    id: Slug
    title: Name
    events: Annotated[list[MeetEvent], Field(min_length=1, max_length=200)]
    units: Annotated[list[Unit], Field(max_length=2000)] = Field(default_factory=list)
    table: MeetTable = MeetTable()

    @property
    def contest_ids(self) -> list[str]:
        return [cid for event in self.events for cid in event.rounds]


class DefineMeet(Model):
    type: Literal["define_meet"] = "define_meet"
    command_id: Annotated[str, Field(min_length=1, max_length=64)]
    definition: MeetDefinition


class RedefineMeet(Model):
    type: Literal["redefine_meet"] = "redefine_meet"
    command_id: Annotated[str, Field(min_length=1, max_length=64)]
    definition: MeetDefinition


MeetCommand = DefineMeet | RedefineMeet


class MeetDefined(Model):
    """A meet's definition, in stream `meet-<id>`; a later one replaces it."""

    type: Literal["meet_defined"] = "meet_defined"
    definition: MeetDefinition


class MeetListed(Model):
    """In stream `meets`: a meet exists (appended once, when it is first defined)."""

    type: Literal["meet_listed"] = "meet_listed"
    id: Slug


MEET_EVENTS = (MeetDefined, MeetListed)
MeetStreamEvent = MeetDefined | MeetListed


def meet_stream(meet_id: str) -> str:
    return f"{MEET_PREFIX}{meet_id}"


SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")  # the `Slug` pattern


def is_meet_id(text: str) -> bool:
    """Whether `text` could name a meet (a slug): no other text needs a read."""
    return SLUG.fullmatch(text) is not None


def problems(definition: MeetDefinition) -> list[str]:
    """Every cross-field problem of a definition, each `path: message`."""
    found: list[str] = []
    found += _repeated("events", [event.id for event in definition.events], "event id")
    found += _repeated("units", [unit.id for unit in definition.units], "unit id")
    rounds = [cid for event in definition.events for cid in event.rounds]
    found += _repeated("events[].rounds", rounds, "contest (a contest is one round of one event)")
    found += _ambiguous_units(definition.units)
    medals = definition.table.medals or []
    found += _repeated("table.medals", medals, "award id")
    return found


def _repeated(path: str, values: list[str], what: str) -> list[str]:
    counts = Counter(values)
    return [f"{path}: {what} {value!r} appears {n} times" for value, n in counts.items() if n > 1]


def _ambiguous_units(units: list[Unit]) -> list[str]:
    """A unit's id or name that reads as another unit's (organization_key)."""
    owner: dict[str, str] = {}
    found: list[str] = []
    for unit in units:
        for text in dict.fromkeys(
            filter(None, (organization_key(unit.id), organization_key(unit.name)))
        ):
            other = owner.setdefault(text, unit.id)
            if other != unit.id:
                found.append(f"units: {text!r} names both unit {other!r} and unit {unit.id!r}")
    return found


def decide_meet(current: MeetDefinition | None, command: MeetCommand) -> list[MeetDefined]:
    """`meet_defined`, or `Rejected`: `meet_invalid`, `meet_already_defined`, `unknown_meet`."""
    wrong = problems(command.definition)
    if wrong:
        raise Rejected("meet_invalid", "; ".join(wrong), {"problems": wrong})
    meet_id = command.definition.id
    if isinstance(command, DefineMeet) and current is not None:
        raise Rejected(
            "meet_already_defined",
            f"meet {meet_id!r} is already defined; redefine it to change it",
        )
    if isinstance(command, RedefineMeet) and current is None:
        raise Rejected("unknown_meet", f"no meet {meet_id!r} to redefine")
    if current is not None and current == command.definition:
        return []  # nothing changes
    return [MeetDefined(definition=command.definition)]
