"""The two real CLICS feeds import and rank exactly as the CLICS scoring rules say.

The reference scorer below reads the raw feed on its own (nothing shared with
`judging.clics`) and applies the rules of the Contest API scoreboard: a team's
time is the sum over solved problems of the minute (rounded down) of the first
accepted submission plus `penalty_time` per earlier rejected submission whose
judgement type has `penalty: true`; rank by solved desc, time asc, minute of the
last accepted submission asc; equal keys share a rank.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from clics_feeds import feed_path

pytest.importorskip("judging.domain.board", reason="the domain board (entry_facts) has not landed")

from judging.clics.importer import import_feed
from judging.clics.reader import load_feed
from judging.domain.events import Event
from judging.projections.standings import ContestStandings

FEEDS = ["euc2025", "swerc2022"]
FREEZE_START = 4 * 3600.0  # both contests: 5 hours, frozen for the last hour


# ---- the independent reference -------------------------------------------------


def seconds(reltime: str) -> float:
    match = re.fullmatch(r"(-)?(\d+):(\d\d):(\d\d(?:\.\d+)?)", reltime)
    assert match, reltime
    value = int(match[2]) * 3600 + int(match[3]) * 60 + float(match[4])
    return -value if match[1] else value


def raw_objects(path: Path) -> dict[str, dict[str, Any]]:
    """type -> id -> latest data, with the line of the latest judgement notification."""
    objects: dict[str, dict[str, Any]] = defaultdict(dict)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        note = json.loads(line)
        if note.get("id") is None:
            objects[note["type"]]["-"] = note["data"]
        elif note["data"] is None:
            objects[note["type"]].pop(note["id"], None)
        else:
            objects[note["type"]][note["id"]] = {**note["data"], "_line": number}
    return objects


@dataclass(frozen=True)
class RefRow:
    rank: int
    team: str
    solved: int
    time: int
    last: int


def reference(path: Path, before: float | None = None) -> list[RefRow]:
    """The CLICS scoreboard; with `before`, only submissions made before that time count."""
    objects = raw_objects(path)
    contest = next(iter(objects["contest"].values()))
    penalty = contest["penalty_time"]
    penalty_minutes = penalty if isinstance(penalty, int) else int(seconds(penalty) // 60)
    types = objects["judgement-types"]
    verdict: dict[str, tuple[int, str]] = {}
    for judgement in objects["judgements"].values():
        type_id = judgement.get("judgement_type_id")
        sid = judgement["submission_id"]
        if type_id and (sid not in verdict or verdict[sid][0] < judgement["_line"]):
            verdict[sid] = (judgement["_line"], type_id)
    per_problem: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for sid, sub in objects["submissions"].items():
        at = seconds(sub["contest_time"])
        if sid in verdict and (before is None or at < before):
            per_problem[(sub["team_id"], sub["problem_id"])].append((at, verdict[sid][1]))
    totals = {team: [0, 0, 0] for team in objects["teams"]}  # solved, time, last
    for (team, _), subs in per_problem.items():
        rejected = 0
        for at, type_id in sorted(subs):
            if types[type_id]["solved"]:
                minute = int(at // 60)
                totals[team][0] += 1
                totals[team][1] += minute + penalty_minutes * rejected
                totals[team][2] = max(totals[team][2], minute)
                break
            rejected += types[type_id]["penalty"]
    keys = {team: (-s, t, last) for team, (s, t, last) in totals.items()}
    return [
        RefRow(1 + sum(other < key for other in keys.values()), team, *totals[team])
        for team, key in sorted(keys.items(), key=lambda item: item[1])
    ]


# ---- ours ------------------------------------------------------------------------


def our_rows(events: list[Event], view: str) -> dict[str, tuple[int, int, int]]:
    document = ContestStandings.of(events).document(view)  # type: ignore[arg-type]
    return {
        row["contestant_id"]: (row["rank"], row["score"]["stages_cleared"], row["score"]["time"])
        for row in document["rows"]
    }


def as_map(rows: list[RefRow]) -> dict[str, tuple[int, int, int]]:
    return {row.team: (row.rank, row.solved, row.time) for row in rows}


def until_end(events: list[Event]) -> list[Event]:
    """The events up to the end of the contest: frozen, not yet thawed nor finalized."""
    index = next(i for i, event in enumerate(events) if event.type == "contest_ended")
    return events[: index + 1]


@pytest.mark.parametrize("name", FEEDS)
def test_final_standings_match_the_clics_rules(name: str) -> None:
    path = feed_path(name)
    events = import_feed(load_feed(path)).events
    expected = as_map(reference(path))
    assert our_rows(events, "live") == expected
    assert our_rows(events, "public") == expected  # thawed / finalized: all revealed


@pytest.mark.parametrize("name", FEEDS)
def test_public_view_during_the_freeze_hides_the_last_hour(name: str) -> None:
    path = feed_path(name)
    events = until_end(import_feed(load_feed(path)).events)
    assert our_rows(events, "public") == as_map(reference(path, before=FREEZE_START))
    assert our_rows(events, "live") == as_map(reference(path))


def test_swerc_submissions_after_the_freeze_are_not_judged() -> None:
    path = feed_path("swerc2022")
    result = import_feed(load_feed(path))
    assert reference(path) == reference(path, before=FREEZE_START)
    assert result.pending == 315
    late = [
        e for e in result.events if e.type == "attempt_recorded" and e.contest_time >= FREEZE_START
    ]
    assert late == []


def test_figures() -> None:
    euc = import_feed(load_feed(feed_path("euc2025")))
    swerc = import_feed(load_feed(feed_path("swerc2022")))
    assert (euc.attempts, euc.pending, euc.skipped) == (856, 0, [])
    assert (swerc.attempts, swerc.pending, swerc.skipped) == (1007, 315, [])
