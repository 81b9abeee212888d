"""A small valid contest definition, and helpers to collect the problems of a broken one."""

from __future__ import annotations

from typing import Any

import pytest

from judging.domain.validation import DefinitionError, Problem, validate_definition


def base() -> dict[str, Any]:
    """A small valid definition that tests break one piece at a time."""
    return {
        "id": "yrd",
        "title": "长三角电工邀请赛",
        "duration_minutes": 240,
        "freeze_minutes": 60,
        "total": 12,
        "ranking": {"policy": "points", "tie_breaks": ["countback", "criterion:wiring"]},
        "venues": [{"id": "wz", "name": "温州"}, {"id": "nj", "name": "南京"}],
        "criteria": [
            {
                "id": "wiring",
                "name": "识图焊接接线",
                "total": 12,
                "aspects": [
                    {
                        "id": "quality",
                        "name": "接线工艺",
                        "max": 10,
                        "scale": [0, 3],
                        "panel": {"size": 3, "aggregate": "mean", "max_spread": 1},
                    },
                    {
                        "id": "faults",
                        "name": "接线错误数",
                        "type": "measurement",
                        "max": 2,
                        "rule": {
                            "kind": "tiers",
                            "tiers": [{"below": 1, "mark": 2}, {"below": 2, "mark": 1}],
                            "else": 0,
                        },
                    },
                ],
            }
        ],
        "penalties": [{"id": "safety", "name": "安全违规", "points": 5}],
    }


def problems(data: object) -> list[Problem]:
    with pytest.raises(DefinitionError) as caught:
        validate_definition(data)
    return caught.value.problems


def codes_at(data: object) -> set[tuple[str, str]]:
    return {(problem.path, problem.code) for problem in problems(data)}
