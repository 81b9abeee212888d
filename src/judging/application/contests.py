"""The application service of contests: load, decide, append; the only writer of contests.

Each contest's state is cached with its stream version and the positions of the
commands it accepted. A command is decided against the cached state and appended
with that version as `expected_version`; when another process got there first, the
stream is read from the cached version on, and the command decided again. Inside a
process, decisions on one contest are serialized by an `asyncio.Lock`.

Event ids are uuid5(contest id, command id, index): a command retried after a crash
appends nothing twice, even below this cache.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime

from judging.application.contest_cache import (
    CachedContest,
    ContestCatalog,
    command_metadata,
    encode,
)
from judging.application.results import CommandError, CommandRefused, CommandResult, Origin
from judging.domain.commands import Actor, Command, Context, DefineContest
from judging.domain.decide import decide
from judging.domain.errors import Rejected
from judging.domain.events import Event
from judging.domain.state import ContestState
from judging.store import EventIdConflict, EventStore, NewEvent, WrongExpectedVersion

EVENT_NAMESPACE = uuid.UUID("6f1d2c84-3a55-4b8e-9a43-7d8f0c1e2b90")
RETRIES = 5
NO_ORIGIN = Origin()


def event_id(contest_id: str, command_id: str, index: int) -> uuid.UUID:
    return uuid.uuid5(EVENT_NAMESPACE, f"{contest_id}/{command_id}/{index}")


def utc_now() -> datetime:
    return datetime.now(UTC)


class ContestService:
    """Commands in, positions out; also the cached state readers may ask for."""

    def __init__(self, store: EventStore, clock: Callable[[], datetime] = utc_now) -> None:
        self._store = store
        self._clock = clock
        self._catalog = ContestCatalog(store)
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def contest_ids(self) -> list[str]:
        """Every defined contest, in the order defined."""
        return await self._catalog.contest_ids()

    async def get(self, contest_id: str) -> CachedContest | None:
        """The contest, refreshed from the store; None if it was never defined."""
        return await self._catalog.load(contest_id)

    async def state(self, contest_id: str) -> ContestState | None:
        cached = await self.get(contest_id)
        return cached.state if cached is not None else None

    async def submit(
        self, contest_id: str, command: Command, actor: Actor, origin: Origin = NO_ORIGIN
    ) -> CommandResult:
        """Decide and append one command: accepted, duplicate, or rejected (never raises
        `Rejected`)."""
        async with self._locks[contest_id]:
            return await self._submit(contest_id, command, actor, origin)

    async def execute(
        self, contest_id: str, command: Command, actor: Actor, origin: Origin = NO_ORIGIN
    ) -> int:
        """Like `submit`, for whole-request commands: the last position, or `CommandRefused`."""
        result = await self.submit(contest_id, command, actor, origin)
        if result.error is not None:
            raise CommandRefused(result.error)
        assert result.position is not None
        return result.position

    async def define(self, command: DefineContest, actor: Actor, origin: Origin = NO_ORIGIN) -> int:
        return await self.execute(command.definition.id, command, actor, origin)

    async def _submit(
        self, contest_id: str, command: Command, actor: Actor, origin: Origin
    ) -> CommandResult:
        cached = await self._catalog.cached(contest_id)
        for _ in range(RETRIES):
            known = cached.commands.get(command.command_id)
            if known is not None:
                return CommandResult.duplicate(command.command_id, known)
            try:
                events = decide(cached.state, command, Context(actor=actor, now=self._clock()))
            except Rejected as rejected:
                return CommandResult.rejected(command.command_id, CommandError.of(rejected))
            if not events:
                return CommandResult.accepted(command.command_id, cached.position)
            try:
                position = await self._append(cached, contest_id, command, events, actor, origin)
            except (WrongExpectedVersion, EventIdConflict):
                cached = await self._catalog.load_cached(contest_id)
                continue
            return CommandResult.accepted(command.command_id, position)
        conflict = CommandError("version_conflict", "the contest kept changing; send it again")
        return CommandResult.rejected(command.command_id, conflict)

    async def _append(
        self,
        cached: CachedContest,
        contest_id: str,
        command: Command,
        events: list[Event],
        actor: Actor,
        origin: Origin,
    ) -> int:
        metadata = command_metadata(cached.state, command, actor, origin)
        new = [
            NewEvent(event_id(contest_id, command.command_id, i), *encode(event), metadata)
            for i, event in enumerate(events)
        ]
        recorded = await self._store.append(cached.stream_id, new, cached.expected_version)
        self._catalog.applied(cached, recorded)
        return recorded[-1].position
