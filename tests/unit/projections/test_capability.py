"""Capability per group and skill against a position standard."""

from __future__ import annotations

from judging.projections.talent.capability import group_rows


def test_group_rows_compare_means_with_the_standard() -> None:
    groups = {"w1": "t1", "w2": "t1", "w3": None}
    percents = {"w1": {"wiring": 90.0}, "w2": {"wiring": 70.0}, "w3": {"wiring": 40.0}}
    rows = group_rows(groups, {}, percents, {"wiring": 75, "theory": 60})
    assert [(r["group"], r["workers"]) for r in rows] == [("t1", 2), (None, 1)]
    wiring, theory = rows[0]["skills"]
    assert wiring == {
        "skill": "wiring",
        "mean": 80,
        "workers": 2,
        "not_assessed": 0,
        "required": 75,
        "gap": 5,
    }
    assert theory == {
        "skill": "theory",
        "mean": None,
        "workers": 0,
        "not_assessed": 2,
        "required": 60,
        "gap": None,
    }
    assert rows[1]["skills"][0]["gap"] == -35


def test_without_a_standard_every_skill_seen_is_listed() -> None:
    rows = group_rows({"w1": "t"}, {}, {"w1": {"b": 10.0, "a": 20.0}}, None)
    assert [s["skill"] for s in rows[0]["skills"]] == ["a", "b"]
    assert rows[0]["skills"][0]["gap"] is None


def test_a_worker_without_any_skill_counts_in_the_group_only() -> None:
    rows = group_rows({"w1": "t", "w2": "t"}, {"w1": "Li Lei"}, {"w1": {"a": 50.0}}, None)
    [row] = rows
    assert row["workers"] == 2
    assert row["skills"] == [
        {"skill": "a", "mean": 50, "workers": 1, "not_assessed": 1, "required": None,
         "gap": None}
    ]  # fmt: skip
    assert [(m["name"], m["skills"]) for m in row["members"]] == [
        ("Li Lei", {"a": 50.0}),
        ("w2", {}),
    ]
