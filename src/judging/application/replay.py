"""Replay: copy a finished contest into a new one, at its original pace divided by a speed.

The copy is an ordinary contest (its own stream), so the server, which tails the log,
shows it live on its big screens. Every event of the original stream is copied in
order with its data unchanged, except the definition's id; its store id is derived
from the new contest id and the original event id (uuid5), and its metadata gains
`replay_of` and `original_position`.

The pace follows the contest clock where there is one: an attempt's `contest_time`,
else an event's `at` since the start (so an imported CLICS contest, whose events were
all recorded at once, replays at its real pace); before the start, the gaps between
the original `recorded_at`. Every wait is divided by the speed and capped at `max_gap`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from judging.domain.events import UnreadableEvent, parse_event, stream_id
from judging.store import EventStore, NewEvent, RecordedEvent

# Namespace of the store ids of replayed events (uuid5 of "<new id>/<original id>").
REPLAY_NAMESPACE = uuid.UUID("5d0b8a3e-2f4c-5a71-8e96-1b7c4d2e9a03")
MIN_SLEEP = 0.02  # seconds: shorter waits are carried over, so events go in one batch
BATCH_SIZE = 500


class ReplayError(ValueError):
    """A replay that cannot start (unknown contest, new id taken)."""


class InvalidReplayId(ReplayError):
    """The new contest id is not a valid contest id."""


@dataclass(frozen=True, slots=True)
class Pace:
    speed: float  # contest seconds per real second
    max_gap: float  # longest wait between two events (real seconds)


@dataclass(frozen=True, slots=True)
class Step:
    delay: float  # real seconds to wait before appending the event
    clock: float | None  # contest time of the original event (seconds), if it has one
    event: NewEvent


@dataclass(slots=True)
class Progress:
    """How far a replay got; updated after each append (for the caller to print)."""

    target_id: str = ""
    total: int = 0
    appended: int = 0
    clock: float | None = None
    positions: list[int] = field(default_factory=list)


def replay_id(contest_id: str, n: int) -> str:
    return f"{contest_id}-replay-{n}"


def copy_event(recorded: RecordedEvent, source_id: str, target_id: str) -> NewEvent:
    """The original event as an event of the replay contest."""
    data = dict(recorded.data)
    if recorded.type == "contest_defined":
        data["definition"] = {**data["definition"], "id": target_id}
        _check_definition(recorded.type, data, target_id)
    metadata = {
        **recorded.metadata,
        "replay_of": source_id,
        "original_position": recorded.position,
    }
    new_id = uuid.uuid5(REPLAY_NAMESPACE, f"{target_id}/{recorded.event_id}")
    return NewEvent(new_id, recorded.type, data, metadata)


def _check_definition(type_: str, data: dict[str, Any], target_id: str) -> None:
    try:
        parse_event(type_, data)
    except UnreadableEvent as error:
        raise InvalidReplayId(f"invalid contest id {target_id!r}: {error.reason}") from error


def contest_clocks(events: Sequence[RecordedEvent]) -> list[float | None]:
    """Each event's contest time in seconds, where it has one."""
    started: datetime | None = None
    clocks: list[float | None] = []
    for event in events:
        if event.type == "contest_started":
            started = datetime.fromisoformat(event.data["at"])
        if event.type == "attempt_recorded":
            clocks.append(float(event.data["contest_time"]))
        elif started is not None and isinstance(event.data.get("at"), str):
            clocks.append((datetime.fromisoformat(event.data["at"]) - started).total_seconds())
        else:
            clocks.append(None)
    return clocks


def plan_replay(
    events: Sequence[RecordedEvent], source_id: str, target_id: str, pace: Pace
) -> list[Step]:
    """The copies to append, each with the wait before it."""
    clocks = contest_clocks(events)
    steps: list[Step] = []
    last_clock: float | None = None
    for i, (event, clock) in enumerate(zip(events, clocks, strict=True)):
        if clock is not None and last_clock is not None:
            gap = clock - last_clock
        else:
            gap = (event.recorded_at - events[i - 1].recorded_at).total_seconds() if i else 0.0
        delay = min(max(gap, 0.0) / pace.speed, pace.max_gap)
        steps.append(Step(delay, clock, copy_event(event, source_id, target_id)))
        if clock is not None:
            last_clock = clock if last_clock is None else max(last_clock, clock)
    return steps


async def free_replay_id(store: EventStore, contest_id: str) -> str:
    """The first `<cid>-replay-<n>` whose stream does not exist yet."""
    n = 1
    while await store.read_stream(stream_id(replay_id(contest_id, n))):
        n += 1
    return replay_id(contest_id, n)


Sleep = Callable[[float], Awaitable[None]]


async def replay(
    store: EventStore,
    source_id: str,
    pace: Pace,
    progress: Progress,
    on_progress: Callable[[Progress], None] = lambda _: None,
    sleep: Sleep = asyncio.sleep,
) -> Progress:
    """Copy the contest `source_id` into `progress.target_id` (default: a free replay id).

    `on_progress` is called once before the first append, then after each append.
    """
    original = await store.read_stream(stream_id(source_id))
    if not original:
        raise ReplayError(f"no contest {source_id!r}")
    progress.target_id = progress.target_id or await free_replay_id(store, source_id)
    if await store.read_stream(stream_id(progress.target_id)):
        raise ReplayError(f"contest {progress.target_id!r} already exists; pick another --as")
    steps = plan_replay(original, source_id, progress.target_id, pace)
    progress.total = len(steps)
    on_progress(progress)  # announced: nothing appended yet
    await _play(store, steps, progress, on_progress, sleep)
    return progress


async def _play(
    store: EventStore,
    steps: list[Step],
    progress: Progress,
    on_progress: Callable[[Progress], None],
    sleep: Sleep,
) -> None:
    batch: list[Step] = []
    owed = 0.0
    for step in steps:
        owed += step.delay
        if owed >= MIN_SLEEP or len(batch) >= BATCH_SIZE:
            await _append(store, batch, progress, on_progress)
            batch = []
        if owed >= MIN_SLEEP:
            await sleep(owed)
            owed = 0.0
        batch.append(step)
    await _append(store, batch, progress, on_progress)


async def _append(
    store: EventStore,
    batch: list[Step],
    progress: Progress,
    on_progress: Callable[[Progress], None],
) -> None:
    if not batch:
        return
    stream = stream_id(progress.target_id)
    recorded = await store.append(stream, [s.event for s in batch], progress.appended)
    progress.appended += len(recorded)
    progress.positions += [event.position for event in recorded]
    progress.clock = next((s.clock for s in reversed(batch) if s.clock is not None), progress.clock)
    on_progress(progress)
