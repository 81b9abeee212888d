"""Planning a group commit: pure, no I/O.

Given the log head, the already stored events with the group's ids, and the
current versions of the group's streams, decide for each pending append either
its rows (new or, for an idempotent retry, the original ones) or its error. One
append's error never affects the others.

The plan writes each new event straight into the tuple that goes to the database
(`rows.Row`); the recorded events handed back are made from the caller's own
events and those rows (`GroupPlan.recorded`), by each caller after the commit
(the writer goes on with the next group).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import NamedTuple

import orjson

from judging.store.errors import EventIdConflict, StoreError, WrongExpectedVersion
from judging.store.events import ANY, ExpectedVersion, NewEvent, RecordedEvent, recorded_event
from judging.store.hashing import CHAINED_EVENT, format_time
from judging.store.rows import Row, parse_time, row_of, stored_row, time_text
from judging.store.schema import StoredRow

_dumps, _SORT_KEYS = orjson.dumps, orjson.OPT_SORT_KEYS
_sha256 = hashlib.sha256


@dataclass(frozen=True, slots=True)
class AppendRequest:
    """A caller's batch, its data and metadata serialized once, in the caller's task.

    `data_json` and `metadata_json` hold each event's canonical JSON (one object for
    events sharing one metadata dict), `ids` each event id's `int` (a C-level hash;
    `UUID`'s own is Python code). Never changed after it is made.
    """

    stream_id: str
    events: tuple[NewEvent, ...]
    expected: ExpectedVersion
    data_json: tuple[bytes, ...]
    metadata_json: tuple[bytes, ...]
    ids: tuple[int, ...]

    @classmethod
    def of(
        cls, stream_id: str, events: Sequence[NewEvent], expected: ExpectedVersion
    ) -> AppendRequest:
        """Serialize a caller's batch once; a batch must not repeat an event id.

        Events of one command usually share one metadata dict: it is serialized once.
        One plain loop: a comprehension each would cost a single event's append
        (most appends) three more objects for the collector to count.
        """
        events = tuple(events)
        ids: list[int] = []
        data: list[bytes] = []
        metadata: list[bytes] = []
        last: object = cls  # no event's metadata
        last_json = b""
        for event in events:
            ids.append(event.event_id.int)
            data.append(_dumps(event.data, option=_SORT_KEYS))
            if event.metadata is not last:
                last, last_json = event.metadata, _dumps(event.metadata, option=_SORT_KEYS)
            metadata.append(last_json)
        if len(ids) > 1 and len(set(ids)) != len(ids):
            raise ValueError("a batch must not repeat an event id")
        # Tuples: the collector stops tracking a tuple of bytes or ints, never a list.
        return cls(stream_id, events, expected, tuple(data), tuple(metadata), tuple(ids))


class Placed(NamedTuple):
    """A request's rows: planned now, or stored before (`retry`, an idempotent one)."""

    rows: list[Row]
    retry: bool


Outcome = Placed | StoreError
Making = Callable[[], list[RecordedEvent]]  # makes one request's recorded events


@dataclass(slots=True)
class GroupPlan:
    """The rows to insert, the new head, and one outcome per request."""

    head_position: int
    head_hash: str
    now: datetime
    stored: dict[int, Row]  # by `event_id.int`: stored before, or planned in this group
    versions: dict[str, int]
    rows: list[Row] = field(default_factory=list)
    requests: list[AppendRequest] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    type_json: dict[str, bytes] = field(default_factory=dict)  # each type's JSON
    now_text: str = ""  # `recorded_at` as a row holds it
    now_json: bytes = b""  # `recorded_at` as it goes into the canonical JSON
    head_digest: bytes = b""

    def __post_init__(self) -> None:
        self.now_text = time_text(self.now)
        self.now_json = _dumps(format_time(self.now))
        self.head_digest = bytes.fromhex(self.head_hash)

    @property
    def new_rows(self) -> list[StoredRow]:
        """The rows to insert as `StoredRow`s (to read them; the writers send `rows`)."""
        return [stored_row(row) for row in self.rows]

    def add(self, request: AppendRequest) -> None:
        self.requests.append(request)
        try:
            self.outcomes.append(self._plan(request))
        except StoreError as error:
            self.outcomes.append(error)

    def deferred(self) -> list[Making | StoreError]:
        """Per request: its error, or what makes its recorded events when called: by its
        caller, in its own task, while the writer goes on with the next group."""
        return [
            outcome if isinstance(outcome, StoreError) else partial(self.recorded, index)
            for index, outcome in enumerate(self.outcomes)
        ]

    def results(self) -> list[list[RecordedEvent] | StoreError]:
        """Per request: its recorded events, or its error."""
        return [
            outcome if isinstance(outcome, StoreError) else self.recorded(index)
            for index, outcome in enumerate(self.outcomes)
        ]

    def recorded(self, index: int) -> list[RecordedEvent]:
        """The recorded events of the `index`th request (a planned one), carrying the
        caller's own `data` and `metadata` dicts (an original's have the same JSON)."""
        placed = self.outcomes[index]
        assert isinstance(placed, Placed), "a refused request has no recorded events"
        return self._recorded(self.requests[index], placed)

    def _recorded(self, request: AppendRequest, placed: Placed) -> list[RecordedEvent]:
        if placed.retry:
            return [
                recorded_event(r[0], r[1], r[2], e.event_id, e.type, e.data, e.metadata,
                               parse_time(r[7]), r[8], r[9])
                for r, e in zip(placed.rows, request.events, strict=True)
            ]  # fmt: skip
        now = self.now
        return [
            recorded_event(r[0], r[1], r[2], e.event_id, e.type, e.data, e.metadata, now,
                           r[8], r[9])
            for r, e in zip(placed.rows, request.events, strict=True)
        ]  # fmt: skip

    def _plan(self, request: AppendRequest) -> Placed:
        retry = self._already_stored(request)
        if retry is not None:
            return Placed(retry, True)
        current = self.versions.get(request.stream_id, 0)
        if request.expected is not ANY and request.expected != current:
            raise WrongExpectedVersion(request.stream_id, request.expected, current)
        rows = self._record_all(request, current)
        self.versions[request.stream_id] = current + len(rows)
        return Placed(rows, False)

    def _already_stored(self, request: AppendRequest) -> list[Row] | None:
        stored = self.stored
        if not stored or stored.keys().isdisjoint(request.ids):
            return None
        originals: list[Row] = []
        for event, data, metadata, key in zip(
            request.events, request.data_json, request.metadata_json, request.ids, strict=True
        ):
            row = stored.get(key)
            if row is None:
                raise EventIdConflict(event.event_id, "was not in the batch that stored the others")
            content = (request.stream_id, event.type, data.decode(), metadata.decode())
            if content != (row[1], row[4], row[5], row[6]):
                raise EventIdConflict(event.event_id)
            originals.append(row)
        return originals

    def _record_all(self, request: AppendRequest, version: int) -> list[Row]:
        """The rows of `request` after `version`, chained after the plan's head
        (`chain_rows`; each type's JSON kept for the plan)."""
        rows, self.head_digest, self.head_hash = chain_rows(
            self.head_digest,
            self.head_hash,
            self.head_position,
            version,
            request.stream_id,
            _dumps(request.stream_id),
            self.now_json,
            self.now_text,
            request.events,
            request.data_json,
            request.metadata_json,
            self.type_json,
            _dumps,
        )
        self.head_position += len(rows)
        self.stored.update(zip(request.ids, rows, strict=True))
        self.rows += rows
        return rows


