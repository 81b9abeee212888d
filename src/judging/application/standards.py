"""Position standards: the one writer of stream `standards`, and its reader.

A standard is decided by the domain (`decide_standard`) and appended with an event id
derived from the command id, so a retried request appends nothing twice. Reading
folds the (small) stream: the latest definition of each id wins.
"""

from __future__ import annotations

import uuid

from judging.domain.commands import Actor
from judging.domain.standards import (
    STANDARDS_STREAM,
    DefineStandard,
    StandardDefined,
    decide_standard,
    parse_standard_event,
    standard_event_data,
)
from judging.store import ANY, EventStore, NewEvent

STANDARDS_NAMESPACE = uuid.UUID("0c4b7f2e-5d1a-4f5e-8a77-3b9e2f6d1c58")


def standard_event_id(command_id: str, index: int) -> uuid.UUID:
    return uuid.uuid5(STANDARDS_NAMESPACE, f"{STANDARDS_STREAM}/{command_id}/{index}")


class StandardsService:
    def __init__(self, store: EventStore) -> None:
        self._store = store

    async def define(self, command: DefineStandard, actor: Actor) -> int:
        """Append the standard's event; its position (the original one on a retry)."""
        metadata = {"actor_id": actor.id, "role": actor.role, "command_id": command.command_id}
        new = [
            NewEvent(
                standard_event_id(command.command_id, i), e.type, standard_event_data(e), metadata
            )
            for i, e in enumerate(decide_standard(command))
        ]
        recorded = await self._store.append(STANDARDS_STREAM, new, ANY)
        return recorded[-1].position

    async def standards(self) -> list[tuple[StandardDefined, int]]:
        """Every standard, as last defined, with that position; sorted by id."""
        latest: dict[str, tuple[StandardDefined, int]] = {}
        for event in await self._store.read_stream(STANDARDS_STREAM):
            standard = parse_standard_event(event.type, dict(event.data))
            if standard is not None:
                latest[standard.id] = (standard, event.position)
        return [latest[key] for key in sorted(latest)]
