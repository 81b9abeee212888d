import json

import pytest

from judging.clics.reader import FeedError, read_feed
from judging.clics.verdicts import verdicts


def lines(*notifications: object) -> list[str]:
    return [json.dumps(n) + "\n" for n in notifications]


def test_2022_format_updates_and_deletes() -> None:
    feed = read_feed(
        lines(
            {"type": "contest", "id": "c", "data": {"id": "c", "name": "C"}, "token": "1"},
            {"type": "teams", "id": "1", "data": {"id": "1", "name": "old"}, "token": "2"},
            {"type": "teams", "id": "2", "data": {"id": "2", "name": "two"}, "token": "3"},
            {"type": "teams", "id": "1", "data": {"id": "1", "name": "new"}, "token": "4"},
            {"type": "teams", "id": "2", "data": None, "token": "5"},
            {"type": "state", "data": {"started": "2025-01-01T00:00:00Z"}, "token": "6"},
        )
    )
    assert feed.contest == {"id": "c", "name": "C"}
    assert feed.of("teams") == {"1": {"id": "1", "name": "new"}}
    assert feed.line_of("teams", "1") == 4
    assert feed.state == {"started": "2025-01-01T00:00:00Z"}


def test_2020_format_with_ops() -> None:
    feed = read_feed(
        lines(
            {"type": "problems", "id": "a", "op": "create", "data": {"id": "a", "ordinal": 0}},
            {"type": "problems", "id": "b", "op": "create", "data": {"id": "b", "ordinal": 1}},
            {"type": "problems", "id": "a", "op": "update", "data": {"id": "a", "ordinal": 2}},
            {"type": "problems", "id": "b", "op": "delete", "data": {"id": "b"}},
        )
    )
    assert feed.of("problems") == {"a": {"id": "a", "ordinal": 2}}


def test_whole_collection_replaced() -> None:
    feed = read_feed(
        lines(
            {"type": "groups", "id": "x", "data": {"id": "x"}},
            {"type": "groups", "id": None, "data": [{"id": "y"}, {"id": "z"}]},
        )
    )
    assert sorted(feed.of("groups")) == ["y", "z"]


def test_unknown_types_and_blank_lines_ignored() -> None:
    text = [
        "\n",
        '{"type": "map-info", "data": {"table_width": 3.3}}\n',
        "   \n",
        '{"type": "commentary-x", "id": "1", "data": {"id": "1"}}\n',
    ]
    feed = read_feed(text)
    assert feed.objects == {}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: a notification must be a JSON object"),
        ('{"id": "1"}', "line 2: a notification needs a string `type`"),
        (
            '{"type": "teams", "data": {"name": "x"}}',
            "line 2: a `teams` notification needs an `id`",
        ),
        ('{"type": "teams", "id": "1", "data": 3}', "line 2: `teams` data must be an object"),
    ],
)
def test_malformed_line_names_its_number(line: str, message: str) -> None:
    with pytest.raises(FeedError, match=message.replace("(", r"\(")) as raised:
        read_feed(['{"type": "state", "data": {}}\n', line + "\n"])
    assert raised.value.line == 2


def test_latest_completed_valid_judgement_counts() -> None:
    feed = read_feed(
        lines(
            {
                "type": "judgement-types",
                "id": "AC",
                "data": {"id": "AC", "solved": True, "penalty": False},
            },
            {
                "type": "judgement-types",
                "id": "CE",
                "data": {"id": "CE", "solved": False, "penalty": False},
            },
            {"type": "judgements", "id": "1", "data": {"id": "1", "submission_id": "s1"}},
            {
                "type": "judgements",
                "id": "1",
                "data": {"id": "1", "submission_id": "s1", "judgement_type_id": "WA"},
            },
            {
                "type": "judgements",
                "id": "2",
                "data": {"id": "2", "submission_id": "s1", "judgement_type_id": "AC"},
            },
            {
                "type": "judgements",
                "id": "3",
                "data": {"id": "3", "submission_id": "s1", "judgement_type_id": None},
            },
            {
                "type": "judgements",
                "id": "4",
                "data": {"id": "4", "submission_id": "s2", "judgement_type_id": "CE"},
            },
            {
                "type": "judgements",
                "id": "5",
                "data": {
                    "id": "5",
                    "submission_id": "s2",
                    "judgement_type_id": "AC",
                    "valid": False,
                },
            },
            {"type": "judgements", "id": "6", "data": {"id": "6", "submission_id": "s3"}},
        )
    )
    found = verdicts(feed)
    assert (found["s1"].judgement_type_id, found["s1"].solved) == ("AC", True)
    assert (found["s2"].solved, found["s2"].penalty) == (False, False)
    assert "s3" not in found
