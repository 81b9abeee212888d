"""Loading and validating contest definitions (DESIGN.md §4).

Every problem is reported at once as a `Problem`: a path such as
`criteria[2].aspects[0].max`, a stable code and a message an organizer understands.
First the shape problems pydantic finds (its errors turned into our terms), then the
cross-field rules. These run on the raw data piece by piece, not on a validated
model, so that one broken part does not hide the problems of the others; each rule
skips what it cannot read.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from judging.domain.definition import (
    Aspect,
    ContestDefinition,
    JudgementAspect,
    LinearRule,
    MeasurementAspect,
    PassFailRule,
    TiersRule,
)
from judging.domain.definition_text import UnreadableText, load_text

Raw = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a definition: where, what, and a stable code."""

    path: str
    message: str
    code: str


class DefinitionError(ValueError):
    """A definition was refused; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = [f"{p.path or '(definition)'}: {p.message} [{p.code}]" for p in self.problems]
        super().__init__("invalid contest definition:\n" + "\n".join(lines))


def parse_definition(
    text: str | bytes, content_type: str = "application/json"
) -> ContestDefinition:
    """Read a definition from JSON, or YAML when the content type says so, and validate it.

    Text too large, nested too deep or with YAML aliases is refused before it is read
    (`judging.domain.definition_text`)."""
    try:
        data = load_text(text, yaml_text=_is_yaml(content_type))
    except UnreadableText as error:
        raise DefinitionError([Problem("", error.message, error.code)]) from error
    return validate_definition(data)


def load_definition_file(path: str | PathLike[str]) -> ContestDefinition:
    """Read and validate a definition file; `.yaml`/`.yml` files are YAML, others JSON."""
    file = Path(path)
    kind = "application/yaml" if file.suffix.lower() in (".yaml", ".yml") else "application/json"
    return parse_definition(file.read_bytes(), kind)


def validate_definition(data: object) -> ContestDefinition:
    """Validate parsed data; raise `DefinitionError` listing every problem found."""
    if not isinstance(data, dict):
        message = "A contest definition must be a set of named fields (an object / mapping)."
        raise DefinitionError([Problem("", message, "not_an_object")])
    try:
        definition: ContestDefinition | None = ContestDefinition.model_validate(data)
        problems: list[Problem] = []
    except ValidationError as error:
        definition, problems = None, [from_pydantic(detail) for detail in error.errors()]
    problems += [problem for rule in _RULES for problem in rule(data)]
    if problems or definition is None:
        raise DefinitionError(problems)
    return definition


def duplicate_id_problems(definition: ContestDefinition) -> list[Problem]:
    """Ids used twice in a definition built in code (not read by `validate_definition`)."""
    return list(_duplicate_ids(definition.model_dump(by_alias=True)))


def award_and_advancement_problems(definition: ContestDefinition) -> list[Problem]:
    """The award, advancement and question rules of a definition built in code."""
    data = definition.model_dump(by_alias=True)
    return [*_awards(data), *_advancement(data), *_questions(data)]


# -- text to data -----------------------------------------------------------------------


def _is_yaml(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return "yaml" in media or media.endswith("yml")


# -- shape problems: pydantic's errors in our terms -------------------------------------

_TAGS = frozenset({"judgement", "measurement", "direct", "pass_fail", "tiers", "linear"})
_CODES = {
    "greater_than": "out_of_range",
    "greater_than_equal": "out_of_range",
    "less_than": "out_of_range",
    "less_than_equal": "out_of_range",
    "too_short": "invalid_length",
    "too_long": "invalid_length",
    "string_too_short": "invalid_length",
    "string_too_long": "invalid_length",
    "literal_error": "invalid_choice",
    "finite_number": "not_finite",
}
_MAPPING = "Must be a set of named fields (a mapping)."
_FIXED = {
    "missing": ("missing", "This field is required."),
    "extra_forbidden": ("unknown_field", "This field is not part of the format (check spelling)."),
    "string_pattern_mismatch": (
        "invalid_id",
        "An id may hold only letters, digits, '.', '_' and '-', must start with a letter "
        "or digit and be at most 64 characters long.",
    ),
    "model_type": ("invalid_type", _MAPPING),
    "dict_type": ("invalid_type", _MAPPING),
    "string_type": (
        "invalid_type",
        "Must be text (in YAML, quote numbers or dates meant as text).",
    ),
}


def _is_tag(loc: tuple[int | str, ...], index: int) -> bool:
    """Whether `loc[index]` names the chosen member of a tagged union (aspect or rule)."""
    if index == 0 or loc[index] not in _TAGS:
        return False
    before = loc[index - 1]
    return before == "rule" or (
        isinstance(before, int) and index >= 2 and loc[index - 2] == "aspects"
    )


def loc_path(loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into `criteria[2].aspects[0].max`."""
    path = ""
    for index, item in enumerate(loc):
        if isinstance(item, int):
            path += f"[{item}]"
        elif not _is_tag(loc, index):
            path += f".{item}" if path else item
    return path


