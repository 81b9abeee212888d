"""Decoding many stored events at once: built by plan, validated only where needed.

`decode(type, data)` (in `judging.domain.events`) validates one event per call; a
board that loads a long stream or a time travel decodes hundreds of thousands of
events. Yet a stored event was validated when it was written (and the store checks
its hash chain on read): copying its data, dispatching it over the union of every
class and checking every field again is work that a catch-up can skip. So each event
of a flat class is built by its class's plan (`judging.domain.event_plans`), equal to
what `decode` gives, without validation.

Whatever no plan covers is validated as before, with one `TypeAdapter` over the
registry's discriminated union (upcasting included): a class that is not flat, data
whose keys are not exactly the class's fields (a default left out, an unknown key), a
value of another type or that breaks a bound, an unknown type. What does not validate
is decoded again with `decode`, which raises the error naming the event's position
(`UnknownEventType`, `UnreadableEvent`). Plans and adapters are derived from
`REGISTRY` on first use, so a class registered there is covered without any change
here.

`with_events(rows)` does the same for rows as a store reads them (anything with a
`type`, its `data` as JSON text and a `position`: the store's `StreamRow`), each
row's JSON parsed just before its event is built.

`iter_events` hands each event on as soon as it is built, so a fold takes it while
its objects are still in the processor's cache: board loading decodes and folds this
way (a page decoded first and folded after cost about 10% more per event, measured on
the fold bench's contest). Events before an unreadable one are handed on before the
error is raised. Non-flat events are rare in a contest's stream (its definition,
registrations, awards, advancements), so each is validated alone.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Annotated, Any, Protocol, TypeVar, Union

import orjson
from pydantic import Field, TypeAdapter

from judging.domain.event_plans import builders
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


class StoredText(Protocol):
    """A stored event with its data still as JSON text (the store's `StreamRow`)."""

    @property
    def position(self) -> int: ...

    @property
    def type(self) -> str: ...

    @property
    def data(self) -> str: ...


Row = TypeVar("Row", bound=StoredText)


def decode_many(stored: Sequence[Stored]) -> list[DomainEvent]:
    """`decode` of each (type, data, position), in order, of any family."""
    return list(_decoded(stored, contest_only=False))


def parse_events(stored: Sequence[Stored]) -> list[ContestEvent]:
    """`parse_event` of each (type, data, position): a contest stream's events."""
    return list(_decoded(stored, contest_only=True))


def iter_events(stored: Iterable[Stored]) -> Iterator[ContestEvent]:
    """`parse_events`, each event handed on as soon as it is built."""
    return _decoded(stored, contest_only=True)


def with_events(rows: Sequence[Row]) -> Iterator[tuple[Row, ContestEvent]]:
    """Each row of a contest's stream with its event, in order: the row's JSON parsed
    and the event built just before it is handed on (as `iter_events`)."""
    loads = orjson.loads
    stored = ((row.type, loads(row.data), row.position) for row in rows)
    return zip(rows, _decoded(stored, contest_only=True), strict=True)


def _decoded(stored: Iterable[Stored], *, contest_only: bool) -> Iterator[Any]:
    """Each event built by its class's plan, else validated."""
    build = builders(contest_only).get
    for item in stored:
        event = build(item[0], _unplanned)(item[1])
        yield event if event is not None else _validated([item], contest_only)[0]


def _unplanned(data: Mapping[str, Any]) -> None:
    """The builder of a type without a plan: validation decodes it."""


def _validated(stored: Sequence[Stored], contest_only: bool) -> list[Any]:
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


def _one_by_one(stored: Sequence[Stored], contest_only: bool) -> list[Any]:
    if contest_only:
        return [parse_event(type_, data, position=position) for type_, data, position in stored]
    return [decode(type_, data, position=position) for type_, data, position in stored]
