"""Contest-wide rules: finite numbers, unique ids, timing, ranking and penalties."""

from __future__ import annotations

import math
from collections.abc import Iterator

from judging.domain.definition_problems import Problem
from judging.domain.definition_rules.raw import Raw, aspects, items, number

_ID_GROUPS = (("venue", "venues"), ("criterion", "criteria"), ("stage", "stages"))


def non_finite(data: object, path: str = "") -> Iterator[Problem]:
    """NaN and infinity have no place in a definition (YAML `.nan`, JSON `NaN`)."""
    if isinstance(data, float) and not math.isfinite(data):
        yield Problem(path, "Must be an ordinary number, not NaN or infinity.", "not_finite")
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from non_finite(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from non_finite(value, f"{path}[{index}]")


def duplicate_ids(data: Raw) -> Iterator[Problem]:
    """An id used twice among venues, criteria, stages, aspects (contest-wide) or penalties."""
    groups = [(noun, items(data, key)) for noun, key in _ID_GROUPS]
    groups += [("aspect", aspects(data)), ("penalty", items(data, "penalties"))]
    for noun, found in groups:
        seen: dict[str, str] = {}
        for path, raw in found:
            ident = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                scope = (
                    " (aspect ids must be unique across the whole contest)"
                    if noun == "aspect"
                    else ""
                )
                message = f"The {noun} id '{ident}' is already used at {seen[ident]}{scope}."
                yield Problem(f"{path}.id", message, "duplicate_id")
            seen.setdefault(ident, path)


def timing(data: Raw) -> Iterator[Problem]:
    """The freeze must end before the contest does."""
    freeze, duration = number(data.get("freeze_minutes")), number(data.get("duration_minutes"))
    if freeze is not None and duration is not None and freeze >= duration:
        message = (
            f"The freeze ({freeze:g} min) must be shorter than the contest ({duration:g} min)."
        )
        yield Problem("freeze_minutes", message, "freeze_too_long")


def ranking(data: Raw) -> Iterator[Problem]:
    """Tie-breaks that make sense, and something to rank by for the chosen policy."""
    ranking = data.get("ranking")
    ranking = ranking if isinstance(ranking, dict) else {}
    criteria = {raw.get("id") for _, raw in items(data, "criteria") if isinstance(raw, dict)}
    for path, entry in items(ranking, "tie_breaks", "ranking."):
        yield from _tie_break(path, entry, criteria)
    policy = ranking.get("policy", "points")
    if policy == "points" and not items(data, "criteria"):
        message = "Ranking by points needs at least one criterion to award points for."
        yield Problem("criteria", message, "no_criteria")
    if policy in ("stages", "time") and not items(data, "stages"):
        message = f"Ranking by {policy} needs at least one stage to clear."
        yield Problem("stages", message, "no_stages")


def _tie_break(path: str, entry: object, criteria: set[object]) -> Iterator[Problem]:
    if entry == "countback":
        return
    if isinstance(entry, str) and entry.startswith("criterion:"):
        if entry.removeprefix("criterion:") not in criteria:
            message = f"The tie-break '{entry}' names a criterion this contest does not have."
            yield Problem(path, message, "unknown_criterion")
        return
    message = "A tie-break is 'countback' or 'criterion:<criterion id>'."
    yield Problem(path, message, "invalid_tie_break")


def penalties(data: Raw) -> Iterator[Problem]:
    """A penalty must cost points, minutes or both."""
    for path, raw in items(data, "penalties"):
        if not isinstance(raw, dict):
            continue
        costs = [number(raw.get(key, 0)) for key in ("points", "minutes")]
        if costs == [0, 0]:
            message = "A penalty must cost points, minutes or both."
            yield Problem(path, message, "empty_penalty")
