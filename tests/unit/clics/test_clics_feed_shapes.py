"""Every CLICS feed shape imports to the standings an independent scorer computes.

One contest is written as a list of object changes (creates, repeated and
out-of-order updates, judgements re-sent as they progress, a rejudging, a deleted
submission, unknown types) and rendered in the three notification formats in use:
2020-03 (`op`, plural `contests`/`states`, ids only in `data.id`, `runs`, integer
`penalty_time`), 2022-07 (tokens, singular `contest`/`state`, `data: null` deletes,
integer `penalty_time`) and 2023-06 (the same with `penalty_time` as a RELTIME).

The reference scorer below shares nothing with `judging.clics`: it keeps the last
state of each object of the change list and applies the CLICS scoreboard rules
(minute-truncated times, `penalty_time` per rejected attempt whose judgement type has
`penalty: true` before the first accepted one, rank by solved desc, time asc, minute
of the last accepted asc, equal keys sharing a rank; hidden teams left out).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from judging.clics.importer import import_feed
from judging.clics.reader import read_feed
from judging.domain.events import Event
from judging.projections.standings import ContestStandings

Change = tuple[str, str | None, dict[str, Any] | None]  # type, id, data (None: delete)
START, FROZEN, ENDED = "2024-05-01T10:00:00Z", "2024-05-01T14:00:00Z", "2024-05-01T15:00:00Z"
THAWED, FINAL = "2024-05-01T16:00:00Z", "2024-05-01T16:30:00Z"
TYPES = {"AC": (True, False), "WA": (False, True), "TLE": (False, True), "CE": (False, False)}
# id, team, problem, contest time, judgement progression (None: still judging)
SUBMISSIONS = [
    ("1", "t1", "pa", "0:09:59.900", ["WA"]),
    ("2", "t1", "pa", "0:21:00.000", ["CE"]),
    ("3", "t1", "pa", "0:30:30.000", [None, "AC"]),
    ("4", "t2", "pa", "0:15:00.000", [None, None, "AC"]),
    ("5", "t2", "pb", "1:00:00.000", ["TLE"]),
    ("6", "t2", "pb", "1:45:10.000", ["AC"]),
    ("7", "t1", "pb", "2:10:00.000", ["AC"]),
    ("8", "t3", "pa", "0:05:00.000", ["AC"]),  # the hidden team
    ("9", "t4", "pc", "4:30:00.000", ["WA", "AC"]),  # after the freeze, rejudged
    ("10", "t4", "pa", "0:40:00.000", ["AC"]),  # deleted below
    ("11", "t4", "pb", "4:59:00.000", [None]),  # never judged
]


def contest_changes(penalty: object, state: dict[str, Any]) -> list[Change]:
    contest = {
        "id": "demo",
        "name": "Demo",
        "formal_name": "Demo Contest",
        "start_time": START,
        "duration": "5:00:00.000",
        "scoreboard_freeze_duration": "1:00:00.000",
        "penalty_time": penalty,
    }
    changes: list[Change] = [("contest", "demo", contest), ("state", None, {"started": None})]
    changes += [
        ("judgement-types", k, {"id": k, "solved": s, "penalty": p}) for k, (s, p) in TYPES.items()
    ]
    changes += [
        ("problems", p, {"id": p, "label": p[1].upper(), "ordinal": i})
        for i, p in enumerate(["pa", "pb", "pc"])
    ]
    changes += [("organizations", "o1", {"id": "o1", "name": "Uni"})]
    changes += [("teams", "t2", {"id": "t2", "name": "Two", "organization_id": "o1"})]
    for team in ("t1", "t3", "t4"):
        changes.append(("teams", team, {"id": team, "name": team.upper(), "hidden": team == "t3"}))
    changes += [("teams", "t1", {"id": "t1", "name": "One renamed"})]  # an update
    changes += [("map-info", None, {"anything": 1}), ("kv", "x", {"id": "x"})]  # unknown types
    changes += [("judgements", "j9", _judgement("9", "9", None))]  # before its submission
    for sid, team, problem, time, progression in SUBMISSIONS:
        submission = {"id": sid, "team_id": team, "problem_id": problem, "contest_time": time}
        changes += [("submissions", sid, submission), ("submissions", sid, submission)]
        for step in progression[: 2 if sid == "9" else None]:
            changes.append(("judgements", f"j{sid}", _judgement(f"j{sid}", sid, step)))
            changes.append(("runs", f"r{sid}", {"id": f"r{sid}", "judgement_id": f"j{sid}"}))
    changes += [("judgements", "j9", {**_judgement("j9", "9", "WA"), "valid": False})]
    changes += [("judgements", "j9b", _judgement("j9b", "9", "AC"))]  # the rejudging
    changes += [("submissions", "10", None)]
    changes += [("state", None, {"started": START, **state})]
    return changes


def _judgement(id_: str, submission: str, type_id: str | None) -> dict[str, Any]:
    return {"id": id_, "submission_id": submission, "judgement_type_id": type_id}


def render_2020(changes: list[Change]) -> list[str]:
    plural = {"contest": "contests", "state": "states"}
    seen: set[tuple[str, str | None]] = set()
    lines = []
    for type_, id_, data in changes:
        op = "delete" if data is None else "update" if (type_, id_) in seen else "create"
        seen.add((type_, id_))
        body = {"id": id_} if data is None else data
        lines.append({"type": plural.get(type_, type_), "op": op, "data": body})
    return [json.dumps(line) for line in lines]


def render_2022(changes: list[Change]) -> list[str]:
    return [
        json.dumps({"type": t, "id": i, "data": d, "token": f"tok{n}"})
        for n, (t, i, d) in enumerate(changes)
    ]


def reference(
    changes: list[Change], before_minute: int | None = None
) -> dict[str, tuple[int, int, int]]:
    latest: dict[tuple[str, str | None], dict[str, Any] | None] = {}
    for type_, id_, data in changes:
        latest[(type_, id_)] = data
    alive = {key: data for key, data in latest.items() if data is not None}
    penalty = alive[("contest", "demo")]["penalty_time"]
    penalty_minutes = penalty if isinstance(penalty, int) else int(penalty.split(":")[1])
    verdicts = {
        j["submission_id"]: j["judgement_type_id"]
        for (type_, _), j in alive.items()
        if type_ == "judgements" and j["judgement_type_id"] and j.get("valid", True)
    }
    teams = [i for (t, i), d in alive.items() if t == "teams" and not d.get("hidden")]
    totals = {team: [0, 0, 0] for team in teams}
    runs: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for (type_, sid), sub in alive.items():
        if type_ == "submissions" and sid in verdicts and sub["team_id"] in totals:
            h, m, s = sub["contest_time"].split(":")
            minute = int(h) * 60 + int(m)
            if before_minute is None or minute < before_minute:
                runs.setdefault((sub["team_id"], sub["problem_id"]), []).append(
                    (minute * 60 + int(float(s)), verdicts[sid])
                )
    for (team, _), attempts in runs.items():
        rejected = 0
        for second, verdict in sorted(attempts):
            solved, costs = TYPES[verdict]
            if solved:
                totals[team][0] += 1
                totals[team][1] += second // 60 + penalty_minutes * rejected
                totals[team][2] = max(totals[team][2], second // 60)
                break
            rejected += costs
    keys = {team: (-s, t, last) for team, (s, t, last) in totals.items()}
    return {
        team: (1 + sum(other < key for other in keys.values()), totals[team][0], totals[team][1])
        for team, key in keys.items()
    }


def ours(events: list[Event], view: str) -> dict[str, tuple[int, int, int]]:
    document = ContestStandings.of(events).document(view)  # type: ignore[arg-type]
    return {
        row["contestant_id"]: (row["rank"], row["score"]["stages_cleared"], row["score"]["time"])
        for row in document["rows"]
    }


SHAPES: dict[str, tuple[Callable[[list[Change]], list[str]], object]] = {
    "2020-03": (render_2020, 20),
    "2022-07": (render_2022, 20),
    "2023-06": (render_2022, "0:20:00.000"),
}
FULL = {"frozen": FROZEN, "ended": ENDED, "thawed": THAWED, "finalized": FINAL}


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_ranks_as_the_reference(shape: str) -> None:
    render, penalty = SHAPES[shape]
    changes = contest_changes(penalty, FULL)
    result = import_feed(read_feed(render(changes)))
    assert result.contest_id == "demo"
    assert ours(result.events, "live") == ours(result.events, "public") == reference(changes)
    assert reference(changes)["t1"] == (2, 2, 30 + 20 + 130)  # CE costs nothing
    assert reference(changes)["t2"] == (1, 2, 15 + 105 + 20)
    assert (result.attempts, result.pending) == (8, 1)  # 9 rejudged; 10 deleted; 11 judging
    assert result.ignored == {"map-info": 1, "kv": 1}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_contest_that_ends_frozen(shape: str) -> None:
    render, penalty = SHAPES[shape]
    changes = contest_changes(penalty, {"frozen": FROZEN, "ended": ENDED})
    events = import_feed(read_feed(render(changes))).events
    assert events[-1].type == "contest_ended"
    assert ours(events, "live") == reference(changes)
    assert ours(events, "public") == reference(changes, before_minute=240)
    assert ours(events, "public") != ours(events, "live")


@pytest.mark.parametrize("shape", SHAPES)
def test_finalized_without_thaw(shape: str) -> None:
    render, penalty = SHAPES[shape]
    changes = contest_changes(penalty, {"frozen": FROZEN, "ended": ENDED, "finalized": FINAL})
    events = import_feed(read_feed(render(changes))).events
    assert [e.type for e in events if e.type.startswith("contest_")][-3:] == [
        "contest_frozen",
        "contest_ended",
        "contest_finalized",
    ]
    assert ours(events, "live") == reference(changes)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_contest_that_never_started(shape: str) -> None:
    render, penalty = SHAPES[shape]
    changes = [c for c in contest_changes(penalty, {}) if c[0] != "state"]
    changes.append(("state", None, {"started": None}))
    result = import_feed(read_feed(render(changes)))
    assert [e.type for e in result.events] == ["contest_defined", "contestants_registered"]
    assert result.pending == 10
    assert {row[1:] for row in ours(result.events, "live").values()} == {(0, 0)}
