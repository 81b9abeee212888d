"""The read models' column vocabulary: one SQL type per kind of value they keep.

Ids (a contest, a contestant, a worker, a skill) are up to 64 characters, names and
titles up to 200, times ISO 8601 text as the events carry them, log positions 64-bit
integers. The tables (`catalog`, `snapshots`, `talent.tables`) are created by
`migrations/`, never from these definitions; they say once what the migrations made.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def identifier(
    name: str, *, primary_key: bool = False, index: bool | None = None
) -> sa.Column[Any]:
    """An id: part of the primary key, else required."""
    return sa.Column(name, sa.String(64), primary_key=primary_key, nullable=False, index=index)


def text(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    """A name, title or free text (up to 200 characters)."""
    return sa.Column(name, sa.String(200), nullable=nullable)


def moment(name: str, *, nullable: bool = True) -> sa.Column[Any]:
    """A time as ISO 8601 text, as in the event that set it."""
    return sa.Column(name, sa.String(40), nullable=nullable)


def position(name: str = "position", *, unique: bool | None = None) -> sa.Column[Any]:
    """A position in the event log."""
    return sa.Column(name, sa.BigInteger, nullable=False, unique=unique)
