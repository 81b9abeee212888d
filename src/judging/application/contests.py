"""The application service of contests: load, decide, append through the one writer.

Each contest is cached (`CachedContest`) with its stream version and the positions
of the commands it accepted; it is read from its own stream once, on first use. A
command is decided against the cached state and appended by the `Writer`, which
retries on a conflict with another process; inside a process, decisions on one
contest are serialized by an `asyncio.Lock`. A command costs one append and no read.

A command id the contest already took is answered `duplicate` only when the command
is the same one sent again (`command_identity`: same sender, kind and fields, read
back from the event it appended: one read, on a resend only); the same id used for
another command is refused as `command_id_conflict` and appends nothing.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime

from judging.application import rounds
from judging.application.contest_cache import CachedContest, ContestCache
from judging.application.results import CommandError, CommandRefused, CommandResult
from judging.application.writer import (
    NO_ORIGIN,
    Decision,
    Metadata,
    Origin,
    StreamKeptChanging,
    Writer,
)
from judging.domain.commands import (
    Actor,
    Advance,
    Command,
    Context,
    Correct,
    DefineContest,
    command_identity,
    recorded_identity,
)
from judging.domain.decide import decide
from judging.domain.errors import Rejected
from judging.domain.events import UnknownEventType, parse_event
from judging.domain.state import ContestState


def utc_now() -> datetime:
    return datetime.now(UTC)


def venue_of(state: ContestState | None, command: Command) -> str | None:
    """The venue of the contestant a command is about (a correction: the corrected one)."""
    if state is None:
        return None
    contestant_id = getattr(command, "contestant_id", None)
    if isinstance(command, Correct):
        record = state.record(command.supersedes)
        contestant_id = record.contestant_id if record is not None else None
    entry = state.contestants.get(contestant_id) if isinstance(contestant_id, str) else None
    return entry.contestant.venue if entry is not None else None


class ContestService:
    """Commands in, positions out; also the cached contests readers may ask for."""

    def __init__(self, writer: Writer, clock: Callable[[], datetime] = utc_now) -> None:
        self._writer = writer
        self._clock = clock
        self._contests = ContestCache()
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def get(self, contest_id: str) -> CachedContest | None:
        """The contest as this process knows it (read from its stream on first use);
        None if it was never defined."""
        cached = self._contests.get(contest_id)
        if cached is None:
            cached = await self._load(contest_id)
        return cached if cached.state is not None else None

    async def refreshed(self, contest_id: str) -> CachedContest | None:
        """`get`, brought up to date with what other processes appended since."""
        cached = self._contests.get(contest_id)
        if cached is None:
            return await self.get(contest_id)
        await self._writer.catch_up(cached)
        return self._contests.keep(cached)

    async def state(self, contest_id: str) -> ContestState | None:
        cached = await self.refreshed(contest_id)
        return cached.state if cached is not None else None

    async def submit(
        self, contest_id: str, command: Command, actor: Actor, origin: Origin = NO_ORIGIN
    ) -> CommandResult:
        """Decide and append one command: accepted, duplicate, or rejected (never raises
        `Rejected`)."""
        if isinstance(command, Advance):
            return await self._advance(contest_id, command, actor, origin)
        async with self._locks[contest_id]:
            cached = self._contests.get(contest_id) or await self._load(contest_id)
            return await self._submit(cached, command, actor, origin)

    async def _advance(
        self, contest_id: str, command: Advance, actor: Actor, origin: Origin
    ) -> CommandResult:
        """`advance` from round `contest_id` to `command.to`: both rounds locked, in id
        order (two advances never wait on each other in a cycle)."""
        if command.to == contest_id:
            error = CommandError("not_next_round", "A round cannot advance to itself.")
            return CommandResult.rejected(command.command_id, error)
        first, second = sorted((contest_id, command.to))
        async with self._locks[first], self._locks[second]:
            source = self._contests.get(contest_id) or await self._load(contest_id)
            target = self._contests.get(command.to) or await self._load(command.to)
            await self._writer.catch_up(source)
            await self._writer.catch_up(target)
            result = await rounds.advance(
                self._writer, source, target, command, actor, origin, self._clock()
            )
            self._contests.keep(source)
            self._contests.keep(target)
            return result

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

    async def _load(self, contest_id: str) -> CachedContest:
        cached = CachedContest(contest_id)
        await self._writer.catch_up(cached)
        return self._contests.keep(cached)  # never a contest that does not exist

    async def _submit(
        self, cached: CachedContest, command: Command, actor: Actor, origin: Origin
    ) -> CommandResult:
        command_id = command.command_id

        def decision() -> Decision | None:
            if command_id in cached.commands:
                return None
            events = decide(cached.state, command, Context(actor=actor, now=self._clock()))
            venue = venue_of(cached.state, command)
            return Decision(events, Metadata.of(actor, command_id, origin, venue))

        try:
            appended = await self._writer.write(cached, command_id, decision)
        except Rejected as rejected:
            return CommandResult.rejected(command_id, CommandError.of(rejected))
        except StreamKeptChanging:
            conflict = CommandError("version_conflict", "the contest kept changing; send it again")
            return CommandResult.rejected(command_id, conflict)
        self._contests.keep(cached)  # a contest just defined, or just finalized
        if appended.position is not None and not appended.repeated:
            return CommandResult.accepted(command_id, appended.position)
        known = cached.commands.get(command_id)
        if known is None:
            return CommandResult.accepted(command_id, cached.position)  # nothing to append
        if not await self._same_command(known, command, actor):
            return CommandResult.rejected(command_id, _reused(command_id))
        return CommandResult.duplicate(command_id, known)

    async def _same_command(self, position: int, command: Command, actor: Actor) -> bool:
        """Whether `command` is the one whose (last) event is at `position`, sent again.

        Unknown when that event is not a command's first, or of a type this version does
        not know: then it is taken for a resend, as before identities were compared."""
        recorded = await self._writer.event_at(position)
        if recorded is None:
            return True
        try:
            event = parse_event(recorded.type, recorded.data)
        except UnknownEventType:
            return True
        actor_id = str((recorded.metadata or {}).get("actor_id"))
        identity = recorded_identity(event, actor_id)
        return identity is None or identity == command_identity(command, actor.id)


def _reused(command_id: str) -> CommandError:
    return CommandError(
        "command_id_conflict",
        f"Command id {command_id} was already used for another command; "
        "send this one with a new id.",
    )
