"""Marking rules (DESIGN.md §4): panel values and measured values turned into marks.

Everything here is exact (floats summed with `math.fsum`, never rounded); `display`
is the only place a mark is rounded, and only for showing it.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from judging.domain.definition import (
    Aspect,
    DirectRule,
    JudgementAspect,
    LinearRule,
    MeasurementAspect,
    Panel,
    PassFailRule,
    Rule,
    TiersRule,
)

_HUNDREDTHS = Decimal("0.01")


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _trimmed(values: Sequence[float], drop: int) -> float:
    if len(values) <= 2 * drop:
        return _mean(values)
    ordered = sorted(values)
    return _mean(ordered[drop : len(ordered) - drop])


def _same_gap(first: float, second: float) -> bool:
    """Gaps equal up to float noise (8.2 - 8.1 and 8.3 - 8.2 are a tie)."""
    return math.isclose(first, second, rel_tol=1e-9, abs_tol=1e-9)


def _closest_pair(values: Sequence[float]) -> float:
    """Mean of the two closest values; on a tie between pairs, the higher pair."""
    if len(values) < 3:
        return _mean(values)
    best_gap, best_pair = math.inf, (0.0, 0.0)
    for low, high in itertools.pairwise(sorted(values)):
        gap = high - low
        # Pairs come in ascending order, so a tie replaces the lower pair.
        if gap < best_gap or _same_gap(gap, best_gap):
            best_gap, best_pair = gap, (low, high)
    return math.fsum(best_pair) / 2


def aggregate_panel(values: Sequence[float], panel: Panel) -> float:
    """Aggregate the values a panel gave, on the aspect's scale.

    A partial panel is aggregated over what is there; with fewer values than the
    aggregate needs, the mean is used.
    """
    if not values:
        raise ValueError("a panel aggregate needs at least one value")
    if panel.aggregate == "median":
        return float(statistics.median(values))
    if panel.aggregate == "trimmed":
        return _trimmed(values, panel.drop)
    if panel.aggregate == "closest_pair":
        return _closest_pair(values)
    return _mean(values)


def panel_spread(values: Sequence[float]) -> float:
    """The distance between the highest and the lowest value (0 for no values)."""
    return max(values) - min(values) if values else 0.0


def judgement_mark(values: Sequence[float], aspect: JudgementAspect) -> float:
    """The mark of a judgement aspect: the panel aggregate mapped from scale to 0..max."""
    low, top = aspect.scale_range
    aggregate = aggregate_panel(values, aspect.panel)
    return (aggregate - low) / (top - low) * aspect.max


def needs_rescoring(values: Sequence[float], aspect: JudgementAspect) -> bool:
    """True when the panel's spread exceeds its `max_spread` (meaningful when complete)."""
    limit = aspect.panel.max_spread
    return limit is not None and panel_spread(values) > limit


def _linear_mark(value: float, rule: LinearRule, full: float) -> float:
    distance = abs(value - rule.target)
    if distance <= rule.tolerance:
        return full
    if distance >= rule.zero_at:
        return 0.0
    return full * (rule.zero_at - distance) / (rule.zero_at - rule.tolerance)


def _tiers_mark(value: float, rule: TiersRule) -> float:
    for tier in rule.tiers:
        if tier.below > value:
            return tier.mark
    return rule.otherwise


def measurement_mark(value: float | bool, aspect: MeasurementAspect) -> float:
    """The mark of a measured value under the aspect's rule.

    The value is assumed in range (see `value_in_range`); a direct value is returned
    as it is.
    """
    rule = aspect.rule
    if isinstance(rule, PassFailRule):
        return aspect.max if value == 1 else 0.0
    if isinstance(rule, TiersRule):
        return _tiers_mark(float(value), rule)
    if isinstance(rule, LinearRule):
        return _linear_mark(float(value), rule, aspect.max)
    return float(value)


def _is_number(value: float | bool) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _measurement_in_range(value: float | bool, rule: Rule, full: float) -> bool:
    if isinstance(rule, PassFailRule):
        return isinstance(value, bool) or (_is_number(value) and value in (0, 1))
    if not _is_number(value):
        return False
    if isinstance(rule, DirectRule):
        return 0 <= value <= full
    return True


def value_in_range(value: float | bool, aspect: Aspect) -> bool:
    """Whether a referee may give this value for the aspect (NaN and inf never are)."""
    if isinstance(aspect, MeasurementAspect):
        return _measurement_in_range(value, aspect.rule, aspect.max)
    low, top = aspect.scale_range
    return _is_number(value) and low <= value <= top


def display(mark: float) -> float:
    """A mark rounded half-up to 2 decimals, for display only (never for ranking)."""
    if not math.isfinite(mark):
        return mark
    return float(Decimal(repr(mark)).quantize(_HUNDREDTHS, rounding=ROUND_HALF_UP))
