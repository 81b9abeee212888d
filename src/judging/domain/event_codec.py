"""Decoding many stored events at once: one pydantic call per page, not one per event.

`decode(type, data)` (in `judging.domain.events`) validates one event per call; a
board that loads a long stream or a time travel calls it hundreds of thousands of
times, and the per-call overhead is about half of its cost. `decode_many` validates
a whole page with one `TypeAdapter` over the registry's discriminated union: the
same classes, the same validation, the same upcasting (a type with a schema version
above 1 goes through `upcast`; its current version key is dropped before the model
sees it), so each result equals what `decode` gives.

Whenever a page does not validate as a whole, it is decoded again event by event with
`decode`, which raises the error naming the event's position (`UnknownEventType`,
`UnreadableEvent`). The adapters are derived from `REGISTRY` on first use, so event
classes registered there are covered without any change here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from judging.domain.events import (
    CONTEST_EVENTS,
    REGISTRY,
    SCHEMA_VERSIONS,
    ContestEvent,
    DomainEvent,
    UnknownEventType,
    decode,
    parse_event,
    upcast,
)

Stored = tuple[str, Mapping[str, Any], int | None]  # type, data, log position (for errors)


@functools.cache
def _adapter(contest_only: bool) -> TypeAdapter[list[Any]]:
    classes = CONTEST_EVENTS if contest_only else tuple(REGISTRY.values())
    union: Any = Union[classes]  # noqa: UP007 (a union built from a tuple of classes)
    return TypeAdapter(list[Annotated[union, Field(discriminator="type")]])


@functools.cache
def _known(contest_only: bool) -> frozenset[str]:
    if contest_only:
        return frozenset(cls.model_fields["type"].default for cls in CONTEST_EVENTS)
    return frozenset(REGISTRY)


def decode_many(stored: Sequence[Stored]) -> list[DomainEvent]:
    """`decode` of each (type, data, position), in order, of any family."""
    return _decode_many(stored, contest_only=False)


def parse_events(stored: Sequence[Stored]) -> list[ContestEvent]:
    """`parse_event` of each (type, data, position): a contest stream's events."""
    events: list[ContestEvent] = _decode_many(stored, contest_only=True)
    return events


def _decode_many(stored: Sequence[Stored], *, contest_only: bool) -> list[Any]:
    known = _known(contest_only)
    inputs: list[dict[str, Any]] = []
    try:
        for type_, data, _ in stored:
            if type_ not in known:
                raise UnknownEventType(type_)
            fields = dict(data) if type_ not in SCHEMA_VERSIONS else upcast(type_, data)
            fields["type"] = type_
            inputs.append(fields)
        return _adapter(contest_only).validate_python(inputs)
    except (ValueError, LookupError):  # ValidationError and the events' errors included
        return _one_by_one(stored, contest_only)


def _one_by_one(stored: Sequence[Stored], contest_only: bool) -> list[Any]:
    if contest_only:
        return [parse_event(type_, data, position=position) for type_, data, position in stored]
    return [decode(type_, data, position=position) for type_, data, position in stored]
