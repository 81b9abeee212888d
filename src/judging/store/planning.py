"""Planning a group commit: pure, no I/O.

Given the log head, the already stored events with the group's ids, and the
current versions of the group's streams, decide for each pending append either
its recorded events (new or, for an idempotent retry, the original ones) or its
error. One append's error never affects the others.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from judging.store.errors import EventIdConflict, StoreError, WrongExpectedVersion
from judging.store.events import ANY, ExpectedVersion, NewEvent
from judging.store.hashing import EVENT_JSON, canonical, format_time
from judging.store.schema import StoredRow

_dumps, _SORT_KEYS = orjson.dumps, orjson.OPT_SORT_KEYS
_sha256 = hashlib.sha256


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
        """Serialize a caller's batch once; a batch must not repeat an event id.

        Events of one command usually share one metadata dict: it is serialized once.
        """
        prepared: list[PreparedEvent] = []
        ids: set[int] = set()
        last_metadata: object = None
        metadata_json = ""
        for event in events:
            ids.add(event.event_id.int)  # .int: a C-level hash
            if event.metadata is not last_metadata:
                last_metadata = event.metadata
                metadata_json = _dumps(event.metadata, option=_SORT_KEYS).decode()
            data_json = _dumps(event.data, option=_SORT_KEYS).decode()
            prepared.append(PreparedEvent(event.event_id, event.type, data_json, metadata_json))
        if len(ids) != len(prepared):
            raise ValueError("a batch must not repeat an event id")
        return cls(stream_id, tuple(prepared), expected)


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
    now_json: bytes = b""  # `recorded_at` as it goes into the canonical JSON
    head_digest: bytes = b""

    def __post_init__(self) -> None:
        self.now_json = _dumps(format_time(self.now))
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
        rows = self._record_all(request.stream_id, current, request.events)
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

    def _record_all(
        self, stream_id: str, version: int, events: Sequence[PreparedEvent]
    ) -> list[StoredRow]:
        """The rows of `events` after `version`, chained after the plan's head.

        The hot loop of every append (once per event): the canonical JSON (`EVENT_JSON`,
        as `hashing.event_json` fills it) is made from the text serialized in the
        caller's task, with what the request's events share encoded once, and hashed
        here, in the writer task, with the plan's state held in locals.
        """
        position, prev_hash, digest = self.head_position, self.head_hash, self.head_digest
        now, now_json, stored, new_rows = self.now, self.now_json, self.stored, self.new_rows
        stream_json = _dumps(stream_id)
        rows: list[StoredRow] = []
        for event in events:
            position += 1
            version += 1
            digest = _sha256(
                digest
                + EVENT_JSON
                % (
                    event.data_json.encode(),
                    _dumps(event.event_id),
                    event.metadata_json.encode(),
                    position,
                    now_json,
                    stream_json,
                    version,
                    _dumps(event.type),
                )
            ).digest()
            hash_ = digest.hex()
            row = StoredRow(  # positional: this runs once per appended event
                position,
                stream_id,
                version,
                event.event_id,
                event.type,
                event.data_json,
                event.metadata_json,
                now,
                prev_hash,
                hash_,
            )
            prev_hash = hash_
            stored[event.event_id.int] = row
            rows.append(row)
        new_rows += rows
        self.head_position, self.head_hash, self.head_digest = position, prev_hash, digest
        return rows


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
