"""The per-skill summary of a worker's resume."""

from __future__ import annotations

from judging.projections.talent.resume import skill_summary


def test_skill_summary_latest_best_mean_count() -> None:
    summary = skill_summary([("wiring", 60), ("theory", 80), ("wiring", 40)])
    assert summary == {
        "theory": {"latest": 80, "best": 80, "mean": 80, "contests": 1},
        "wiring": {"latest": 40, "best": 60, "mean": 50, "contests": 2},
    }
