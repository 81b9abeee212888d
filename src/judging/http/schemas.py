"""API payloads of the contest routes: separate types from the domain's state and events."""

from __future__ import annotations

from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict

from judging.domain.definition import public_definition
from judging.domain.roster import Contestant, Referee
from judging.domain.state import ContestState, Lifecycle
from judging.projections.catalog import SummaryRow
from judging.projections.standings_doc import lifecycle_doc


class Payload(BaseModel):
    model_config = ConfigDict(frozen=True)


class LifecycleView(Payload):
    """The lifecycle times as the standings document's `state` has them (one builder)."""

    started: str | None
    frozen: str | None
    ended: str | None
    thawed: str | None
    finalized: str | None

    @classmethod
    def of(cls, lifecycle: Lifecycle) -> LifecycleView:
        return cls(**lifecycle_doc(lifecycle))


class VenueView(Payload):
    id: str
    name: str


class ContestSummary(Payload):
    id: str
    title: str
    kind: str
    state: LifecycleView
    venues: list[VenueView]
    contestants: int

    @staticmethod
    def doc(row: SummaryRow) -> dict[str, Any]:
        """The summary as the model writes it in JSON (the venues as stored: JSON text
        spliced in by orjson), built straight from the row: the index page's list
        answers 51 of these, and models validated and dumped again cost half its time
        (the tests check a doc's JSON validates as this model and says the same)."""
        return {
            "id": row.contest_id,
            "title": row.title,
            "kind": row.kind,
            "state": {
                "started": row.started,
                "frozen": row.frozen,
                "ended": row.ended,
                "thawed": row.thawed,
                "finalized": row.finalized,
            },
            "venues": orjson.Fragment(row.venues_json),
            "contestants": row.contestants,
        }


class ContestantView(Payload):
    id: str
    name: str
    organization: str | None
    team: str | None
    workshop: str | None
    venue: str | None
    status: str


class RefereeView(Payload):
    id: str
    name: str
    role: Literal["referee", "chief"]
    venues: list[str]

    @classmethod
    def of(cls, referee: Referee) -> RefereeView:
        return cls(id=referee.id, name=referee.name, role=referee.role, venues=referee.venues)


class ContestDetail(Payload):
    id: str
    position: int
    defined_position: int = 0  # the contest's first event (the console's replay starts there)
    definition: dict[str, Any]
    state: LifecycleView
    contestants: list[ContestantView]
    referees: list[RefereeView]

    @classmethod
    def of(cls, state: ContestState, position: int, defined_position: int = 0) -> ContestDetail:
        return cls(
            id=state.definition.id,
            position=position,
            defined_position=defined_position,
            definition=public_definition(state.definition),  # questions without their key
            state=LifecycleView.of(state.lifecycle),
            contestants=[
                _contestant(e.contestant, e.status)
                for e in sorted(state.contestants.values(), key=lambda e: e.contestant.id)
            ],
            referees=[RefereeView.of(r) for r in sorted(state.referees.values(), key=_by_id)],
        )


def _by_id(referee: Referee) -> str:
    return referee.id


def _contestant(contestant: Contestant, status: str) -> ContestantView:
    """The contestant's registered details but its worker id (kept for the talent
    database), with its status."""
    return ContestantView(**contestant.model_dump(exclude={"worker_id"}), status=status)


class Created(Payload):
    id: str
    position: int


class RosterResult(Payload):
    position: int
    count: int


class IssuedReferee(Payload):
    """A registered referee with its new token (shown once)."""

    id: str
    name: str
    role: Literal["referee", "chief"]
    venues: list[str]
    token: str

    @classmethod
    def of(cls, referee: Referee, token: str) -> IssuedReferee:
        return cls(
            id=referee.id, name=referee.name, role=referee.role, venues=referee.venues, token=token
        )


class TokenRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    role: Literal["screen"]


class IssuedToken(Payload):
    token: str
    role: str
    subject_id: str
