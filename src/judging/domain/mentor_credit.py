"""Mentor credit: an apprentice's achievements count on the mentor's record while the
pair lasts.

Pure: given the spans of pairs (from the pair's start to its end, or to today while it
goes on) and achievements (finalized contest results, awards, levels granted, each on
a day), `credits` keeps each achievement dated within a span of its apprentice, for
that span's mentor. Where the achievements come from is the read side's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class PairSpan:
    """When a mentor had an apprentice: from `start` to `end` (None: still on)."""

    programme_id: str
    pair_id: str
    mentor_id: str
    apprentice_id: str
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class Achievement:
    """Something an apprentice achieved on a day: a result, an award, a level."""

    worker_id: str
    kind: str  # result | award | level
    on: date
    source: str  # the contest (or assessment) it came from
    title: str
    detail: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Credit:
    span: PairSpan
    achievement: Achievement


def credits(
    spans: Iterable[PairSpan], achievements: Iterable[Achievement], today: date
) -> list[Credit]:
    """Each achievement of an apprentice dated within one of their pairs, for its mentor;
    sorted by date, then mentor, apprentice and source."""
    by_apprentice: dict[str, list[PairSpan]] = {}
    for span in spans:
        by_apprentice.setdefault(span.apprentice_id, []).append(span)
    found = [
        Credit(span, achievement)
        for achievement in achievements
        for span in by_apprentice.get(achievement.worker_id, ())
        if span.start <= achievement.on <= (span.end or today)
    ]
    return sorted(
        found,
        key=lambda c: (
            c.achievement.on,
            c.span.mentor_id,
            c.span.apprentice_id,
            c.achievement.source,
            c.achievement.kind,
        ),
    )
