"""What a contestant has on the board, as plain facts: the seam between the contest
state (`judging.domain.state`, which decides what a view may see) and the ranking
(`judging.domain.ranking`, which turns facts into scores and ranks).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["active", "withdrawn", "disqualified"]
# public: what anyone sees (frozen results hidden until the thaw, blind panels hidden
# until complete); live: everything (organizers, chiefs); screen: the live board of a
# venue screen, which faces the audience and the venue's referees: frozen results
# shown, an incomplete blind panel hidden. A screen asks for `view=live` and gets it.
View = Literal["public", "live", "screen"]


def view_name(view: View) -> Literal["public", "live"]:
    """The view as the API names it: a screen's view is its live view."""
    return "public" if view == "public" else "live"


@dataclass(frozen=True, slots=True)
class Attempt:
    """One counted stage attempt, in the order recorded; `contest_time` in seconds."""

    result: Literal["cleared", "failed"]
    contest_time: float
    penalty: bool = True  # a failed attempt with penalty=False costs nothing


@dataclass(frozen=True, slots=True)
class EntryFacts:
    """Everything a view may see of one contestant's entry.

    `criteria` holds the exact (unrounded) mark of every criterion with at least one
    visible aspect mark; `pending_attempts` counts attempts hidden by the freeze
    (the public board shows them as pending).
    """

    contestant_id: str
    name: str
    organization: str | None = None
    team: str | None = None
    workshop: str | None = None
    venue: str | None = None
    worker_id: str | None = None
    status: Status = "active"
    provisional: bool = False
    criteria: Mapping[str, float] = field(default_factory=dict)
    penalty_points: float = 0.0
    penalty_minutes: float = 0.0
    attempts: Mapping[str, tuple[Attempt, ...]] = field(default_factory=dict)
    pending_attempts: Mapping[str, int] = field(default_factory=dict)
