"""The one writer: how every aggregate's events reach the event store.

Contests, position standards and access tokens all append here, the same way:

- **Event ids** are uuid5 of (stream, command id, index): a command sent again, after
  a crash or a lost answer, appends nothing twice, even past a stale cache.
- **Metadata** has one shape, `Metadata`: actor id, role, device, venue, client
  time and command id (None where a writer has no such fact).
- **Optimistic concurrency**: a decision is made against a `Folded` stream state and
  appended with that state's version as the expected version. When another process
  got there first (`WrongExpectedVersion`), the state reads only its stream's newer
  events and the decision is made again; a refusal (`Rejected`) decided on a state
  that turns out to be behind is retried the same way. After an append the state
  folds the events just appended: it is never re-read.

Results carry no HTTP knowledge: the caller turns them into its own answers.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from judging.domain.commands import Actor
from judging.domain.errors import Rejected
from judging.domain.events import DomainEvent, encode
from judging.store import (
    NO_STREAM,
    EventIdConflict,
    EventStore,
    ExpectedVersion,
    NewEvent,
    RecordedEvent,
    StreamRow,
    WrongExpectedVersion,
)

EVENT_NAMESPACE = uuid.UUID("6f1d2c84-3a55-4b8e-9a43-7d8f0c1e2b90")
RETRIES = 5

ClientTime = str | float | int | None


def new_command_id() -> str:
    """The id of a command the server makes itself (a definition, a roster, a grant)."""
    return str(uuid.uuid4())


def event_id(stream_id: str, command_id: str, index: int) -> uuid.UUID:
    """The store id of the `index`-th event a command appends to a stream."""
    return uuid.uuid5(EVENT_NAMESPACE, f"{stream_id}/{command_id}/{index}")


@dataclass(frozen=True, slots=True)
class Origin:
    """Request facts stored in the events' metadata: the device and the client's clock."""

    device: str | None = None
    client_time: ClientTime = None


NO_ORIGIN = Origin()


@dataclass(frozen=True, slots=True)
class Metadata:
    """Who appended an event, from where, and for which command (DESIGN.md §3)."""

    actor_id: str
    role: str
    device: str | None = None
    venue: str | None = None
    client_time: ClientTime = None
    command_id: str | None = None

    @classmethod
    def of(
        cls,
        actor: Actor,
        command_id: str | None,
        origin: Origin = NO_ORIGIN,
        venue: str | None = None,
    ) -> Metadata:
        return cls(actor.id, actor.role, origin.device, venue, origin.client_time, command_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "actor_id": self.actor_id,
            "role": self.role,
            "device": self.device,
            "venue": self.venue,
            "client_time": self.client_time,
            "command_id": self.command_id,
        }


class Folded(Protocol):
    """A stream's state, folded from its events up to `version` (0: no stream yet)."""

    @property
    def stream_id(self) -> str: ...

    @property
    def version(self) -> int: ...

    def apply(self, recorded: Sequence[RecordedEvent]) -> None:
        """Fold in the events after `version` (any at or below it are skipped)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """What a command appends, and with which metadata."""

    events: Sequence[DomainEvent]
    metadata: Metadata


Decide = Callable[[], Decision | None]  # None: nothing to append (already done)


@dataclass(frozen=True, slots=True)
class Appended:
    """The recorded events of a write; `repeated`: the store held them already.

    A resend is told apart by the stream versions it comes back with; one whose
    events happen to be the very next ones of the state cannot be, and reads as new.
    """

    recorded: list[RecordedEvent]
    repeated: bool = False

    @property
    def position(self) -> int | None:
        return self.recorded[-1].position if self.recorded else None


class StreamKeptChanging(Exception):
    """Every retry found the stream moved on by another writer."""

    def __init__(self, stream_id: str) -> None:
        super().__init__(f"stream {stream_id!r} kept changing; send the command again")
        self.stream_id = stream_id


Keyed = tuple[uuid.UUID, DomainEvent]  # an event with the store id it is appended under


class Writer:
    def __init__(self, store: EventStore, retries: int = RETRIES) -> None:
        self._store = store
        self._retries = retries

    async def catch_up(self, stream: Folded) -> bool:
        """Fold the stream's events after the state's version; whether there were any."""
        newer = await self._store.read_stream(stream.stream_id, stream.version)
        stream.apply(newer)
        return bool(newer)

    async def rows_after(self, stream: Folded) -> list[StreamRow]:
        """The stream's rows after the state's version, to fold them at once (a first
        load: `CachedContest.load`)."""
        return await self._store.read_stream_rows(stream.stream_id, stream.version)

    async def event_at(self, position: int) -> RecordedEvent | None:
        """The event stored at `position` (None past the head): one indexed read."""
        found = await self._store.read_all(after=position - 1, limit=1)
        return found[0] if found and found[0].position == position else None

    async def write(self, stream: Folded, command_id: str, decide: Decide) -> Appended:
        """Decide against `stream` and append, again after each conflict (or raise).

        `decide` may raise `Rejected`; a rejection stands once the state is current.
        Raises `StreamKeptChanging` after `RETRIES` conflicts, and `EventIdConflict`
        when the command id was used before for other events of this stream.
        """
        for _ in range(self._retries):
            try:
                decision = decide()
            except Rejected:
                if await self.catch_up(stream):
                    continue
                raise
            if decision is None or not decision.events:
                return Appended([])
            try:
                return await self._append_decided(stream, command_id, decision)
            except WrongExpectedVersion:
                await self.catch_up(stream)
            except EventIdConflict:
                if not await self.catch_up(stream):
                    raise
        raise StreamKeptChanging(stream.stream_id)

    async def _append_decided(
        self, stream: Folded, command_id: str, decision: Decision
    ) -> Appended:
        keyed = [
            (event_id(stream.stream_id, command_id, i), event)
            for i, event in enumerate(decision.events)
        ]
        before = stream.version
        expected = before if before else NO_STREAM
        recorded = await self.append(stream.stream_id, keyed, decision.metadata, expected)
        if recorded[0].stream_version == before + 1:
            stream.apply(recorded)
            return Appended(recorded)
        await self.catch_up(stream)  # an earlier send of the command, stored before
        return Appended(recorded, repeated=True)

    async def append_grouped(
        self, stream_id: str, commands: Sequence[CommandEvents], expected: ExpectedVersion
    ) -> list[RecordedEvent]:
        """Several commands' events in one append (see `append_grouped`)."""
        return await append_grouped(self._store, stream_id, commands, expected)

    async def append(
        self,
        stream_id: str,
        events: Sequence[Keyed],
        metadata: Metadata,
        expected_version: ExpectedVersion,
    ) -> list[RecordedEvent]:
        """Append events whose ids are already decided (a command's, or an import's)."""
        meta = metadata.to_json()
        new = [NewEvent(eid, *encode(event), meta) for eid, event in events]
        return await self._store.append(stream_id, new, expected_version)


@dataclass(frozen=True, slots=True)
class CommandEvents:
    """One command's share of a grouped append: its id, events and metadata."""

    command_id: str
    events: Sequence[DomainEvent]
    metadata: Metadata


async def append_grouped(
    store: EventStore,
    stream_id: str,
    commands: Sequence[CommandEvents],
    expected_version: ExpectedVersion,
) -> list[RecordedEvent]:
    """Append several commands' events to one stream in one store append (one commit).

    Each event keeps the id it would have had alone (`event_id` of its command and
    index) and its own command's metadata; the recorded events come back in order.
    """
    new: list[NewEvent] = []
    for command in commands:
        meta = command.metadata.to_json()
        for i, event in enumerate(command.events):
            eid = event_id(stream_id, command.command_id, i)
            new.append(NewEvent(eid, *encode(event), meta))
    return await store.append(stream_id, new, expected_version)
