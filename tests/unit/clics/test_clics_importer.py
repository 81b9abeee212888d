import json
from uuid import UUID

import pytest

from judging.clics.ids import slug
from judging.clics.importer import FeedImportError, import_feed
from judging.clics.reader import read_feed
from judging.domain.events import AttemptRecorded, ContestantsRegistered, ContestDefined

START = "2025-03-02T09:00:00Z"


def notification(type_: str, id_: str | None, data: object) -> str:
    return json.dumps({"type": type_, "id": id_, "data": data}) + "\n"


def small_feed(penalty_time: object = "0:20:00") -> list[str]:
    judgement_types = [("AC", True, False), ("WA", False, True), ("CE", False, False)]
    submissions = [  # id, team, problem, contest time, verdict
        ("s1", "t1", "p/b", "0:10:00.000", "WA"),
        ("s2", "t1", "p/b", "0:12:30.500", "CE"),
        ("s3", "t1", "p/b", "0:15:59.999", "AC"),
        ("s4", "t2", "a", "4:10:00.000", "AC"),
        ("s5", "t2", "a", "0:05:00.000", None),
    ]
    contest = {
        "id": "wf 2025",
        "name": "WF",
        "formal_name": "World Finals",
        "start_time": START,
        "duration": "5:00:00",
        "scoreboard_freeze_duration": "1:00:00",
        "penalty_time": penalty_time,
    }
    state = {"started": START, "frozen": "2025-03-02T13:00:00Z", "ended": "2025-03-02T14:00:00Z"}
    lines = [notification("contest", "wf 2025", contest)]
    lines += [notification("groups", "g1", {"id": "g1", "name": "Europe"})]
    lines += [notification("organizations", "o1", {"id": "o1", "name": "UW", "formal_name": "U W"})]
    lines += [
        notification(
            "teams",
            "t1",
            {
                "id": "t1",
                "name": "T1",
                "display_name": "Team One",
                "organization_id": "o1",
                "group_ids": ["g1"],
            },
        ),
        notification("teams", "t2", {"id": "t2", "name": "T2", "organization_id": None}),
        notification("teams", "t3", {"id": "t3", "name": "Jury", "hidden": True}),
    ]
    lines += [
        notification("problems", "p/b", {"id": "p/b", "label": "B", "name": "Bee", "ordinal": 1})
    ]
    lines += [notification("problems", "a", {"id": "a", "label": "A", "name": "Ay", "ordinal": 0})]
    for jid, solved, penalty in judgement_types:
        lines.append(
            notification("judgement-types", jid, {"id": jid, "solved": solved, "penalty": penalty})
        )
    for sid, team, problem, time, verdict in submissions:
        data = {"id": sid, "team_id": team, "problem_id": problem, "contest_time": time}
        lines.append(notification("submissions", sid, data))
        judgement = {"id": f"j{sid}", "submission_id": sid, "judgement_type_id": verdict}
        lines.append(notification("judgements", f"j{sid}", judgement))
    lines.append(notification("state", None, state))
    return lines


def test_definition_and_roster() -> None:
    result = import_feed(read_feed(small_feed()))
    defined, registered = result.events[0], result.events[1]
    assert isinstance(defined, ContestDefined) and isinstance(registered, ContestantsRegistered)
    definition = defined.definition
    assert result.contest_id == definition.id == slug("wf 2025") != "wf 2025"
    assert definition.title == "World Finals"
    assert (definition.duration_minutes, definition.freeze_minutes) == (300, 60)
    assert definition.ranking.policy == "stages"
    assert definition.ranking.penalty_minutes == 20
    assert [s.id for s in definition.stages] == ["a", slug("p/b")]
    assert [s.name for s in definition.stages] == ["A — Ay", "B — Bee"]
    one, two = registered.contestants
    assert (one.id, one.name, one.organization, one.team) == ("t1", "Team One", "UW", "Europe")
    assert (two.id, two.name, two.organization, two.team) == ("t2", "T2", None, None)


@pytest.mark.parametrize("penalty_time", [20, "0:20:00.000"])
def test_penalty_time_int_or_reltime(penalty_time: object) -> None:
    event = import_feed(read_feed(small_feed(penalty_time))).events[0]
    assert isinstance(event, ContestDefined)
    assert event.definition.ranking.penalty_minutes == 20


def test_timeline_interleaves_attempts_and_state() -> None:
    result = import_feed(read_feed(small_feed()))
    kinds = [e.type for e in result.events[2:]]
    assert kinds == ["contest_started"] + ["attempt_recorded"] * 3 + [
        "contest_frozen",
        "attempt_recorded",
        "contest_ended",
    ]
    attempts = [e for e in result.events if isinstance(e, AttemptRecorded)]
    assert [(a.command_id, a.result, a.penalty) for a in attempts] == [
        ("clics-sub-s1", "failed", True),
        ("clics-sub-s2", "failed", False),
        ("clics-sub-s3", "cleared", True),
        ("clics-sub-s4", "cleared", True),
    ]
    assert attempts[2].contest_time == pytest.approx(959.999)
    assert attempts[2].stage_id == slug("p/b")
    assert (result.attempts, result.pending, result.skipped) == (4, 1, [])


def test_reimport_gives_the_same_ids() -> None:
    first = import_feed(read_feed(small_feed()))
    second = import_feed(read_feed(small_feed()))
    assert first.event_ids == second.event_ids
    assert len(set(first.event_ids)) == len(first.event_ids)
    assert all(isinstance(i, UUID) for i in first.event_ids)
    other = import_feed(read_feed(small_feed()), contest_id="copy")
    assert other.contest_id == "copy" and not set(other.event_ids) & set(first.event_ids)


def test_feed_without_contest_or_never_started() -> None:
    with pytest.raises(FeedImportError, match="no `contest`"):
        import_feed(read_feed([]))
    never_started = [
        notification("contest", "c", {"id": "c", "name": "C", "duration": "1:00:00"}),
        notification("submissions", "s", {"id": "s", "team_id": "t", "problem_id": "p"}),
    ]
    result = import_feed(read_feed(never_started))
    assert [e.type for e in result.events] == ["contest_defined", "contestants_registered"]
    assert (result.attempts, result.pending) == (0, 1)


def test_slug_mapping() -> None:
    assert slug("A-condorcet-elections-NMXHOY") == "A-condorcet-elections-NMXHOY"
    mapped = slug("_team 7/β")
    assert mapped.startswith("team-7-") and len(mapped) <= 64
    assert slug("_team 7/β") == mapped != slug("_team 7/γ")
    assert slug("x" * 80) != slug("x" * 81)
    assert slug("///").startswith("x-")
