"""Group rankings: per venue, and teams, workshops and organizations as groups."""

from __future__ import annotations

from typing import Any

import pytest

from judging.domain.definition import ContestDefinition
from judging.domain.facts import EntryFacts, Status
from judging.domain.groups import (
    ByField,
    ByVenue,
    UnknownGrouping,
    group_rows,
    group_score,
    parse_grouping,
    venue_rows,
)
from judging.domain.scoring import Score


def definition(policy: str = "points", **ranking: Any) -> ContestDefinition:
    def criterion(cid: str) -> dict[str, Any]:
        aspect = {"id": f"{cid}1", "name": cid, "type": "judgement", "max": 50}
        return {"id": cid, "name": cid, "aspects": [aspect]}

    return ContestDefinition.model_validate(
        {
            "id": "c",
            "title": "C",
            "duration_minutes": 300,
            "ranking": {"policy": policy, **ranking},
            "criteria": [criterion("a"), criterion("b")],
        }
    )


def points(total: float, **criteria: float) -> Score:
    return Score(total, criteria, {}, 0, 0, None)


def stages(cleared: int, time: int) -> Score:
    return Score(0.0, {}, {}, cleared, time, None)


def entry(cid: str, status: Status = "active", **fields: Any) -> EntryFacts:
    return EntryFacts(contestant_id=cid, name=cid.upper(), status=status, **fields)


def teams() -> list[tuple[EntryFacts, Score]]:
    return [
        (entry("a1", team="A", venue="wz"), points(10)),
        (entry("a2", team="A", venue="nj"), points(2)),
        (entry("b1", team="B", venue="wz"), points(7)),
        (entry("b2", "withdrawn", team="B", venue="nj"), points(50)),
        (entry("x", venue="nj"), points(99)),
    ]


def test_venue_ranking_re_ranks_only_that_venue() -> None:
    rows = venue_rows(teams(), definition(), "nj")
    assert [(r.contestant_id, r.rank) for r in rows] == [("x", 1), ("a2", 2), ("b2", None)]


def test_group_sum_counts_active_members_and_leaves_out_the_ungrouped() -> None:
    rows = group_rows(teams(), definition(), "team")
    assert [(g.group, g.rank, g.score.total, g.score.counted) for g in rows] == [
        ("A", 1, 12, 2),
        ("B", 2, 7, 1),
    ]
    assert rows[1].members == ("b1", "b2")


def test_group_mean_averages_active_members() -> None:
    rows = group_rows(teams(), definition(team_score="mean"), "team")
    assert [(g.group, g.rank, g.score.total) for g in rows] == [("B", 1, 7), ("A", 2, 6)]


def test_stage_groups_sum_cleared_and_time() -> None:
    entries = [
        (entry("p", workshop="W1"), stages(2, 100)),
        (entry("q", workshop="W1"), stages(1, 30)),
        (entry("r", workshop="W2"), stages(3, 500)),
        (entry("s", workshop="W3"), stages(4, 900)),
    ]
    rows = group_rows(entries, definition("stages"), "workshop")
    assert [(g.group, g.rank, g.score.stages_cleared, g.score.time) for g in rows] == [
        ("W3", 1, 4, 900),
        ("W1", 2, 3, 130),
        ("W2", 3, 3, 500),
    ]


def test_stage_groups_mean_keeps_fractions_exact() -> None:
    score = group_score([stages(2, 100), stages(1, 31)], definition("time", team_score="mean"))
    assert (score.stages_cleared, score.time) == (1.5, 65.5)


def test_tied_groups_share_a_rank_with_the_rank_style() -> None:
    entries = [(entry(c, organization=c[0]), points(5)) for c in ["x1", "y1", "z1"]]
    entries.append((entry("w1", organization="w"), points(1)))
    standard = group_rows(entries, definition(), "organization")
    dense = group_rows(entries, definition(rank_style="dense"), "organization")
    assert [g.rank for g in standard] == [1, 1, 1, 4]
    assert [g.rank for g in dense] == [1, 1, 1, 2]


def test_group_criterion_tie_break_uses_combined_marks() -> None:
    entries = [
        (entry("p", team="P"), points(10, a=4, b=6)),
        (entry("q", team="Q"), points(10, a=6, b=4)),
    ]
    rows = group_rows(entries, definition(tie_breaks=["criterion:b"]), "team")
    assert [(g.group, g.rank) for g in rows] == [("P", 1), ("Q", 2)]


def test_group_without_active_members_is_unranked_last() -> None:
    entries = [
        (entry("a", "disqualified", team="A"), points(10)),
        (entry("b", team="B"), points(1)),
    ]
    rows = group_rows(entries, definition(), "team")
    assert [(g.group, g.rank, g.score.counted) for g in rows] == [("B", 1, 1), ("A", None, 0)]


def test_a_grouping_is_parsed_once_into_a_typed_value() -> None:
    assert parse_grouping(None) is None
    assert parse_grouping("venue:wz") == ByVenue("wz")
    assert parse_grouping("team") == ByField("team")
    assert [str(parse_grouping(text)) for text in ("venue:wz", "workshop")] == [
        "venue:wz",
        "workshop",
    ]
    for bad in ("species", "Team", "venue", ""):
        with pytest.raises(UnknownGrouping, match="unknown group"):
            parse_grouping(bad)
