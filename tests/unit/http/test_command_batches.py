"""Reading a /commands body item by item."""

from __future__ import annotations

from judging.domain.commands import AwardMark
from judging.http.command_batches import InvalidCommand, ParsedCommand, as_items, parse_item


def test_one_object_is_a_batch_of_one() -> None:
    assert as_items({"a": 1}) == [{"a": 1}]
    assert as_items([1, 2]) == [1, 2]
    assert as_items("x") is None


def test_a_valid_command_keeps_its_client_time_apart() -> None:
    item = {
        "command_id": "k1",
        "type": "award_mark",
        "contestant_id": "c1",
        "aspect_id": "a1",
        "value": 2,
        "client_time": "2025-05-01T09:00:00Z",
    }
    parsed = parse_item(item)
    assert isinstance(parsed, ParsedCommand)
    assert isinstance(parsed.command, AwardMark)
    assert parsed.client_time == "2025-05-01T09:00:00Z"


def test_the_message_names_the_field_without_the_type_tag() -> None:
    parsed = parse_item({"command_id": "k1", "type": "award_mark", "contestant_id": "c1"})
    assert isinstance(parsed, InvalidCommand)
    assert parsed.command_id == "k1"
    assert parsed.message.startswith("aspect_id: ")
    assert "more" in parsed.message


def test_bad_items() -> None:
    assert parse_item(3) == InvalidCommand(None, "(command): expected a JSON object")
    define = parse_item({"command_id": "k", "type": "define", "definition": {}})
    assert isinstance(define, InvalidCommand)
    assert "POST /api/contests" in define.message
    bad_time = parse_item({"command_id": "k", "type": "start", "client_time": [1]})
    assert isinstance(bad_time, InvalidCommand)
    assert bad_time.message.startswith("client_time")
    assert parse_item({"command_id": 5, "type": "start"}) == InvalidCommand(
        None, "command_id: Input should be a valid string"
    )
