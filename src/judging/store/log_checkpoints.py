"""Checkpoint events: the log head, recorded in the log at a steady cadence.

Stream `log-checkpoints`, type `log_checkpointed`, data `{"position": P, "hash": H}`:
the head the checkpoint follows (P is the position of the last event before it was
written, H that event's chain hash). Cadence: once `every_events` events (1,000)
were appended since the last checkpoint, and at the latest `every_seconds` (300 s)
after it while the log has moved at all; a quiet log gets none. One process per
database writes them: the holder of the `log-checkpoints` lock (the projections'
locks: an advisory lock on PostgreSQL), checking the head every `poll_seconds`.

A checkpoint is part of the chain it certifies, so on its own it proves nothing
against a rewrite; its use is to be copied out (the event feed, a notary, a
printout) and later given to `judging verify --expect P:H`, which fails on any log
that no longer has H at P.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from judging.store.base import EventStore
from judging.store.events import NewEvent

STREAM: Final = "log-checkpoints"
TYPE: Final = "log_checkpointed"
LOCK: Final = "log-checkpoints"
NAMESPACE: Final = uuid.UUID("0f7c1e56-3c8e-4c55-9d1a-4d6b1f0c2a77")
METADATA: Final = {"actor": "judging", "role": "system"}


@dataclass(frozen=True, slots=True)
class Cadence:
    every_events: int = 1000
    every_seconds: float = 300.0
    poll_seconds: float = 5.0


def checkpoint_event(position: int, hash_: str) -> NewEvent:
    """The checkpoint of the head (`position`, `hash_`); its id is the head's, so a
    retry of the same checkpoint is stored once."""
    event_id = uuid.uuid5(NAMESPACE, f"{position}:{hash_}")
    return NewEvent(event_id, TYPE, {"position": position, "hash": hash_}, dict(METADATA))


class LogCheckpoints:
    """Appends checkpoint events while this process holds their lock."""

    def __init__(
        self,
        store: EventStore,
        cadence: Cadence | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._cadence = cadence or Cadence()
        self._clock = clock

    async def run(self) -> None:
        """Forever: write checkpoints while holding the lock, else try for it again."""
        while True:
            async with self._store.tracking.lock(LOCK) as lease:
                if lease:
                    await lease.guard(self._write())
                else:
                    await asyncio.sleep(self._cadence.poll_seconds)

    async def _write(self) -> None:
        stream = await self._store.read_stream(STREAM)
        version = len(stream)
        last = stream[-1].position if stream else 0
        since = self._clock()
        while True:
            head = await self._store.head()
            if self._due(head - last, self._clock() - since):
                [recorded] = await self._store.read_all(after=head - 1, limit=1)
                event = checkpoint_event(recorded.position, recorded.hash)
                [written] = await self._store.append(STREAM, [event], version)
                version, last, since = written.stream_version, written.position, self._clock()
            await asyncio.sleep(self._cadence.poll_seconds)

    def _due(self, events: int, seconds: float) -> bool:
        cadence = self._cadence
        return events >= cadence.every_events or (events > 0 and seconds >= cadence.every_seconds)
