"""Meets: the one writer of streams `meet-<id>` (and of the index `meets`), and the
meet's board, read through the contest service.

A definition is decided by the domain (`decide_meet`) and appended by the one
writer under the request's command id, so a retried request appends nothing twice.
The first definition of a meet also lists it in the stream `meets` (one
`meet_listed` per meet, its event id fixed by the meet id): the meet list reads that
small stream and each listed meet's own stream, never the log. A definition whose
listing failed (a crash in between) is listed by the next define or redefine of it.

The board (`meet_board`) reads the meet's stream and each of its rounds' contests
from the contest service's cache (brought up to date with their own streams): the
cost follows the size of the meet, never the history. Its `position` is the latest
log position among the meet's stream and its contests.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from judging.application.contests import ContestService
from judging.application.results import CommandError, CommandRefused
from judging.application.writer import Appended, Decision, Metadata, Writer
from judging.domain.commands import Actor
from judging.domain.errors import Rejected
from judging.domain.events import UnknownEventType, decode
from judging.domain.meet import (
    MEETS_INDEX_STREAM,
    MeetCommand,
    MeetDefined,
    MeetDefinition,
    MeetListed,
    decide_meet,
    is_meet_id,
    meet_stream,
)
from judging.domain.meet_table import meet_board
from judging.domain.state import ContestState
from judging.store import EventIdConflict, RecordedEvent


class MeetStream:
    """The writer's `Folded` state of one meet's stream: its latest definition."""

    def __init__(self, meet_id: str) -> None:
        self.stream_id = meet_stream(meet_id)
        self.version = 0
        self.position = 0
        self.definition: MeetDefinition | None = None
        self.commands: dict[str, int] = {}  # command id -> the position it appended at

    def apply(self, recorded: Sequence[RecordedEvent]) -> None:
        for event in recorded:
            if event.stream_version <= self.version:
                continue
            fact = _decoded(event)
            if isinstance(fact, MeetDefined):
                self.definition = fact.definition
            self.version = event.stream_version
            self.position = event.position
            command_id = (event.metadata or {}).get("command_id")
            if isinstance(command_id, str):
                self.commands[command_id] = event.position


class MeetIndex:
    """The `Folded` state of stream `meets`: the listed meet ids, in listing order."""

    stream_id = MEETS_INDEX_STREAM

    def __init__(self) -> None:
        self.version = 0
        self.ids: dict[str, None] = {}

    def apply(self, recorded: Sequence[RecordedEvent]) -> None:
        for event in recorded:
            if event.stream_version <= self.version:
                continue
            fact = _decoded(event)
            if isinstance(fact, MeetListed):
                self.ids[fact.id] = None
            self.version = event.stream_version


def _decoded(event: RecordedEvent) -> object:
    try:
        return decode(event.type, event.data)
    except UnknownEventType:
        return None


@dataclass(frozen=True, slots=True)
class Meet:
    definition: MeetDefinition
    position: int  # of its latest definition


class MeetService:
    def __init__(self, writer: Writer, contests: ContestService) -> None:
        self._writer = writer
        self._contests = contests
        self._streams: dict[str, MeetStream] = {}
        self._index = MeetIndex()
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def define(self, command: MeetCommand, actor: Actor) -> int:
        """Append the meet's definition; its position (the current one when nothing
        changed, the original one on a retry). `CommandRefused` with the domain's code.
        A defined meet is listed in any case (a listing a crash left out included)."""
        meet_id, command_id = command.definition.id, command.command_id
        metadata = Metadata.of(actor, command_id)
        async with self._locks[meet_id]:
            stream = await self._stream(meet_id)
            try:
                appended = await self._write(stream, command, metadata)
            finally:
                if stream.definition is not None:
                    self._streams[meet_id] = stream
                    await self._list(meet_id, metadata)
        if appended.position is not None and not appended.repeated:
            return appended.position
        return stream.commands.get(command_id, stream.position)

    async def _write(
        self, stream: MeetStream, command: MeetCommand, metadata: Metadata
    ) -> Appended:
        command_id = command.command_id

        def decision() -> Decision | None:
            if command_id in stream.commands:
                return None  # sent again: answered with its first position
            return Decision(decide_meet(stream.definition, command), metadata)

        try:
            return await self._writer.write(stream, command_id, decision)
        except Rejected as rejected:
            raise CommandRefused(CommandError.of(rejected)) from None
        except EventIdConflict as conflict:
            reused = CommandError(
                "command_id_conflict",
                "This command id was already used for another meet definition; "
                "send this one with a new id.",
            )
            raise CommandRefused(reused) from conflict

    async def _list(self, meet_id: str, metadata: Metadata) -> None:
        def decision() -> Decision | None:
            if meet_id in self._index.ids:
                return None
            return Decision([MeetListed(id=meet_id)], metadata)

        async with self._locks[MEETS_INDEX_STREAM]:
            await self._writer.write(self._index, f"listed-{meet_id}", decision)

    async def _stream(self, meet_id: str) -> MeetStream:
        stream = self._streams.get(meet_id) or MeetStream(meet_id)
        await self._writer.catch_up(stream)
        return stream

    async def meet(self, meet_id: str) -> Meet | None:
        """The meet as last defined (None: never defined, or not a meet id)."""
        if not is_meet_id(meet_id):
            return None
        stream = await self._stream(meet_id)
        if stream.definition is None:
            return None
        self._streams[meet_id] = stream
        return Meet(stream.definition, stream.position)

    async def meets(self) -> list[Meet]:
        """Every listed meet, in the order they were first defined."""
        async with self._locks[MEETS_INDEX_STREAM]:
            await self._writer.catch_up(self._index)
        found = [await self.meet(meet_id) for meet_id in list(self._index.ids)]
        return [meet for meet in found if meet is not None]

    async def board(self, meet_id: str) -> dict[str, Any] | None:
        """The meet's board document (`meet_table.meet_board`); None: no such meet."""
        meet = await self.meet(meet_id)
        if meet is None:
            return None
        states: dict[str, ContestState | None] = {}
        position = meet.position
        for contest_id in meet.definition.contest_ids:
            cached = await self._contests.refreshed(contest_id)
            states[contest_id] = cached.state if cached is not None else None
            if cached is not None:
                position = max(position, cached.position)
        return meet_board(meet.definition, states, position)
