"""Position standards: the one writer of stream `standards`, and its reader.

A standard is decided by the domain (`decide_standard`) and appended by the one
writer under the request's command id, so a retried request appends nothing twice.
The (small) stream is folded in memory, the latest definition of each id winning;
a read folds only the events appended since the last one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from judging.application.results import CommandError, CommandRefused
from judging.application.writer import Decision, Metadata, Writer
from judging.domain.commands import Actor
from judging.domain.events import UnknownEventType, decode
from judging.domain.standards import (
    STANDARDS_STREAM,
    DefineStandard,
    InvalidStandard,
    StandardDefined,
    decide_standard,
)
from judging.store import EventIdConflict, RecordedEvent


class StandardsStream:
    """The writer's `Folded` state of the `standards` stream: each id's latest definition."""

    stream_id = STANDARDS_STREAM

    def __init__(self) -> None:
        self.version = 0
        self.latest: dict[str, tuple[StandardDefined, int]] = {}

    def apply(self, recorded: Sequence[RecordedEvent]) -> None:
        for event in recorded:
            if event.stream_version <= self.version:
                continue
            try:
                standard = decode(event.type, event.data)
            except UnknownEventType:
                standard = None
            if isinstance(standard, StandardDefined):
                self.latest[standard.id] = (standard, event.position)
            self.version = event.stream_version


class StandardsService:
    def __init__(self, writer: Writer) -> None:
        self._writer = writer
        self._stream = StandardsStream()
        self._lock = asyncio.Lock()

    async def define(self, command: DefineStandard, actor: Actor) -> int:
        """Append the standard's event; its position (the original one on a retry)."""
        metadata = Metadata.of(actor, command.command_id)
        try:
            events = decide_standard(command)
        except InvalidStandard as invalid:
            raise CommandRefused(CommandError(invalid.code, str(invalid))) from invalid
        async with self._lock:
            try:
                appended = await self._writer.write(
                    self._stream,
                    command.command_id,
                    lambda: Decision(events, metadata),
                )
            except EventIdConflict as conflict:
                reused = CommandError(
                    "command_id_conflict",
                    "This command id was already used for another standard; "
                    "send this one with a new id.",
                )
                raise CommandRefused(reused) from conflict
        assert appended.position is not None
        return appended.position

    async def standards(self) -> list[tuple[StandardDefined, int]]:
        """Every standard, as last defined, with that position; sorted by id."""
        await self._writer.catch_up(self._stream)
        return [self._stream.latest[key] for key in sorted(self._stream.latest)]
