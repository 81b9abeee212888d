"""Reading raw definition data defensively: lists with their paths, numbers, optional models."""

from __future__ import annotations

import math
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

T = TypeVar("T")
Raw = dict[str, Any]


def try_validate(adapter: TypeAdapter[T], raw: object) -> T | None:
    """`raw` validated by `adapter`, or None if it does not fit."""
    try:
        return adapter.validate_python(raw)
    except ValidationError:
        return None


def number(value: object) -> float | None:
    """`value` as a finite float; None for booleans, text, NaN and infinity."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def items(data: object, key: str, prefix: str = "") -> list[tuple[str, Any]]:
    """`(path, item)` for each item of the list `data[key]`; nothing if it is not a list."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(f"{prefix}{key}[{index}]", item) for index, item in enumerate(value)]


def aspects(data: Raw) -> list[tuple[str, Any]]:
    """`(path, aspect)` for every aspect of every criterion."""
    return [
        pair for path, raw in items(data, "criteria") for pair in items(raw, "aspects", path + ".")
    ]
