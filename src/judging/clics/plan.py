"""What an import appends to the store, given what the contest's stream already holds.

Re-importing is idempotent: the imported events have stable ids, so a stream that
already starts with exactly those ids is left as it is (its missing tail, if an
earlier import was interrupted, is appended after it); a stream holding anything
else is a different contest with the same id, and the import is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from judging.clics.importer import ImportResult
from judging.domain.events import event_data

BATCH_SIZE = 500


class ContestExists(ValueError):
    """The stream holds events that are not this feed's."""


@dataclass(frozen=True, slots=True)
class Pending:
    """One event to append, in the store's terms."""

    event_id: UUID
    type: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Plan:
    expected_version: int  # the stream's version before the first batch (0: no stream)
    batches: list[list[Pending]]


def plan_import(
    result: ImportResult, stored_ids: Sequence[UUID], batch_size: int = BATCH_SIZE
) -> Plan:
    """The batches still to append after `stored_ids` (the stream's event ids, in order)."""
    ours = result.event_ids
    if list(stored_ids) != ours[: len(stored_ids)]:
        raise ContestExists(
            f"stream contest-{result.contest_id} already holds other events; "
            "import under another id (--id)"
        )
    todo = [
        Pending(eid, event.type, event_data(event))
        for eid, event in zip(ours, result.events, strict=True)
    ][len(stored_ids) :]
    batches = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)]
    return Plan(expected_version=len(stored_ids), batches=batches)
