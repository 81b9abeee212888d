"""Contests as the service caches them: state, stream version, accepted command ids.

`ContestCatalog` finds the defined contests by tailing the log (`read_all`) and keeps
one `CachedContest` per contest, brought up to date by reading its stream after the
version it has (so refreshing is cheap and applying an event twice is impossible).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from judging.application.results import Origin
from judging.domain.commands import Actor, Command, Correct
from judging.domain.events import Event, event_data, parse_event, stream_id
from judging.domain.evolve import evolve
from judging.domain.state import ContestState
from judging.store import NO_STREAM, EventStore, RecordedEvent

PAGE = 1000


def encode(event: Event) -> tuple[str, dict[str, Any]]:
    return event.type, event_data(event)


class CachedContest:
    def __init__(self, contest_id: str) -> None:
        self.contest_id = contest_id
        self.stream_id = stream_id(contest_id)
        self.state: ContestState | None = None
        self.version = 0
        self.position = 0
        self.defined_position = 0  # the position of the contest's first event
        self.commands: dict[str, int] = {}  # accepted command id -> its last position

    @property
    def expected_version(self) -> int:
        return self.version if self.version else NO_STREAM

    def apply(self, recorded: Iterable[RecordedEvent]) -> None:
        for event in recorded:
            if event.stream_version <= self.version:
                continue
            self.state = evolve(self.state, parse_event(event.type, dict(event.data)))
            self.version = event.stream_version
            self.position = event.position
            if event.stream_version == 1:
                self.defined_position = event.position
            command_id = (event.metadata or {}).get("command_id")
            if isinstance(command_id, str):
                self.commands[command_id] = event.position


def _venue(state: ContestState | None, command: Command) -> str | None:
    if state is None:
        return None
    contestant_id = getattr(command, "contestant_id", None)
    if isinstance(command, Correct):
        record = state.record(command.supersedes)
        contestant_id = record.contestant_id if record is not None else None
    entry = state.contestants.get(contestant_id) if isinstance(contestant_id, str) else None
    return entry.contestant.venue if entry is not None else None


def command_metadata(
    state: ContestState | None, command: Command, actor: Actor, origin: Origin
) -> dict[str, Any]:
    return {
        "actor_id": actor.id,
        "role": actor.role,
        "device": origin.device,
        "venue": _venue(state, command),
        "client_time": origin.client_time,
        "command_id": command.command_id,
    }


class ContestCatalog:
    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._contests: dict[str, CachedContest] = {}
        self._ids: list[str] = []
        self._scanned = 0

    async def contest_ids(self) -> list[str]:
        while True:
            page = await self._store.read_all(self._scanned, PAGE)
            for event in page:
                if event.type == "contest_defined" and event.stream_id.startswith("contest-"):
                    self._ids.append(event.stream_id.removeprefix("contest-"))
                self._scanned = event.position
            if len(page) < PAGE:
                return list(self._ids)

    async def cached(self, contest_id: str) -> CachedContest:
        if contest_id in self._contests:
            return self._contests[contest_id]
        return await self.load_cached(contest_id)

    async def load_cached(self, contest_id: str) -> CachedContest:
        """The contest brought up to date with its stream (state None if undefined)."""
        cached = self._contests.get(contest_id) or CachedContest(contest_id)
        cached.apply(await self._store.read_stream(cached.stream_id, cached.version))
        if cached.state is not None:  # never keep a contest that does not exist
            self._contests.setdefault(contest_id, cached)
        return cached

    async def load(self, contest_id: str) -> CachedContest | None:
        cached = await self.load_cached(contest_id)
        return cached if cached.state is not None else None

    def applied(self, cached: CachedContest, recorded: Iterable[RecordedEvent]) -> None:
        cached.apply(recorded)
        self._contests.setdefault(cached.contest_id, cached)
