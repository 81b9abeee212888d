"""The application service of contests: load, decide, append through the one writer.

Each contest is cached (`CachedContest`) with its stream version and the positions
of the commands it accepted; it is read from its own stream once, on first use. A
command costs one append and no read.

**Group commit.** Commands for one contest queue up while its append is in flight;
one task per contest (`_drain`) takes them as a batch under the contest's
`asyncio.Lock`. A batch of one takes the one-command path (`Writer.write`, which
retries on a conflict with another process). A larger batch is decided one command
at a time, each against the state with the earlier accepted ones' events applied
(on a copy-on-write `Fold.sharing` of the cached state, so the cache changes only
once the append committed), each answered exactly as alone (accepted, rejected with
nothing appended, duplicate, `command_id_conflict`); the accepted commands' events
go to the store in ONE append, each under its own uuid5 ids and metadata
(`writer.append_grouped`), and each command is answered with its own last position.
A conflict with another process re-reads the stream and decides the whole batch
again; any other failure of the append is every command's answer; a batch the store
holds in part already (a lost answer) is decided again one command at a time.
`advance` (two streams) stays on its own path, under both contests' locks.

A command id the contest already took is answered `duplicate` only when the command
is the same one sent again (`command_identity`: same sender, kind and fields, read
back from the event it appended: one read, on a resend only); the same id used for
another command is refused as `command_id_conflict` and appends nothing. The same
id twice in one batch: the second waits for the next batch.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from judging.application import rounds
from judging.application.contest_cache import CachedContest, ContestCache
from judging.application.results import CommandError, CommandRefused, CommandResult
from judging.application.writer import (
    NO_ORIGIN,
    RETRIES,
    CommandEvents,
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
from judging.domain.evolve import Fold
from judging.domain.state import ContestState
from judging.store import NO_STREAM, EventIdConflict, RecordedEvent, WrongExpectedVersion

MAX_BATCH = 64  # commands of one contest decided and appended together, at most


@dataclass(frozen=True, slots=True)
class _Pending:
    """A command waiting for its contest's next batch, and where its answer goes."""

    command: Command
    actor: Actor
    origin: Origin
    future: asyncio.Future[CommandResult]


@dataclass(frozen=True, slots=True)
class _Nothing:
    """A command accepted with nothing to append (answered with the position before it)."""

    command_id: str


