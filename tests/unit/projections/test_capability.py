"""Capability per group and skill against a position standard."""

from __future__ import annotations

from judging.projections.talent.capability import Sample, group_rows, latest


def test_latest_takes_each_workers_latest_group_and_skill() -> None:
    samples = [
        Sample("w1", "wiring", 90, 20, "x", "t2"),
        Sample("w1", "wiring", 50, 10, "x", "t1"),
        Sample("w1", "theory", 70, 10, "x", "t1"),
    ]
    groups, percents = latest(samples)
    assert groups == {"w1": "t2"}
    assert percents == {"w1": {"wiring": 90, "theory": 70}}


def test_group_rows_compare_means_with_the_standard() -> None:
    samples = [
        Sample("w1", "wiring", 90, 1, "a", "t1"),
        Sample("w2", "wiring", 70, 1, "b", "t1"),
        Sample("w3", "wiring", 40, 1, "c", None),
    ]
    rows = group_rows(samples, {"wiring": 75, "theory": 60})
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
    rows = group_rows(
        [Sample("w1", "b", 10, 1, "a", "t"), Sample("w1", "a", 20, 1, "a", "t")], None
    )
    assert [s["skill"] for s in rows[0]["skills"]] == ["a", "b"]
    assert rows[0]["skills"][0]["gap"] is None
