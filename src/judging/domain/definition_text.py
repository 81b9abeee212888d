"""A contest definition's text (YAML or JSON) read into plain data, within bounds.

A definition is small: a title, a few venues, criteria, stages and penalties, at
most six levels deep. Text that is not one is refused before it can cost the
server anything:

- more than `MAX_BYTES` (`too_large`);
- nesting deeper than `MAX_DEPTH` (`too_deep`): counted while YAML is composed,
  and on JSON's data (or its parser's recursion limit);
- YAML anchors and aliases (`&name`, `*name`, merge keys; `yaml_alias`): 460 bytes
  of aliases naming aliases expand to billions of nodes (a "billion laughs").

Every refusal, like any text that cannot be read, is an `UnreadableText` with a
stable code and a message an organizer understands.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from yaml.nodes import Node

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32


class UnreadableText(ValueError):
    """The text is not a definition's: why (`message`) and a stable `code`."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _too_deep() -> UnreadableText:
    return UnreadableText(
        f"The definition nests lists or mappings more than {MAX_DEPTH} levels deep.", "too_deep"
    )


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors, aliases and nesting beyond `MAX_DEPTH`."""

    def __init__(self, stream: str | bytes) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            line = event.start_mark.line + 1 if event.start_mark else "?"
            raise UnreadableText(
                f"YAML anchors and aliases (&name, *name) are not allowed (line {line}); "
                "write each value out.",
                "yaml_alias",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _too_deep()
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_text(text: str | bytes, yaml_text: bool) -> object:
    """The data of a definition's text (YAML if `yaml_text`, else JSON), or `UnreadableText`."""
    if len(text) > MAX_BYTES:
        raise UnreadableText(
            f"The definition is larger than {MAX_BYTES // 1024} KiB; no contest needs that much.",
            "too_large",
        )
    return _load_yaml(text) if yaml_text else _load_json(text)


def _load_yaml(text: str | bytes) -> object:
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        message = f"The YAML could not be read{where}: {reason}."
        raise UnreadableText(message, "invalid_yaml") from error
    finally:
        loader.dispose()


def _load_json(text: str | bytes) -> object:
    try:
        data = json.loads(text)
    except UnicodeDecodeError as error:
        raise UnreadableText("The text is not valid UTF-8.", "invalid_encoding") from error
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        message = f"The JSON could not be read at {where}: {error.msg}."
        raise UnreadableText(message, "invalid_json") from error
    except RecursionError as error:
        raise _too_deep() from error
    if _depth(data) > MAX_DEPTH:
        raise _too_deep()
    return data


def _depth(data: object) -> int:
    """How deep lists and mappings nest in `data` (0 for a scalar), without recursion."""
    deepest = 0
    pending: list[tuple[object, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_DEPTH:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest
