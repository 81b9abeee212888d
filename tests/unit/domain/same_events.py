"""Two lists of events that no reader can tell apart (the codec's and the plans' tests)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def assert_same(fast: list[Any], slow: list[Any]) -> None:
    """Events that no reader can tell apart: class, fields, fields set, dumps, hash."""
    assert len(fast) == len(slow)
    for mine, theirs in zip(fast, slow, strict=True):
        assert type(mine) is type(theirs) and mine == theirs
        assert mine.model_fields_set == theirs.model_fields_set
        assert mine.model_dump() == theirs.model_dump()
        assert mine.model_dump_json() == theirs.model_dump_json()
        assert repr(mine) == repr(theirs) and hashed(mine) == hashed(theirs)
        assert mine.__pydantic_extra__ == theirs.__pydantic_extra__ is None
        assert mine.__pydantic_private__ == theirs.__pydantic_private__ is None


def hashed(event: BaseModel) -> int | None:
    try:
        return hash(event)
    except TypeError:  # a list inside (a definition, a roster): not hashable either way
        return None