def from_pydantic(error: ErrorDetails) -> Problem:
    """The `Problem` for one pydantic validation error."""
    path, kind, ctx = loc_path(error["loc"]), error["type"], error.get("ctx", {})
    if kind in _FIXED:
        code, message = _FIXED[kind]
    elif kind == "union_tag_invalid":
        what = "rule kind" if path.endswith("rule") else "aspect type"
        code = "invalid_choice"
        message = f"Unknown {what} '{ctx['tag']}'; use one of {ctx['expected_tags']}."
    elif kind == "union_tag_not_found" and not isinstance(error["input"], dict):
        code, message = _FIXED["dict_type"]
    elif kind == "union_tag_not_found":
        what = "rule needs a 'kind'" if path.endswith("rule") else "aspect needs a 'type'"
        code, message = "missing", f"This {what}."
    else:
        code = _CODES.get(
            kind, "invalid_type" if kind.endswith(("_type", "_parsing")) else "invalid_value"
        )
        message = error["msg"].replace("Input should be", "Must be") + "."
    return Problem(path, message, code)


# -- reading raw data defensively -------------------------------------------------------


def _number(value: object) -> float | None:
    """`value` as a finite float; None for booleans, text, NaN and infinity."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int past any float (e.g. 10**400)
        return None
    return number if math.isfinite(number) else None


def _items(data: object, key: str, prefix: str = "") -> list[tuple[str, Any]]:
    """`(path, item)` for each item of the list `data[key]`; nothing if it is not a list."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(f"{prefix}{key}[{index}]", item) for index, item in enumerate(value)]


def _aspects(data: Raw) -> list[tuple[str, Any]]:
    """`(path, aspect)` for every aspect of every criterion."""
    return [
        pair
        for path, raw in _items(data, "criteria")
        for pair in _items(raw, "aspects", path + ".")
    ]


# -- cross-field rules, contest-wide ----------------------------------------------------

_ID_GROUPS = (("venue", "venues"), ("criterion", "criteria"), ("stage", "stages"))
_TOLERANCE = 1e-6


