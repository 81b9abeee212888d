"""The rows a store just committed, kept for its followers (`sql.RecentRows`)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from judging.store.rows import Row, time_text
from judging.store.schema import StoredRow
from judging.store.sql import RecentRows

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def rows(*positions: int) -> list[Row]:
    return [
        (p, "s", p, uuid.uuid4().hex, "t", "{}", "{}", time_text(NOW), "0" * 64, "1" * 64)
        for p in positions
    ]


def test_serves_contiguous_rows_it_holds() -> None:
    recent = RecentRows()
    recent.add(rows(3, 4))
    recent.add(rows(5, 6, 7))
    assert [r.position for r in recent.after(2, 10)] == [3, 4, 5, 6, 7]
    assert [r.position for r in recent.after(4, 2)] == [5, 6]
    assert recent.after(7, 10) == []  # nothing newer held: the database answers
    assert recent.after(1, 10) == []  # position 2 was never held


def test_a_gap_starts_again() -> None:
    recent = RecentRows()
    recent.add(rows(1, 2))
    recent.add(rows(5))  # another process wrote 3 and 4
    assert recent.after(1, 10) == []
    assert [r.position for r in recent.after(4, 10)] == [5]


def test_keeps_only_the_last_rows() -> None:
    recent = RecentRows(keep=3)
    recent.add(rows(1, 2, 3, 4, 5))
    assert recent.after(1, 10) == []
    assert [r.position for r in recent.after(2, 10)] == [3, 4, 5]
    recent.add(rows(6))
    assert [r.position for r in recent.after(3, 10)] == [4, 5, 6]


def test_serves_each_row_as_one_stored_row_to_every_follower() -> None:
    recent = RecentRows()
    [row] = rows(1)
    recent.add([row])
    first, second = recent.after(0, 1), recent.after(0, 1)
    assert first == [
        StoredRow(1, "s", 1, uuid.UUID(row[3]), "t", "{}", "{}", NOW, "0" * 64, "1" * 64)
    ]
    assert first[0] is second[0]
