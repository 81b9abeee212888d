"""Rules for one aspect: a rising scale, a panel that fits its aggregate, sound mark rules."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import TypeAdapter

from judging.domain.definition import (
    Aspect,
    JudgementAspect,
    LinearRule,
    MeasurementAspect,
    TiersRule,
)
from judging.domain.definition_problems import Problem
from judging.domain.definition_rules.raw import Raw, aspects, try_validate

_ASPECT: TypeAdapter[Aspect] = TypeAdapter(Aspect)


def aspect_rules(data: Raw) -> Iterator[Problem]:
    """The rules of every aspect that validates on its own."""
    for path, raw in aspects(data):
        aspect = try_validate(_ASPECT, raw)
        if isinstance(aspect, JudgementAspect):
            yield from _judgement_rules(path, aspect)
        elif isinstance(aspect, MeasurementAspect):
            yield from _measurement_rules(path, aspect)


def _judgement_rules(path: str, aspect: JudgementAspect) -> Iterator[Problem]:
    low, top = aspect.scale_range
    if low >= top:
        message = f"The scale must go from a lower to a higher value; [{low:g}, {top:g}] does not."
        yield Problem(f"{path}.scale", message, "invalid_scale")
    yield from _panel_rules(f"{path}.panel", aspect)


def _panel_rules(path: str, aspect: JudgementAspect) -> Iterator[Problem]:
    panel = aspect.panel
    if panel.aggregate == "trimmed" and panel.size <= 2 * panel.drop:
        message = (
            f"Dropping {panel.drop} highest and {panel.drop} lowest values needs more than "
            f"{2 * panel.drop} referees; the panel has {panel.size}."
        )
        yield Problem(f"{path}.size", message, "panel_too_small")
    if panel.aggregate == "closest_pair" and panel.size != 3:
        message = (
            f"The closest-pair aggregate needs exactly 3 referees; the panel has {panel.size}."
        )
        yield Problem(f"{path}.size", message, "panel_too_small")
    if panel.aggregate != "trimmed" and "drop" in panel.model_fields_set:
        message = (
            "'drop' applies only to the trimmed aggregate; remove it or use aggregate: trimmed."
        )
        yield Problem(f"{path}.drop", message, "drop_not_trimmed")


def _measurement_rules(path: str, aspect: MeasurementAspect) -> Iterator[Problem]:
    rule, where = aspect.rule, f"{path}.rule"
    if isinstance(rule, TiersRule):
        yield from _tier_rules(where, rule, aspect.max)
    if isinstance(rule, LinearRule) and rule.zero_at <= rule.tolerance:
        message = (
            f"zero_at ({rule.zero_at:g}) must be farther from the target than the tolerance "
            f"({rule.tolerance:g}), or the mark could never fall."
        )
        yield Problem(f"{where}.zero_at", message, "invalid_linear_range")


def _tier_rules(path: str, rule: TiersRule, full: float) -> Iterator[Problem]:
    for index, tier in enumerate(rule.tiers):
        if index and tier.below <= rule.tiers[index - 1].below:
            message = "Tiers must be listed with strictly increasing 'below' values."
            yield Problem(f"{path}.tiers[{index}].below", message, "tiers_not_increasing")
        if tier.mark > full:
            message = f"The tier mark {tier.mark:g} is above the aspect's max of {full:g}."
            yield Problem(f"{path}.tiers[{index}].mark", message, "mark_above_max")
    if rule.otherwise > full:
        message = f"The 'else' mark {rule.otherwise:g} is above the aspect's max of {full:g}."
        yield Problem(f"{path}.else", message, "mark_above_max")
