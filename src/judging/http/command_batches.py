"""Reading a `POST /commands` body: one command object or a list of them.

Each item is parsed on its own, so one bad item is rejected (`invalid_command`, the
message naming the field) while the rest of the batch still runs. `client_time` is
taken off the item before validation: it travels in the event metadata, not the command.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from judging.domain.commands import COMMAND_ADAPTER, Command
from judging.http.errors import error_path

ClientTime = str | float | int | None


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    command: Command
    client_time: ClientTime = None


@dataclass(frozen=True, slots=True)
class InvalidCommand:
    command_id: str | None
    message: str


def as_items(body: Any) -> list[Any] | None:
    """The items of a body: a list as is, one object as a list of one; None otherwise."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        return [body]
    return None


def _command_id(item: dict[str, Any]) -> str | None:
    value = item.get("command_id")
    return value if isinstance(value, str) and 0 < len(value) <= 64 else None


def _client_time(value: Any) -> ClientTime:
    if value is None:
        return None
    if isinstance(value, str) and len(value) <= 64:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    raise ValueError("client_time: expected a timestamp string or a finite number")


def _first_problem(error: ValidationError, tag: object) -> str:
    details = error.errors(include_url=False)
    first = details[0]
    loc = first["loc"][1:] if first["loc"][:1] == (tag,) else first["loc"]
    path = error_path(loc) or "(command)"
    more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
    return f"{path}: {first['msg']}{more}"


def parse_item(item: Any) -> ParsedCommand | InvalidCommand:
    if not isinstance(item, dict):
        return InvalidCommand(None, "(command): expected a JSON object")
    command_id = _command_id(item)
    fields = dict(item)
    try:
        client_time = _client_time(fields.pop("client_time", None))
    except ValueError as error:
        return InvalidCommand(command_id, str(error))
    if fields.get("type") == "define":
        return InvalidCommand(command_id, "type: define a contest with POST /api/contests")
    try:
        command = COMMAND_ADAPTER.validate_python(fields)
    except ValidationError as error:
        return InvalidCommand(command_id, _first_problem(error, fields.get("type")))
    return ParsedCommand(command, client_time)
