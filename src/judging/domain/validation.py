"""Loading and validating contest definitions (DESIGN.md §4): the public entry point.

Every problem is reported at once, each with a path such as
`criteria[2].aspects[0].max`, a stable code and a message an organizer understands:
first the shape problems pydantic finds (`definition_problems`), then the cross-field
rules (`definition_rules`), which run on the raw data piece by piece so that one
broken part does not hide the others.
"""

from __future__ import annotations

import json
from os import PathLike
from pathlib import Path

import yaml
from pydantic import ValidationError

from judging.domain.definition import ContestDefinition
from judging.domain.definition_problems import DefinitionError, Problem, from_pydantic, loc_path
from judging.domain.definition_rules import cross_field_problems

__all__ = [
    "DefinitionError",
    "Problem",
    "load_definition_file",
    "loc_path",
    "parse_definition",
    "validate_definition",
]


def parse_definition(
    text: str | bytes, content_type: str = "application/json"
) -> ContestDefinition:
    """Read a definition from JSON, or YAML when the content type says so, and validate it."""
    data = _load_yaml(text) if _is_yaml(content_type) else _load_json(text)
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
    problems += cross_field_problems(data)
    if problems or definition is None:
        raise DefinitionError(problems)
    return definition


def _is_yaml(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return "yaml" in media or media.endswith("yml")


def _load_yaml(text: str | bytes) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        raise DefinitionError(
            [Problem("", f"The YAML could not be read{where}: {reason}.", "invalid_yaml")]
        ) from error


def _load_json(text: str | bytes) -> object:
    try:
        return json.loads(text)
    except UnicodeDecodeError as error:
        problem = Problem("", "The text is not valid UTF-8.", "invalid_encoding")
        raise DefinitionError([problem]) from error
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        problem = Problem(
            "", f"The JSON could not be read at {where}: {error.msg}.", "invalid_json"
        )
        raise DefinitionError([problem]) from error
