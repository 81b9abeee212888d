"""Evaluation campaigns: the one writer of streams `campaign-<id>`, and their reader.

Each campaign's stream is folded in memory on first use (`CampaignStream`) and
caught up before every decision, so a campaign another process wrote is current;
commands on one campaign are serialized by its lock.

Links are made here: a token is `<campaign id>.<random secret>`, handed out once;
the log keeps only its SHA-256 hash. An anonymous submission is appended with
metadata that names nobody (`ANONYMOUS`: no actor, device, client time or command
id); its event ids still derive from the client's command id, so a resend appends
nothing twice and is answered `duplicate` (the folded stream knows its event ids).
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from judging.application.results import CommandError, CommandRefused
from judging.application.writer import Decision, Metadata, Origin, Writer, event_id
from judging.domain.commands import Actor
from judging.domain.evaluation import (
    CAMPAIGN_EVENTS,
    AnswerItem,
    CampaignDefinition,
    CampaignEvent,
    CampaignRejected,
    CampaignState,
    CloseCampaign,
    DefineCampaign,
    EnterPaperBatch,
    IssuedLink,
    IssueLinks,
    PaperAnswer,
    SubmitAnswers,
    Viewer,
    campaign_stream,
    decide_answers,
    decide_close,
    decide_define,
    decide_links,
    decide_paper,
    evolve,
    report,
)
from judging.domain.events import UnknownEventType, decode
from judging.store import EventIdConflict, RecordedEvent

# What an anonymous answer's events carry as metadata: nobody, from nowhere.
ANONYMOUS = Metadata(actor_id="anonymous", role="anonymous")
SECRET_BYTES = 24


def link_hash(token: str) -> str:
    """The SHA-256 (hex) of a link token: all the log ever holds of it."""
    return hashlib.sha256(token.encode()).hexdigest()


def campaign_of(token: str) -> str:
    """The campaign id a token names ('' when it names none)."""
    campaign_id, dot, _ = token.rpartition(".")
    return campaign_id if dot else ""


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    rater_id: str | None


@dataclass(frozen=True, slots=True)
class Submitted:
    status: Literal["accepted", "duplicate"]
    position: int


@dataclass(slots=True)
class CampaignStream:
    """The writer's `Folded` state of one campaign's stream."""

    stream_id: str
    version: int = 0
    state: CampaignState = field(default_factory=CampaignState)
    positions: dict[uuid.UUID, int] = field(default_factory=dict)  # event id -> position
    last_position: int = 0

    def apply(self, recorded: Sequence[RecordedEvent]) -> None:
        for event in recorded:
            if event.stream_version <= self.version:
                continue
            try:
                decoded = decode(event.type, event.data, position=event.position)
            except UnknownEventType:
                decoded = None
            if isinstance(decoded, CAMPAIGN_EVENTS):
                evolve(self.state, decoded)
            self.positions[event.event_id] = event.position
            self.version = event.stream_version
            self.last_position = event.position

    def written_by(self, command_id: str) -> int | None:
        """The position of the last event a command appended (None: it appended none)."""
        found = None
        index = 0
        while (at := self.positions.get(event_id(self.stream_id, command_id, index))) is not None:
            found, index = at, index + 1
        return found


def _now() -> datetime:
    return datetime.now(UTC)


class CampaignService:
    def __init__(self, writer: Writer, clock: Callable[[], datetime] = _now) -> None:
        self._writer = writer
        self._clock = clock
        self._streams: dict[str, CampaignStream] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def _current(self, campaign_id: str) -> CampaignStream:
        stream = self._streams.get(campaign_id)
        if stream is None:
            stream = self._streams[campaign_id] = CampaignStream(campaign_stream(campaign_id))
        await self._writer.catch_up(stream)
        return stream

    def _lock(self, campaign_id: str) -> asyncio.Lock:
        return self._locks.setdefault(campaign_id, asyncio.Lock())

    async def _write(
        self,
        campaign_id: str,
        command_id: str,
        decide: Callable[[CampaignState], Sequence[CampaignEvent]],
        metadata: Metadata | Callable[[CampaignState], Metadata],
    ) -> Submitted:
        """Decide on the current state and append. A command whose events are already
        in the stream (a resend) appends nothing: `duplicate`, at their position."""
        async with self._lock(campaign_id):
            stream = await self._current(campaign_id)
            try:
                known = stream.written_by(command_id)
                if known is not None:
                    return Submitted("duplicate", known)
                meta = metadata if isinstance(metadata, Metadata) else metadata(stream.state)
                appended = await self._writer.write(
                    stream, command_id, lambda: Decision(decide(stream.state), meta)
                )
            except EventIdConflict as conflict:
                reused = CommandError(
                    "command_id_conflict",
                    "This command id was already used for something else; use a new one.",
                )
                raise CommandRefused(reused) from conflict
            finally:
                self._forget_unknown(campaign_id, stream)
        assert appended.position is not None
        return Submitted("duplicate" if appended.repeated else "accepted", appended.position)

    def _forget_unknown(self, campaign_id: str, stream: CampaignStream) -> None:
        """Keep no cache entry for an id with no stream (a typo must not grow memory)."""
        if stream.version == 0:
            self._streams.pop(campaign_id, None)
            self._locks.pop(campaign_id, None)

    async def define(self, definition: CampaignDefinition, actor: Actor, command_id: str) -> int:
        metadata = Metadata.of(actor, command_id)
        command = DefineCampaign(campaign=definition)
        written = await self._write(
            definition.id, command_id, lambda state: decide_define(state, command), metadata
        )
        return written.position

    async def issue_links(
        self,
        campaign_id: str,
        actor: Actor,
        command_id: str,
        *,
        count: int = 0,
        rater_ids: Sequence[str] = (),
    ) -> tuple[list[IssuedToken], int]:
        """New link tokens (anonymous: `count` of them; identified: one per rater id)."""
        wanted: list[str | None] = [*rater_ids] if rater_ids else [None] * count
        tokens = [
            IssuedToken(f"{campaign_id}.{secrets.token_urlsafe(SECRET_BYTES)}", rater)
            for rater in wanted
        ]
        command = IssueLinks(
            links=[IssuedLink(hash=link_hash(t.token), rater_id=t.rater_id) for t in tokens]
        )
        metadata = Metadata.of(actor, command_id)
        written = await self._write(
            campaign_id, command_id, lambda state: decide_links(state, command), metadata
        )
        return tokens, written.position

    async def submit(
        self,
        token: str,
        answers: Sequence[AnswerItem],
        command_id: str,
        origin: Origin | None = None,
    ) -> Submitted:
        """A rater's submission through a link token. An anonymous one is written with
        `ANONYMOUS` metadata whatever `origin` says; an identified one keeps it."""
        campaign_id = campaign_of(token)
        if not campaign_id:
            raise CampaignRejected("link_unknown", "this link is not one of this campaign's")
        command = SubmitAnswers(link_hash=link_hash(token), answers=list(answers), at=self._clock())
        return await self._write(
            campaign_id,
            command_id,
            lambda state: decide_answers(state, command),
            lambda state: self._answer_metadata(state, command.link_hash, command_id, origin),
        )

    @staticmethod
    def _answer_metadata(
        state: CampaignState, hashed: str, command_id: str, origin: Origin | None
    ) -> Metadata:
        definition = state.definition
        rater_id = state.links.get(hashed)
        if definition is None or definition.raters == "anonymous" or rater_id is None:
            return ANONYMOUS
        given = origin or Origin()
        return Metadata(rater_id, "rater", given.device, None, given.client_time, command_id)

    async def enter_paper(
        self, campaign_id: str, rows: Sequence[PaperAnswer], actor: Actor, command_id: str
    ) -> int:
        command = EnterPaperBatch(answers=list(rows))
        metadata = Metadata.of(actor, command_id)
        written = await self._write(
            campaign_id, command_id, lambda state: decide_paper(state, command), metadata
        )
        return written.position

    async def close(self, campaign_id: str, actor: Actor, command_id: str) -> int:
        command = CloseCampaign(at=self._clock())
        metadata = Metadata.of(actor, command_id)
        written = await self._write(
            campaign_id, command_id, lambda state: decide_close(state, command), metadata
        )
        return written.position

    async def state(self, campaign_id: str) -> CampaignState | None:
        """The campaign's folded state (None: no such campaign)."""
        async with self._lock(campaign_id):
            stream = await self._current(campaign_id)
            if stream.state.definition is None:
                self._forget_unknown(campaign_id, stream)
                return None
            return stream.state

    async def report(self, campaign_id: str, viewer: Viewer = "organizer") -> dict[str, Any] | None:
        state = await self.state(campaign_id)
        return None if state is None else report(state, viewer)

    async def link_status(self, token: str) -> tuple[CampaignState, bool] | None:
        """The campaign a link belongs to and whether the link is spent (None: unknown)."""
        campaign_id = campaign_of(token)
        state = await self.state(campaign_id) if campaign_id else None
        hashed = link_hash(token)
        if state is None or hashed not in state.links:
            return None
        spent = state.definition is not None and (
            state.definition.raters == "anonymous" and hashed in state.used
        )
        return state, spent
