"""What is wrong with a definition: `Problem`, `DefinitionError`, pydantic errors in our terms.

Each shape problem pydantic finds becomes a `Problem` with a path such as
`criteria[2].aspects[0].max` (union tags dropped), a stable code and a message an
organizer understands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic_core import ErrorDetails


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