def python_chain_rows(
    digest: bytes,
    prev_hash: str,
    position: int,
    version: int,
    stream_id: str,
    stream_json: bytes,
    now_json: bytes,
    now_text: str,
    events: tuple[NewEvent, ...],
    data_json: tuple[bytes, ...],
    metadata_json: tuple[bytes, ...],
    types: dict[str, bytes],
    dumps: Callable[[str], bytes],
) -> tuple[list[Row], bytes, str]:
    """A request's rows after `position` and `version`, chained after `digest` (the
    raw form of `prev_hash`): the rows, and the last row's digest and hash.

    The hot loop of every append (once per event): what the hash covers (the previous
    digest and the canonical JSON, `hashing.CHAINED_EVENT`) is made in one formatting
    from the JSON serialized in the caller's task, hashed, and written into the
    event's row with the state held in locals; a metadata shared by the request's
    events is decoded once, each type encoded once (`types`, filled with `dumps`).
    `_chain.c` is the same loop compiled (`chain_rows` is it where it was built).
    """
    rows: list[Row] = []
    append = rows.append
    last_metadata, metadata_text = b"", ""
    for event, data, metadata in zip(events, data_json, metadata_json, strict=True):
        position += 1
        version += 1
        event_id, type_ = event.event_id, event.type
        type_json = types.get(type_)
        if type_json is None:
            type_json = types[type_] = dumps(type_)
        digest = _sha256(
            CHAINED_EVENT
            % (
                digest,
                data,
                _dumps(event_id),
                metadata,
                position,
                now_json,
                stream_json,
                version,
                type_json,
            )
        ).digest()
        hash_ = digest.hex()
        if metadata is not last_metadata:
            last_metadata, metadata_text = metadata, metadata.decode()
        hex_id = "%032x" % event_id.int  # noqa: UP031 (half the cost of f"" or .hex)
        append((position, stream_id, version, hex_id, type_, data.decode(), metadata_text,
                now_text, prev_hash, hash_))  # fmt: skip
        prev_hash = hash_
    return rows, digest, prev_hash


ChainRows = Callable[
    [bytes, str, int, int, str, bytes, bytes, str, tuple[NewEvent, ...], tuple[bytes, ...],
     tuple[bytes, ...], dict[str, bytes], Callable[[str], bytes]],
    tuple[list[Row], bytes, str],
]  # fmt: skip
compiled_chain_rows: ChainRows | None
try:  # the compiled loop, a third of the cost per event, where it was built (setup.py)
    from judging.store._chain import chain as compiled_chain_rows
except ImportError:  # no C compiler or OpenSSL headers at install time
    compiled_chain_rows = None
chain_rows: ChainRows = python_chain_rows if compiled_chain_rows is None else compiled_chain_rows


def plan_group(
    requests: Sequence[AppendRequest],
    *,
    head: tuple[int, str],
    stored: dict[uuid.UUID, StoredRow],
    versions: dict[str, int],
    now: datetime,
) -> GroupPlan:
    """Plan every request in order, as if each were appended alone after the previous."""
    by_int = {event_id.int: row_of(row) for event_id, row in stored.items()}
    plan = GroupPlan(head[0], head[1], now, by_int, dict(versions))
    for request in requests:
        plan.add(request)
    return plan