def _non_finite(data: object, path: str = "") -> Iterator[Problem]:
    """NaN and infinity have no place in a definition (YAML `.nan`, JSON `NaN`)."""
    if isinstance(data, float) and not math.isfinite(data):
        yield Problem(path, "Must be an ordinary number, not NaN or infinity.", "not_finite")
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _non_finite(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _non_finite(value, f"{path}[{index}]")


def _duplicate_ids(data: Raw) -> Iterator[Problem]:
    """An id used twice among venues, criteria, stages, aspects (contest-wide) or penalties."""
    groups = [(noun, _items(data, key)) for noun, key in _ID_GROUPS]
    groups += [("aspect", _aspects(data)), ("penalty", _items(data, "penalties"))]
    for noun, found in groups:
        seen: dict[str, str] = {}
        for path, raw in found:
            ident = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                scope = " (aspect ids must be unique across the whole contest)"
                message = f"The {noun} id '{ident}' is already used at {seen[ident]}"
                message += (scope if noun == "aspect" else "") + "."
                yield Problem(f"{path}.id", message, "duplicate_id")
            seen.setdefault(ident, path)


def _totals(data: Raw) -> Iterator[Problem]:
    """A declared `total` that the maxima below it do not add up to."""
    for path, raw in _items(data, "criteria"):
        declared = _number(raw.get("total")) if isinstance(raw, dict) else None
        actual = _sum_of_maxima(_items(raw, "aspects"))
        yield from _total_problem(f"{path}.total", declared, actual, "maxima of its aspects")
    if _items(data, "criteria"):
        declared, actual = _number(data.get("total")), _sum_of_maxima(_aspects(data))
        yield from _total_problem("total", declared, actual, "criteria")


def _sum_of_maxima(raws: list[tuple[str, Any]]) -> float | None:
    """The sum of the items' `max`, or None if any is missing or not a number."""
    maxima = [_number(raw.get("max")) if isinstance(raw, dict) else None for _, raw in raws]
    return math.fsum(m for m in maxima if m is not None) if None not in maxima else None


def _total_problem(
    path: str, declared: float | None, actual: float | None, parts: str
) -> Iterator[Problem]:
    if declared is None or actual is None:
        return
    if not math.isclose(declared, actual, rel_tol=0, abs_tol=_TOLERANCE):
        message = f"The declared total is {declared:g} but the {parts} add up to {actual:g}."
        yield Problem(path, message, "total_mismatch")


def _timing(data: Raw) -> Iterator[Problem]:
    """The freeze must end before the contest does."""
    freeze, duration = _number(data.get("freeze_minutes")), _number(data.get("duration_minutes"))
    if freeze is not None and duration is not None and freeze >= duration:
        message = (
            f"The freeze ({freeze:g} min) must be shorter than the contest ({duration:g} min)."
        )
        yield Problem("freeze_minutes", message, "freeze_too_long")


def _ranking(data: Raw) -> Iterator[Problem]:
    """Tie-breaks that make sense, and something to rank by for the chosen policy."""
    ranking = data.get("ranking")
    ranking = ranking if isinstance(ranking, dict) else {}
    criteria = {raw.get("id") for _, raw in _items(data, "criteria") if isinstance(raw, dict)}
    for path, entry in _items(ranking, "tie_breaks", "ranking."):
        yield from _tie_break(path, entry, criteria)
    policy = ranking.get("policy", "points")
    if policy == "points" and not _items(data, "criteria"):
        message = "Ranking by points needs at least one criterion to award points for."
        yield Problem("criteria", message, "no_criteria")
    if policy in ("stages", "time") and not _items(data, "stages"):
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


def _penalties(data: Raw) -> Iterator[Problem]:
    """A penalty must cost points, minutes or both."""
    for path, raw in _items(data, "penalties"):
        if not isinstance(raw, dict):
            continue
        costs = [_number(raw.get(key, 0)) for key in ("points", "minutes")]
        if costs == [0, 0]:
            message = "A penalty must cost points, minutes or both."
            yield Problem(path, message, "empty_penalty")


# -- cross-field rules of one aspect: a rising scale, a fitting panel, sound mark rules --

_ASPECT: TypeAdapter[Aspect] = TypeAdapter(Aspect)


def _aspect_rules(data: Raw) -> Iterator[Problem]:
    """The rules of every aspect that validates on its own."""
    for path, raw in _aspects(data):
        try:
            aspect = _ASPECT.validate_python(raw)
        except ValidationError:
            continue  # its shape problems are reported already
        if isinstance(aspect, JudgementAspect):
            yield from _judgement_rules(path, aspect)
        elif isinstance(aspect, MeasurementAspect):
            yield from _measurement_rules(path, aspect)


def _judgement_rules(path: str, aspect: JudgementAspect) -> Iterator[Problem]:
    low, top = aspect.scale_range
    if low >= top:
        message = f"The scale must go from a lower to a higher value; [{low:g}, {top:g}] does not."
        yield Problem(f"{path}.scale", message, "invalid_scale")
    panel, where = aspect.panel, f"{path}.panel"
    if panel.aggregate == "trimmed" and panel.size <= 2 * panel.drop:
        message = (
            f"Dropping {panel.drop} highest and {panel.drop} lowest values needs more than "
            f"{2 * panel.drop} referees; the panel has {panel.size}."
        )
        yield Problem(f"{where}.size", message, "panel_too_small")
    if panel.aggregate == "closest_pair" and panel.size != 3:
        message = (
            f"The closest-pair aggregate needs exactly 3 referees; the panel has {panel.size}."
        )
        yield Problem(f"{where}.size", message, "panel_too_small")
    if panel.aggregate != "trimmed" and "drop" in panel.model_fields_set:
        message = (
            "'drop' applies only to the trimmed aggregate; remove it or use aggregate: trimmed."
        )
        yield Problem(f"{where}.drop", message, "drop_not_trimmed")


def _questions(data: Raw) -> Iterator[Problem]:
    """A question answered online: only in an assessment, on a pass/fail measurement,
    its key one of its options (`question_invalid`)."""
    assessment = data.get("kind") == "assessment"
    for path, raw in _aspects(data):
        question = raw.get("question") if isinstance(raw, dict) else None
        if question is None:
            continue
        try:
            aspect = _ASPECT.validate_python(raw)
        except ValidationError:
            continue  # its shape problems are reported already
        if not isinstance(aspect, MeasurementAspect) or aspect.question is None:
            continue
        where = f"{path}.question"
        if not assessment:
            message = "Questions answered online belong to a contest of kind 'assessment'."
            yield Problem(where, message, "question_invalid")
        if not isinstance(aspect.rule, PassFailRule):
            message = "A question is marked right or wrong: give its aspect rule kind pass_fail."
            yield Problem(f"{path}.rule", message, "question_invalid")
        if aspect.question.answer >= len(aspect.question.options):
            message = (
                f"The answer {aspect.question.answer} is not the index of one of the "
                f"{len(aspect.question.options)} options (the first is 0)."
            )
            yield Problem(f"{where}.answer", message, "question_invalid")


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


# -- awards and advancement (rounds) ----------------------------------------------------


def _awards(data: Raw) -> Iterator[Problem]:
    """Each award tier has a size or a threshold, not both a count and a percent, and
    a unique id."""
    seen: dict[str, str] = {}
    for path, raw in _items(data, "awards"):
        if not isinstance(raw, dict):
            continue
        given = {key for key in ("count", "percent", "min_score") if raw.get(key) is not None}
        if not given:
            message = "An award needs a count, a percent of the field or a min_score (or both)."
            yield Problem(path, message, "awards_invalid")
        if {"count", "percent"} <= given:
            message = "An award is given to a count or to a percent of the field, not both."
            yield Problem(path, message, "awards_invalid")
        ident = raw.get("id")
        if isinstance(ident, str):
            if ident in seen:
                message = f"The award id '{ident}' is already used at {seen[ident]}."
                yield Problem(f"{path}.id", message, "awards_invalid")
            seen.setdefault(ident, path)


def _advancement(data: Raw) -> Iterator[Problem]:
    """An advancement rule says at least who goes through: top, percent or min_score."""
    raw = data.get("advancement")
    if not isinstance(raw, dict):
        return
    if all(raw.get(key) is None for key in ("top", "percent", "min_score")):
        message = "An advancement rule needs top, percent or min_score (all given must hold)."
        yield Problem("advancement", message, "advancement_invalid")


_RULES = (
    _non_finite,
    _duplicate_ids,
    _aspect_rules,
    _totals,
    _timing,
    _ranking,
    _penalties,
    _awards,
    _advancement,
    _questions,
)
