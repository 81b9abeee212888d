"""Not assessed is not 0 %: results, capability means and the resume keep them apart."""

from __future__ import annotations

from types import SimpleNamespace

from judging.domain.definition import ContestDefinition
from judging.domain.facts import Attempt, EntryFacts
from judging.projections.talent.capability import group_rows
from judging.projections.talent.contest_results import assessed, contest_results, skill_percents
from judging.projections.talent.resume import entry_json


def definition() -> ContestDefinition:
    aspect = {"id": "a", "name": "A", "type": "measurement", "max": 10}
    return ContestDefinition.model_validate(
        {
            "id": "c1",
            "title": "Cup",
            "duration_minutes": 60,
            "criteria": [
                {"id": "wiring", "name": "W", "skill": "elec.wiring", "aspects": [aspect]},
                {"id": "theory", "name": "T", "aspects": [{**aspect, "max": 30}]},
                {"id": "solder", "name": "S", "skill": "elec.wiring", "aspects": [aspect]},
            ],
            "stages": [{"id": "s1", "name": "One"}],
        }
    )


def test_an_entry_is_assessed_by_a_mark_or_an_attempt() -> None:
    assert not assessed(EntryFacts("x", "X"))
    assert assessed(EntryFacts("x", "X", criteria={"theory": 0}))
    assert assessed(EntryFacts("x", "X", attempts={"s1": (Attempt("failed", 60),)}))


def test_a_skill_without_any_mark_is_absent_and_a_zero_mark_is_zero() -> None:
    facts = EntryFacts("x", "X", criteria={"theory": 0})
    assert skill_percents(facts, definition()) == {"c1:theory": 0}


def test_a_worker_never_marked_has_no_rank_no_percent_and_no_skills() -> None:
    entries = [
        EntryFacts("a", "A", worker_id="w1", criteria={"wiring": 10}),
        EntryFacts("b", "B", worker_id="w2"),
        EntryFacts("c", "C", worker_id="w3", criteria={"wiring": 0}),
    ]
    results = contest_results(definition(), entries, "2026-01-01T00:00:00+00:00")
    assert [(r.worker_id, r.rank, r.field_size) for r in results] == [
        ("w1", 1, 2),
        ("w3", 2, 2),
        ("w2", None, 2),
    ]
    never = results[-1]
    assert (never.percentile, never.total_percent, never.skills) == (None, None, {})
    assert results[1].skills == {"elec.wiring": 0}


def test_team_means_leave_out_workers_not_assessed_in_a_skill() -> None:
    groups = {"w1": "t1", "w2": "t1", "w3": "t1"}
    names = {"w1": "甲", "w2": "乙", "w3": "丙"}
    percents = {"w1": {"wiring": 80.0}, "w2": {"wiring": 40.0, "theory": 70.0}}  # w3: never
    [team] = group_rows(groups, names, percents, {"wiring": 50, "theory": 60})
    assert team["workers"] == 3
    wiring, theory = team["skills"]
    assert (wiring["mean"], wiring["workers"], wiring["not_assessed"]) == (60, 2, 1)
    assert (theory["mean"], theory["workers"], theory["not_assessed"]) == (70, 1, 2)
    assert [(m["name"], m["skills"]) for m in team["members"]] == [
        ("丙", {}),
        ("乙", {"theory": 70, "wiring": 40}),
        ("甲", {"wiring": 80}),
    ]


def test_a_resume_entry_says_whether_it_was_assessed() -> None:
    row = SimpleNamespace(
        contest_id="c1", contestant_id="a", title="Cup", finalized_at="t", rank=None,
        field_size=2, percentile=None, total_percent=None, organization=None, team=None,
        workshop=None, award=None, award_name=None,
    )  # fmt: skip
    assert entry_json(row, {})["assessed"] is False
    assert entry_json(row, {"elec.wiring": 0})["assessed"] is True
