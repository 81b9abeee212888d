"""The meet's unit table: medals by award tier, points per place, ties, team events,
organizations that name no unit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from judging.domain.awards import compute_awards
from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    AwardsPublished,
    ContestantsRegistered,
    ContestantWithdrew,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestStarted,
    MarkAwarded,
)
from judging.domain.evolve import fold
from judging.domain.meet import MeetDefinition
from judging.domain.meet_table import event_state, meet_board, round_state, standard_places
from judging.domain.roster import Contestant
from judging.domain.state import ContestState

T = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
AWARDS = [
    {"id": "gold", "name": "金奖", "count": 1},
    {"id": "silver", "name": "银奖", "count": 1},
    {"id": "bronze", "name": "铜奖", "count": 1},
]


def contest(
    cid: str,
    scores: dict[str, tuple[float, str | None, str | None]],
    *,
    awards: list[dict[str, Any]] | None = None,
    finalized: bool = True,
    withdrawn: tuple[str, ...] = (),
) -> ContestState:
    """A points contest: contestant id -> (score, organization, team)."""
    definition = ContestDefinition.model_validate(
        {
            "id": cid,
            "title": cid.upper(),
            "duration_minutes": 60,
            "criteria": [
                {
                    "id": "c",
                    "name": "C",
                    "aspects": [{"id": "a", "name": "A", "type": "measurement", "max": 100}],
                }
            ],
            "awards": AWARDS if awards is None else awards,
        }
    )
    roster = [
        Contestant(id=i, name=f"name-{i}", organization=org, team=team)
        for i, (_, org, team) in scores.items()
    ]
    events: list[Any] = [
        ContestDefined(definition=definition),
        ContestantsRegistered(contestants=roster),
        ContestStarted(at=T),
    ]
    events += [
        MarkAwarded(
            command_id=f"m-{i}", contestant_id=i, aspect_id="a", referee_id="r", value=v, at=T
        )
        for i, (v, _, _) in scores.items()
    ]
    events += [ContestantWithdrew(contestant_id=i, reason="ill", at=T) for i in withdrawn]
    events.append(ContestEnded(at=T))
    if not finalized:
        return fold(events)
    events.append(ContestFinalized(at=T))
    return fold([*events, AwardsPublished(awards=compute_awards(fold(events)), at=T)])


def meet(events: list[dict[str, Any]], **table: Any) -> MeetDefinition:
    return MeetDefinition.model_validate(
        {
            "id": "m",
            "title": "Meet",
            "events": events,
            "units": [
                {"id": "wz", "name": "温州供电"},
                {"id": "nj", "name": "南京供电"},
                {"id": "hz", "name": "杭州供电"},
            ],
            "table": table,
        }
    )


def rows(board: dict[str, Any]) -> list[tuple[int, str, Any]]:
    key = "points" if board["table"]["mode"] == "points" else "medals"
    return [(r["rank"], r["unit_id"], r[key]) for r in board["table"]["rows"]]


def test_medals_by_tier_counted_per_unit_and_ranked_lexicographically() -> None:
    a = contest("a", {"1": (90, "温州供电", None), "2": (80, "nj", None), "3": (70, "NJ", None)})
    b = contest("b", {"4": (90, "南京供电", None), "5": (80, "hz", None), "6": (1, "wz", None)})
    definition = meet(
        [
            {"id": "ea", "title": "A", "rounds": ["a"]},
            {"id": "eb", "title": "B", "rounds": ["b"]},
        ]
    )
    board = meet_board(definition, {"a": a, "b": b}, 10)
    assert rows(board) == [(1, "nj", [1, 1, 1]), (2, "wz", [1, 0, 1]), (3, "hz", [0, 1, 0])]
    assert [c["name"] for c in board["table"]["columns"]] == ["金奖", "银奖", "铜奖"]
    winners = board["events"][0]["winners"]
    assert [(w["place"], w["unit_id"], w["award_id"]) for w in winners] == [
        (1, "wz", "gold"),
        (2, "nj", "silver"),
        (3, "nj", "bronze"),
    ]
    assert board["events"][0]["state"] == "finalized"


def test_points_seven_five_four_three_two_one_and_nothing_past_the_list() -> None:
    scores = {str(i): (100.0 - i, ["wz", "nj", "hz"][i % 3], None) for i in range(8)}
    a = contest("a", scores)
    definition = meet([{"id": "ea", "title": "A", "rounds": ["a"]}], mode="points")
    board = meet_board(definition, {"a": a}, 1)
    # places 1..8: wz 1,4,7 -> 7+3+0; nj 2,5,8 -> 5+2+0; hz 3,6 -> 4+1
    assert rows(board) == [(1, "wz", 10), (2, "nj", 7), (3, "hz", 5)]


def test_custom_points_and_a_tie_shares_the_higher_place_points() -> None:
    a = contest("a", {"1": (90, "wz", None), "2": (90, "nj", None), "3": (80, "hz", None)})
    definition = meet(
        [{"id": "ea", "title": "A", "rounds": ["a"]}], mode="points", points=[3, 2, 1]
    )
    board = meet_board(definition, {"a": a}, 1)
    assert rows(board) == [(1, "wz", 3), (1, "nj", 3), (3, "hz", 1)]


def test_tied_units_share_a_rank_in_medals_mode() -> None:
    a = contest("a", {"1": (90, "wz", None), "2": (80, "nj", None)})
    b = contest("b", {"3": (90, "nj", None), "4": (80, "wz", None)})
    definition = meet(
        [{"id": "ea", "title": "A", "rounds": ["a"]}, {"id": "eb", "title": "B", "rounds": ["b"]}]
    )
    board = meet_board(definition, {"a": a, "b": b}, 1)
    assert rows(board) == [(1, "wz", [1, 1, 0]), (1, "nj", [1, 1, 0]), (3, "hz", [0, 0, 0])]


def test_team_event_one_place_per_team_credited_to_its_unit() -> None:
    scores = {
        "1": (50.0, "wz", "Team W"),
        "2": (45.0, "wz", "Team W"),
        "3": (60.0, "nj", "Team N"),
        "4": (20.0, "nj", "Team N"),
        "5": (30.0, "hz", "Team H"),
    }
    t = contest("t", scores)
    definition = meet([{"id": "et", "title": "T", "kind": "team", "rounds": ["t"]}], mode="points")
    board = meet_board(definition, {"t": t}, 1)
    # team totals: W 95, N 80, H 30 -> 7, 5, 4 points
    assert rows(board) == [(1, "wz", 7), (2, "nj", 5), (3, "hz", 4)]
    winners = board["events"][0]["winners"]
    assert [(w["name"], w["unit_id"], w["award_id"]) for w in winners] == [
        ("Team W", "wz", "gold"),
        ("Team N", "nj", "silver"),
        ("Team H", "hz", "bronze"),
    ]
    medals = meet_board(
        meet([{"id": "et", "title": "T", "kind": "team", "rounds": ["t"]}]), {"t": t}, 1
    )
    assert rows(medals)[0] == (1, "wz", [1, 0, 0])


def test_an_unknown_unit_counts_for_nobody_and_moves_no_one() -> None:
    a = contest("a", {"1": (90, "Elsewhere Co", None), "2": (80, "nj", None)})
    definition = meet([{"id": "ea", "title": "A", "rounds": ["a"]}], mode="points")
    board = meet_board(definition, {"a": a}, 1)
    assert rows(board) == [(1, "nj", 5), (2, "wz", 0), (2, "hz", 0)]
    assert board["table"]["unmatched"] == ["Elsewhere Co"]


def test_only_a_finalized_final_counts_and_withdrawn_entries_never() -> None:
    prelim = contest("p", {"1": (90, "wz", None)})
    final = contest("f", {"1": (90, "wz", None), "2": (80, "nj", None)}, finalized=False)
    definition = meet([{"id": "e", "title": "E", "rounds": ["p", "f"]}], mode="points")
    board = meet_board(definition, {"p": prelim, "f": final}, 1)
    assert [r["points"] for r in board["table"]["rows"]] == [0, 0, 0]
    assert board["events"][0]["state"] == "ended"
    assert board["events"][0]["winners"] == []
    done = contest("f", {"1": (90, "wz", None), "2": (80, "nj", None)}, withdrawn=("1",))
    board = meet_board(definition, {"p": prelim, "f": done}, 2)
    assert rows(board)[0] == (1, "nj", 7)


def test_explicit_medal_ids_count_only_those_awards() -> None:
    awards = [
        {"id": "first", "name": "一等奖", "count": 1},
        {"id": "merit", "name": "优秀奖", "count": 5},
    ]
    a = contest("a", {"1": (90, "wz", None), "2": (80, "nj", None)}, awards=awards)
    definition = meet([{"id": "ea", "title": "A", "rounds": ["a"]}], medals=["first"])
    board = meet_board(definition, {"a": a}, 1)
    assert board["table"]["columns"] == [{"id": "first", "name": "一等奖"}]
    assert rows(board) == [(1, "wz", [1]), (2, "nj", [0]), (2, "hz", [0])]


def test_states_of_rounds_and_events() -> None:
    assert round_state(None) == "not_defined"
    assert event_state(["not_defined", "not_started"]) == "not_started"
    assert event_state(["finalized", "not_started"]) == "between_rounds"
    assert event_state(["finalized", "running"]) == "running"
    assert event_state(["finalized", "finalized"]) == "finalized"
    assert standard_places([1, 2, 2, 3]) == [1, 2, 2, 4]  # dense ranks -> standard places
    assert standard_places([1, 1, 3, None]) == [1, 1, 3]


def test_a_team_event_whose_entries_have_no_team_ranks_the_entries_as_teams() -> None:
    t = contest("t", {"1": (50, "nj", None), "2": (70, "hz", None)})
    definition = meet([{"id": "et", "title": "T", "kind": "team", "rounds": ["t"]}], mode="points")
    board = meet_board(definition, {"t": t}, 1)
    assert rows(board) == [(1, "hz", 7), (2, "nj", 5), (3, "wz", 0)]