_Decided = CommandResult | int | CommandEvents | _Nothing  # int: a command taken before


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
        self._pending: defaultdict[str, list[_Pending]] = defaultdict(list)
        self._drains: dict[str, asyncio.Task[None]] = {}

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
        future: asyncio.Future[CommandResult] = asyncio.get_running_loop().create_future()
        self._pending[contest_id].append(_Pending(command, actor, origin, future))
        if contest_id not in self._drains:
            drain = asyncio.create_task(self._drain(contest_id), name=f"commands:{contest_id}")
            self._drains[contest_id] = drain
        return await asyncio.shield(future)

    async def _drain(self, contest_id: str) -> None:
        """Decide and append the contest's queued commands, a batch at a time, until
        none is left (commands that arrive during an append make the next batch)."""
        try:
            while pending := self._pending.get(contest_id):
                batch: list[_Pending] = []
                later: list[_Pending] = []
                ids: set[str] = set()
                for item in pending:
                    if item.command.command_id in ids or len(batch) >= MAX_BATCH:
                        later.append(item)  # the same id twice: its second send waits
                    else:
                        ids.add(item.command.command_id)
                        batch.append(item)
                self._pending[contest_id] = later
                try:
                    async with self._locks[contest_id]:
                        cached = self._contests.get(contest_id) or await self._load(contest_id)
                        await self._run_batch(cached, batch)
                except BaseException as error:  # every command of the batch gets the error
                    for item in batch:
                        if not item.future.done():
                            item.future.set_exception(error)
                    if not isinstance(error, Exception):
                        raise
        finally:
            for item in self._pending.pop(contest_id, []):
                item.future.cancel()  # only when the service is stopped mid-drain
            self._drains.pop(contest_id, None)

    async def _run_batch(self, cached: CachedContest, batch: list[_Pending]) -> None:
        if len(batch) == 1:  # alone: exactly the one-command path
            item = batch[0]
            item.future.set_result(
                await self._submit(cached, item.command, item.actor, item.origin)
            )
            return
        results = await self._grouped(cached, batch)
        if results is None:  # the store saw part of it before: one at a time, as alone
            for item in batch:
                result = await self._submit(cached, item.command, item.actor, item.origin)
                item.future.set_result(result)
            return
        self._contests.keep(cached)
        for item, answer in zip(batch, results, strict=True):
            if isinstance(answer, int):
                answer = await self._known(answer, item.command, item.actor)
            item.future.set_result(answer)

    async def _grouped(
        self, cached: CachedContest, batch: list[_Pending]
    ) -> list[CommandResult | int] | None:
        """Decide the batch one by one, each against the state with the earlier
        accepted ones' events applied (on a copy-on-write fold: the cached contest
        changes only once the append committed), and append what was accepted in one
        store append. A result is a `CommandResult`, or the position of a command the
        contest took before (a resend or a reused id). None: the store held some of
        these events already (a lost answer); decide them one at a time."""
        for _ in range(RETRIES):
            shadow: Fold | None = None
            decided: list[_Decided] = []
            accepted: list[CommandEvents] = []
            for index, item in enumerate(batch):
                command_id = item.command.command_id
                known = cached.commands.get(command_id)
                if known is not None:
                    decided.append(known)
                    continue
                state = shadow.state if shadow is not None else cached.state
                context = Context(actor=item.actor, now=self._clock())
                try:
                    events = decide(state, item.command, context)
                except Rejected as rejected:
                    decided.append(CommandResult.rejected(command_id, CommandError.of(rejected)))
                    continue
                if not events:
                    decided.append(_Nothing(command_id))  # answered with the position
                    continue
                venue = venue_of(state, item.command)
                share = CommandEvents(
                    command_id, events, Metadata.of(item.actor, command_id, item.origin, venue)
                )
                decided.append(share)
                accepted.append(share)
                if index < len(batch) - 1:
                    if shadow is None:
                        base = cached.state
                        shadow = Fold() if base is None else Fold.sharing(base)
                    for event in events:
                        shadow.apply(event)
            if not accepted:
                if await self._writer.catch_up(cached):
                    continue  # decided on a state behind the stream: decide again
                return self._answers(decided, [], cached.position)
            before = cached.version
            try:
                recorded = await self._writer.append_grouped(
                    cached.stream_id, accepted, before if before else NO_STREAM
                )
            except WrongExpectedVersion:
                await self._writer.catch_up(cached)
                continue
            except EventIdConflict:
                if await self._writer.catch_up(cached):
                    continue
                return None
            if recorded[0].stream_version != before + 1:
                await self._writer.catch_up(cached)
                return None
            start = cached.position
            cached.apply(recorded)
            return self._answers(decided, recorded, start)
        conflict = CommandError("version_conflict", "the contest kept changing; send it again")
        return [CommandResult.rejected(item.command.command_id, conflict) for item in batch]

    @staticmethod
    def _answers(
        decided: list[_Decided],
        recorded: list[RecordedEvent],
        start: int,
    ) -> list[CommandResult | int]:
        """Each decision's answer: an accepted command's position is its last event's."""
        answers: list[CommandResult | int] = []
        offset, last = 0, start
        for decision in decided:
            if isinstance(decision, CommandEvents):
                offset += len(decision.events)
                last = recorded[offset - 1].position
                answers.append(CommandResult.accepted(decision.command_id, last))
            elif isinstance(decision, _Nothing):
                answers.append(CommandResult.accepted(decision.command_id, last))
            else:
                answers.append(decision)
        return answers

    async def _known(self, position: int, command: Command, actor: Actor) -> CommandResult:
        """A command id the contest took before: a resend, or the id reused."""
        if not await self._same_command(position, command, actor):
            return CommandResult.rejected(command.command_id, _reused(command.command_id))
        return CommandResult.duplicate(command.command_id, position)

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
        rows = await self._writer.rows_after(cached)
        # On a worker thread: a long contest's first load takes seconds, and the
        # server goes on answering meanwhile (the contest is kept only once loaded).
        await asyncio.to_thread(cached.load, rows)
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
