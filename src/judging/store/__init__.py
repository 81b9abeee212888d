"""The event store (DESIGN.md §3): an append-only, gap-free, hash-chained log."""

from judging.store.base import EventStore
from judging.store.errors import (
    CheckpointConflict,
    EventIdConflict,
    StoreClosed,
    StoreError,
    WrongExpectedVersion,
)
from judging.store.events import (
    ANY,
    NO_STREAM,
    AnyVersion,
    ExpectedVersion,
    NewEvent,
    RecordedEvent,
    StreamRow,
)
from judging.store.factory import open_store
from judging.store.migration import migrate
from judging.store.tracking import ProjectionTracking

__all__ = [
    "ANY",
    "NO_STREAM",
    "AnyVersion",
    "CheckpointConflict",
    "EventIdConflict",
    "EventStore",
    "ExpectedVersion",
    "NewEvent",
    "ProjectionTracking",
    "RecordedEvent",
    "StoreClosed",
    "StoreError",
    "StreamRow",
    "WrongExpectedVersion",
    "migrate",
    "open_store",
]
