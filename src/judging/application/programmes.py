"""Mentor–apprentice programmes: the one writer of each stream `programme-<id>`.

Each command is decided by the domain (`judging.domain.mentoring.decide`) against
the programme's folded state and appended by the one writer under the request's
command id, so a retried request appends nothing twice. A programme's stream is
small (its pairs, their agreements, assessments and ends); the service keeps the
recently used ones folded, reading only the events appended since on each use.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Sequence

from judging.application.results import CommandError, CommandRefused
from judging.application.writer import Decision, Metadata, Origin, Writer
from judging.domain.commands import Actor
from judging.domain.errors import Rejected
from judging.domain.events import UnknownEventType, decode
from judging.domain.mentoring import (
    EMPTY,
    PROGRAMME_EVENTS,
    DefineProgramme,
    Programme,
    ProgrammeCommand,
    decide,
    evolve,
    programme_stream,
)
from judging.store import EventIdConflict, RecordedEvent

CACHED = 256  # programmes kept folded; the others are read again when used


class ProgrammeStream:
    """The writer's `Folded` state of one programme's stream."""

    def __init__(self, programme_id: str) -> None:
        self.stream_id = programme_stream(programme_id)
        self.version = 0
        self.state: Programme = EMPTY
        self.position = 0  # of the stream's last event

    def apply(self, recorded: Sequence[RecordedEvent]) -> None:
        for event in recorded:
            if event.stream_version <= self.version:
                continue
            try:
                found = decode(event.type, event.data, position=event.position)
            except UnknownEventType:
                found = None
            if isinstance(found, PROGRAMME_EVENTS):
                self.state = evolve(self.state, found)
            self.version = event.stream_version
            self.position = event.position


class ProgrammesService:
    def __init__(self, writer: Writer) -> None:
        self._writer = writer
        self._streams: OrderedDict[str, ProgrammeStream] = OrderedDict()
        self._lock = asyncio.Lock()

    async def execute(
        self,
        programme_id: str,
        command: ProgrammeCommand,
        actor: Actor,
        origin: Origin | None = None,
    ) -> RecordedEvent:
        """Decide and append the command; its event as recorded (the original one on a
        retry). Raises `CommandRefused` with the rejection's code."""
        if isinstance(command, DefineProgramme) and command.id != programme_id:
            raise _refused("invalid_command", "the programme id differs from the path's")
        metadata = Metadata.of(actor, command.command_id, origin or Origin())
        async with self._lock:
            stream = self._stream(programme_id)
            try:
                appended = await self._writer.write(
                    stream,
                    command.command_id,
                    lambda: Decision(decide(stream.state, command), metadata),
                )
            except Rejected as rejected:
                raise CommandRefused(CommandError.of(rejected)) from rejected
            except EventIdConflict as conflict:
                raise _refused(
                    "command_id_conflict",
                    "This command id was already used for another change of this "
                    "programme; send this one with a new id.",
                ) from conflict
        return appended.recorded[-1]  # every decision appends one event

    async def programme(self, programme_id: str) -> tuple[Programme, int] | None:
        """The programme's current state and its stream's last position (None: unknown)."""
        async with self._lock:
            stream = self._stream(programme_id)
            await self._writer.catch_up(stream)
        if stream.state.definition is None:
            return None
        return stream.state, stream.position

    def _stream(self, programme_id: str) -> ProgrammeStream:
        stream = self._streams.get(programme_id)
        if stream is None:
            stream = self._streams[programme_id] = ProgrammeStream(programme_id)
            while len(self._streams) > CACHED:
                self._streams.popitem(last=False)
        self._streams.move_to_end(programme_id)
        return stream


def _refused(code: str, message: str) -> CommandRefused:
    return CommandRefused(CommandError(code, message))
