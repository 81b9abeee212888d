"""Declared totals, of each criterion and of the contest, must match the aspects' maxima."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from judging.domain.definition_problems import Problem
from judging.domain.definition_rules.raw import Raw, aspects, items, number

_TOLERANCE = 1e-6


def totals(data: Raw) -> Iterator[Problem]:
    """A declared `total` that the maxima below it do not add up to."""
    for path, raw in items(data, "criteria"):
        declared = number(raw.get("total")) if isinstance(raw, dict) else None
        actual = _sum_of_maxima(items(raw, "aspects"))
        if declared is not None and actual is not None:
            yield from _total_problem(f"{path}.total", declared, actual, "maxima of its aspects")
    declared = number(data.get("total"))
    actual = _sum_of_maxima(aspects(data))
    if declared is not None and actual is not None and items(data, "criteria"):
        yield from _total_problem("total", declared, actual, "criteria")


def _sum_of_maxima(raws: list[tuple[str, Any]]) -> float | None:
    """The sum of the items' `max`, or None if any is missing or not a number."""
    maxima = [number(raw.get("max")) if isinstance(raw, dict) else None for _, raw in raws]
    return math.fsum(m for m in maxima if m is not None) if None not in maxima else None


def _total_problem(path: str, declared: float, actual: float, parts: str) -> Iterator[Problem]:
    if not math.isclose(declared, actual, rel_tol=0, abs_tol=_TOLERANCE):
        message = f"The declared total is {declared:g} but the {parts} add up to {actual:g}."
        yield Problem(path, message, "total_mismatch")
