"""Every example definition in examples/ validates."""

from __future__ import annotations

from pathlib import Path

import pytest

from judging.domain.definition import ContestDefinition
from judging.domain.validation import load_definition_file

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def test_there_are_examples() -> None:
    names = {path.name for path in FILES}
    assert {"electrical-assembly.yaml", "stage-relay.yaml"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_example_validates(path: Path) -> None:
    assert isinstance(load_definition_file(path), ContestDefinition)


def test_electrical_assembly_has_five_skill_dimensions() -> None:
    definition = load_definition_file(EXAMPLES / "electrical-assembly.yaml")
    assert definition.kind == "assessment"
    assert len(definition.criteria) == 5
    assert all(criterion.skill for criterion in definition.criteria)
    assert definition.max_total == pytest.approx(100)
    assert len(definition.venues) >= 3


def test_stage_relay_ranks_by_stages() -> None:
    definition = load_definition_file(EXAMPLES / "stage-relay.yaml")
    assert definition.ranking.policy == "stages"
    assert 6 <= len(definition.stages) <= 8
    assert len(definition.venues) >= 3
