"""Planning a group commit: pure, no I/O.

Given the log head, the already stored events with the group's ids, and the
current versions of the group's streams, decide for each pending append either
its recorded events (new or, for an idempotent retry, the original ones) or its
error. One append's error never affects the others.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from judging.store.errors import EventIdConflict, StoreError, WrongExpectedVersion
from judging.store.events import ANY, ExpectedVersion, NewEvent
from judging.store.hashing import canonical, event_json, format_time, link_digest
from judging.store.schema import StoredRow


@dataclass(slots=True)
class PreparedEvent:
    """A new event serialized once, in the caller's task, before it is queued.

    Internal and never changed after it is made; not `frozen` because a frozen
    dataclass costs three times as much to build, once per appended event.
    """

    event_id: uuid.UUID
    type: str
    data_json: str
    metadata_json: str

    @classmethod
    def of(cls, event: NewEvent) -> PreparedEvent:
        data, metadata = canonical(event.data).decode(), canonical(event.metadata).decode()
        return cls(event.event_id, event.type, data, metadata)

    def same_content(self, stream_id: str, row: StoredRow) -> bool:
        return (stream_id, self.type, self.data_json, self.metadata_json) == (
            row.stream_id,
            row.type,
            row.data,
            row.metadata,
        )


@dataclass(frozen=True, slots=True)
class AppendRequest:
    stream_id: str
    events: tuple[PreparedEvent, ...]
    expected: ExpectedVersion

    @classmethod
    def of(
        cls, stream_id: str, events: Sequence[NewEvent], expected: ExpectedVersion
    ) -> AppendRequest:
        """Serialize a caller's batch once; a batch must not repeat an event id."""
        if len({e.event_id.int for e in events}) != len(events):  # .int: a C-level hash
            raise ValueError("a batch must not repeat an event id")
        return cls(stream_id, tuple(PreparedEvent.of(e) for e in events), expected)


Outcome = list[StoredRow] | StoreError


@dataclass(slots=True)
class GroupPlan:
    """The rows to insert, the new head, and one outcome per request."""

    head_position: int
    head_hash: str
    now: datetime
    stored: dict[int, StoredRow]  # by `event_id.int` (UUID's own hash is Python code)
    versions: dict[str, int]
    new_rows: list[StoredRow] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    now_text: str = ""
    head_digest: bytes = b""

    def __post_init__(self) -> None:
        self.now_text = format_time(self.now)
        self.head_digest = bytes.fromhex(self.head_hash)

    def add(self, request: AppendRequest) -> None:
        try:
            self.outcomes.append(self._plan(request))
        except StoreError as error:
            self.outcomes.append(error)

    def _plan(self, request: AppendRequest) -> list[StoredRow]:
        retry = self._already_stored(request)
        if retry is not None:
            return retry
        current = self.versions.get(request.stream_id, 0)
        if request.expected is not ANY and request.expected != current:
            raise WrongExpectedVersion(request.stream_id, request.expected, current)
        rows = [
            self._record(request.stream_id, current + i, e) for i, e in enumerate(request.events, 1)
        ]
        self.versions[request.stream_id] = current + len(rows)
        return rows

    def _already_stored(self, request: AppendRequest) -> list[StoredRow] | None:
        found = [self.stored.get(e.event_id.int) for e in request.events]
        if all(row is None for row in found):
            return None
        originals: list[StoredRow] = []
        for event, row in zip(request.events, found, strict=True):
            if row is None:
                raise EventIdConflict(event.event_id, "was not in the batch that stored the others")
            if not event.same_content(request.stream_id, row):
                raise EventIdConflict(event.event_id)
            originals.append(row)
        return originals

    def _record(self, stream_id: str, version: int, event: PreparedEvent) -> StoredRow:
        position, prev_hash = self.head_position + 1, self.head_hash
        digest = link_digest(
            self.head_digest,
            event_json(
                position,
                stream_id,
                version,
                event.event_id,
                event.type,
                event.data_json,
                event.metadata_json,
                self.now_text,
            ),
        )
        row = StoredRow(  # positional: this runs once per appended event
            position,
            stream_id,
            version,
            event.event_id,
            event.type,
            event.data_json,
            event.metadata_json,
            self.now,
            prev_hash,
            digest.hex(),
        )
        self.head_position, self.head_hash, self.head_digest = position, row.hash, digest
        self.stored[event.event_id.int] = row
        self.new_rows.append(row)
        return row


def plan_group(
    requests: Sequence[AppendRequest],
    *,
    head: tuple[int, str],
    stored: dict[uuid.UUID, StoredRow],
    versions: dict[str, int],
    now: datetime,
) -> GroupPlan:
    """Plan every request in order, as if each were appended alone after the previous."""
    by_int = {event_id.int: row for event_id, row in stored.items()}
    plan = GroupPlan(head[0], head[1], now, by_int, dict(versions))
    for request in requests:
        plan.add(request)
    return plan
