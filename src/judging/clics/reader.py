"""Reading a CLICS event feed (ndjson) into the latest state of each object.

Both notification formats are accepted:

- 2020-03: `{"type", "id", "op": "create"|"update"|"delete", "data"}`, with the
  plural endpoint names `contests` and `states` for the singletons and the object's
  id possibly only in `data.id` (PC^2 writes it so);
- 2022-07 / 2023-06: `{"type", "id", "data", "token"}` with the singular `contest`
  and `state`, where `data: null` deletes and `id: null` with an array replaces the
  whole collection.

The last notification of an object is its current state, whatever order the objects
arrive in. `contest` and `state` are singletons; a singular collection name (`team`)
is read as its endpoint (`teams`). Unknown types (e.g. `map-info`) are ignored, as
the spec asks, and counted in `Feed.ignored`; blank lines (keepalives) are skipped;
a malformed line raises `FeedError` naming its line number.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JsonObject = dict[str, Any]

SINGLETONS = frozenset({"contest", "state"})
COLLECTIONS = frozenset(
    {
        "judgement-types",
        "languages",
        "problems",
        "groups",
        "organizations",
        "teams",
        "persons",
        "accounts",
        "submissions",
        "judgements",
        "runs",
        "clarifications",
        "awards",
        "commentary",
    }
)
# Other spellings of a type in use: 2020-03's plural singletons, singular endpoints.
ALIASES = {
    "contests": "contest",
    "states": "state",
    **{name.removesuffix("s"): name for name in COLLECTIONS if name.endswith("s")},
}


class FeedError(ValueError):
    """A line of the feed that cannot be understood."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass
class Feed:
    """The current state of a feed's objects.

    `objects[type][id]` is the latest data of each live object; `lines[type][id]` is the
    line number of the notification that set it (later lines are more recent).
    """

    contest: JsonObject = field(default_factory=dict)
    state: JsonObject = field(default_factory=dict)
    objects: dict[str, dict[str, JsonObject]] = field(default_factory=dict)
    lines: dict[str, dict[str, int]] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)  # notifications of unknown types

    def of(self, type_: str) -> dict[str, JsonObject]:
        """The live objects of one type, by id (empty if none)."""
        return self.objects.get(type_, {})

    def line_of(self, type_: str, id_: str) -> int:
        return self.lines.get(type_, {}).get(id_, 0)


def load_feed(path: str | Path) -> Feed:
    """Read a feed file (UTF-8 ndjson)."""
    with Path(path).open(encoding="utf-8") as lines:
        return read_feed(lines)


def read_feed(lines: Iterable[str]) -> Feed:
    """Apply every notification of an ndjson feed, in order."""
    feed = Feed()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            apply(feed, parse_line(number, line), number)
    return feed


def parse_line(number: int, line: str) -> JsonObject:
    try:
        notification = json.loads(line)
    except json.JSONDecodeError as error:
        raise FeedError(number, f"not valid JSON ({error.msg})") from error
    if not isinstance(notification, dict):
        raise FeedError(number, "a notification must be a JSON object")
    if not isinstance(notification.get("type"), str):
        raise FeedError(number, "a notification needs a string `type`")
    return notification


def apply(feed: Feed, notification: JsonObject, number: int) -> None:
    """Apply one notification to the feed's current state."""
    raw_type: str = notification["type"]
    type_ = ALIASES.get(raw_type, raw_type)
    data = notification.get("data")
    id_ = notification.get("id")
    if id_ is None and isinstance(data, dict):
        id_ = data.get("id")
    if notification.get("op") == "delete":
        data = None
    if type_ in SINGLETONS:
        _apply_singleton(feed, type_, data, number)
    elif type_ in COLLECTIONS:
        _apply_collection(feed, type_, id_, data, number)
    else:
        feed.ignored[raw_type] = feed.ignored.get(raw_type, 0) + 1


def _apply_singleton(feed: Feed, type_: str, data: object, number: int) -> None:
    if data is not None and not isinstance(data, dict):
        raise FeedError(number, f"`{type_}` data must be an object")
    setattr(feed, type_, dict(data or {}))


def _apply_collection(feed: Feed, type_: str, id_: object, data: object, number: int) -> None:
    objects = feed.objects.setdefault(type_, {})
    lines = feed.lines.setdefault(type_, {})
    if id_ is None and isinstance(data, list):
        objects.clear()
        for item in data:
            _put(objects, lines, type_, _item_id(item, number), item, number)
        return
    if not isinstance(id_, str | int) or isinstance(id_, bool):
        raise FeedError(number, f"a `{type_}` notification needs an `id`")
    if data is None:
        objects.pop(str(id_), None)
        lines.pop(str(id_), None)
        return
    _put(objects, lines, type_, str(id_), data, number)


def _item_id(item: object, number: int) -> str:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str | int):
        raise FeedError(number, "each object of a collection needs an `id`")
    return str(item["id"])


def _put(
    objects: dict[str, JsonObject],
    lines: dict[str, int],
    type_: str,
    id_: str,
    data: object,
    number: int,
) -> None:
    if not isinstance(data, dict):
        raise FeedError(number, f"`{type_}` data must be an object or null")
    objects[id_] = data
    lines[id_] = number
