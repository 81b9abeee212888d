"""A contest as the application keeps it: state, stream version, accepted command ids.

`CachedContest` is the writer's `Folded` state of one contest stream: loaded from
that stream on first use, then advanced by the events the writer just appended (or,
after a conflict, by the stream's newer events only), so a command costs no read.
"""

from __future__ import annotations

from collections.abc import Sequence

from judging.domain.events import parse_event, stream_id
from judging.domain.evolve import evolve
from judging.domain.state import ContestState
from judging.store import RecordedEvent


class CachedContest:
    def __init__(self, contest_id: str) -> None:
        self.contest_id = contest_id
        self.stream_id = stream_id(contest_id)
        self.state: ContestState | None = None
        self.version = 0
        self.position = 0
        self.defined_position = 0  # the position of the contest's first event
        self.commands: dict[str, int] = {}  # accepted command id -> its last position

    def apply(self, recorded: Sequence[RecordedEvent]) -> None:
        for event in recorded:
            if event.stream_version <= self.version:
                continue
            self.state = evolve(self.state, parse_event(event.type, event.data))
            self.version = event.stream_version
            self.position = event.position
            if event.stream_version == 1:
                self.defined_position = event.position
            command_id = (event.metadata or {}).get("command_id")
            if isinstance(command_id, str):
                self.commands[command_id] = event.position
