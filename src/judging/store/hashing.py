"""The hash chain: canonical JSON of an event, its hash, and chain verification.

`hash = sha256(bytes.fromhex(prev_hash) || canonical_json(event))`, where the
canonical JSON is orjson with sorted keys and no spaces over position, stream_id,
stream_version, event_id, type, data, metadata and recorded_at. `data` and
`metadata` are stored as canonical JSON text and spliced in verbatim, so the
stored bytes re-hash exactly.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Protocol

import orjson

GENESIS_HASH: Final = "0" * 64


class Hashable(Protocol):
    """What the chain covers; `RecordedEvent` and stored rows both fit."""

    @property
    def position(self) -> int: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


def canonical(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no spaces (orjson's compact form)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def format_time(moment: datetime) -> str:
    """The one textual form of `recorded_at` inside the hash: UTC, microseconds."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# The canonical JSON's one template: the keys in sorted order, orjson's compact form.
# Every value goes in as its JSON encoding (a `%b` each; `%d` for the two integers).
EVENT_JSON: Final = (
    b'{"data":%b,"event_id":%b,"metadata":%b,"position":%d,"recorded_at":%b,'
    b'"stream_id":%b,"stream_version":%d,"type":%b}'
)
# What an event's hash covers, `prev digest || canonical JSON`, as one template: the
# previous digest first, then `EVENT_JSON`'s values.
CHAINED_EVENT: Final = b"%b" + EVENT_JSON
_dumps, _sha256 = orjson.dumps, hashlib.sha256
_ID_CLASSES: Final = frozenset({uuid.UUID, str})


@functools.lru_cache(maxsize=256)
def time_json(moment: datetime) -> bytes:
    """`recorded_at` as its JSON string in the canonical JSON. Events written together
    share their time (and a page read from the log their `datetime`): most rows of a
    page format nothing."""
    return _dumps(format_time(moment))


class EventFields(Protocol):
    """The hashed fields of an event beside its data and metadata (a stored row, a
    recorded event and a `HashInput` all have them)."""

    @property
    def position(self) -> int: ...
    @property
    def stream_id(self) -> str: ...
    @property
    def stream_version(self) -> int: ...
    @property
    def event_id(self) -> uuid.UUID | str: ...
    @property
    def type(self) -> str: ...
    @property
    def recorded_at(self) -> datetime: ...


def chained_digest(
    prev_digest: bytes, event: EventFields, data_json: bytes, metadata_json: bytes
) -> bytes:
    """The raw digest of `event` chained after `prev_digest`: `CHAINED_EVENT` filled in
    one formatting (`prev_digest` and the event's canonical JSON) and hashed. An event
    id of another class than `UUID` or `str` (asyncpg's own UUID, which orjson does not
    take) goes in as its text."""
    event_id = event.event_id
    id_json = _dumps(event_id if type(event_id) in _ID_CLASSES else str(event_id))
    return _sha256(
        CHAINED_EVENT
        % (
            prev_digest,
            data_json,
            id_json,
            metadata_json,
            event.position,
            time_json(event.recorded_at),
            _dumps(event.stream_id),
            event.stream_version,
            _dumps(event.type),
        )
    ).digest()


@dataclass(frozen=True, slots=True)
class HashInput:
    """An event's hashed fields, with data and metadata as their stored canonical text."""

    position: int
    stream_id: str
    stream_version: int
    event_id: str
    type: str
    data_json: str
    metadata_json: str
    recorded_at: datetime


def chain_hash(prev_hash: str, event: HashInput) -> str:
    """The hash of `event` chained after `prev_hash` (hex digests)."""
    data, metadata = event.data_json.encode(), event.metadata_json.encode()
    return chained_digest(bytes.fromhex(prev_hash), event, data, metadata).hex()


class ChainedRow(Hashable, Protocol):
    """A stored event that can hash itself (see `judging.store.schema.StoredRow`)."""

    def digest_after(self, prev_digest: bytes) -> bytes:
        """Its raw digest chained after `prev_digest` (`chained_digest`)."""
        ...


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """Where and why the chain is broken."""

    position: int
    reason: str


@dataclass(slots=True)
class ChainVerifier:
    """Verifies the chain page by page; `feed` returns the first break, if any.

    `anchors` are published heads (position -> hash): the event stored at each of
    those positions must carry that hash, which no rewrite of the chain can keep.
    """

    prev_hash: str = GENESIS_HASH
    next_position: int = 1
    count: int = 0
    anchors: dict[int, str] = field(default_factory=dict)
    # `prev_hash` as raw bytes while it is the hash the last row checked had (the same
    # object): a row's check then parses no hex digits.
    _digest_of: str = field(default="", repr=False, compare=False)
    _digest: bytes = field(default=b"", repr=False, compare=False)

    def feed(self, rows: Iterable[ChainedRow]) -> ChainBreak | None:
        for row in rows:
            broken = self._check(row)
            if broken is not None:
                return broken
            self.prev_hash = row.hash
            self.next_position += 1
            self.count += 1
        return None

    def _check(self, row: ChainedRow) -> ChainBreak | None:
        if row.position != self.next_position:
            return ChainBreak(self.next_position, f"missing (next stored is {row.position})")
        if row.prev_hash != self.prev_hash:
            return ChainBreak(row.position, "prev_hash does not match the previous event")
        prev = self.prev_hash
        digest = row.digest_after(self._digest if prev is self._digest_of else bytes.fromhex(prev))
        if digest.hex() != row.hash:
            return ChainBreak(row.position, "content does not match its hash")
        self._digest_of, self._digest = row.hash, digest
        anchor = self.anchors.get(row.position)
        if anchor is not None and anchor != row.hash:
            return ChainBreak(row.position, f"its hash is not the expected {anchor}")
        return None

    def check_head(self, head_position: int, head_hash: str) -> ChainBreak | None:
        """After the last page: the log head must point at the last verified event,
        and every anchor must have been met."""
        last = self.next_position - 1
        if head_position > last:
            return ChainBreak(last + 1, f"missing (the log head is at {head_position})")
        if head_position != last or head_hash != self.prev_hash:
            return ChainBreak(last, f"the log head ({head_position}) does not match this event")
        beyond = sorted(p for p in self.anchors if p > last)
        if beyond:
            return ChainBreak(beyond[0], f"missing: the log ends at {last} (truncated)")
        return None


def verify_chain(
    rows: Iterable[ChainedRow], *, prev_hash: str = GENESIS_HASH, start: int = 1
) -> int | None:
    """The first broken position in `rows` (which continue after `prev_hash`), else None."""
    broken = ChainVerifier(prev_hash=prev_hash, next_position=start).feed(rows)
    return None if broken is None else broken.position
