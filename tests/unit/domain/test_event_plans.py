"""A flat class's plan builds what validation gives, and steps aside for anything else."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field, ValidationError, create_model, field_validator
from same_events import assert_same

from judging.domain.definition import Model
from judging.domain.event_plans import builder, builders


def test_flat_classes_have_plans_and_the_others_are_validated() -> None:
    flat = {
        "mark_awarded", "penalty_imposed", "attempt_recorded", "entry_corrected",
        "correction_requested", "entry_signed_off", "contestant_disqualified",
        "contestant_withdrew", "contest_started", "contest_frozen", "contest_ended",
        "contest_thawed", "contest_finalized", "contest_reopened",
    }  # fmt: skip
    assert set(builders(contest_only=True)) == flat
    assert {"token_issued", "token_revoked", "campaign_closed"} <= set(builders(contest_only=False))
    for nested in ("contest_defined", "contestants_registered", "awards_published", "pair_formed"):
        assert nested not in builders(contest_only=False)


SCALARS: list[Any] = [
    str, int, float, bool, datetime, float | bool, int | float, bool | int, str | None,
    float | bool | None, datetime | None, Literal["a", "b"], Literal["a"] | None,
    Annotated[float, Field(ge=0, lt=10)], Annotated[int, Field(gt=0, le=3)],
]  # fmt: skip
INPUTS: list[Any] = [
    "a", "c", "", "1", "2024-05-01T08:00:00Z", "2024-05-01T08:00:00.5-03:30",
    "2024-05-01T08:00:00", "1714550400", "2024-13-01T00:00:00Z", 0, 1, 3, -1, 2**70, 10**400,
    0.0, 1.5, 9.99, 10.0, -0.0, math.inf, math.nan, True, False, None, [1], {"a": 1},
]  # fmt: skip


@pytest.mark.parametrize("annotation", SCALARS, ids=str)
def test_a_planned_field_gives_what_validation_gives_or_falls_back(annotation: Any) -> None:
    model: type[BaseModel] = create_model(
        "Sample", __base__=Model, type=(Literal["sample"], "sample"), field=(annotation, ...)
    )
    build = builder(model)
    assert build is not None
    taken = 0
    for value in INPUTS:
        event = build({"field": value})
        try:
            expected = model.model_validate({"type": "sample", "field": value})
        except ValidationError:
            assert event is None, value
            continue
        if event is not None:
            taken += 1
            assert_same([event], [expected])
    assert taken > 0


def test_classes_a_plan_would_have_to_second_guess_are_validated() -> None:
    def sample(**fields: Any) -> type[BaseModel]:
        return create_model("Sample", __base__=Model, type=(Literal["s"], "s"), **fields)

    class Checked(Model):
        type: Literal["s"] = "s"
        name: str

        @field_validator("name")
        @classmethod
        def upper(cls, name: str) -> str:
            return name.upper()

    assert builder(sample(name=(str, ...))) is not None
    assert builder(Checked) is None
    assert builder(sample(name=(str, Field(alias="n")))) is None
    assert builder(sample(name=(str, Field(pattern="^a")))) is None
    assert builder(sample(name=(str, Field(min_length=1)))) is None
    assert builder(sample(name=(list[str], ...))) is None
    assert builder(sample(name=(str | int | float | Literal["x"], ...))) is None
    assert builder(sample(when=(date, ...))) is None


def test_built_events_share_a_fields_set_nothing_can_change() -> None:
    """Instances of a frozen class share one fields set: no assignment reaches it, and
    a copy with changes gets a set of its own."""
    build = builders(contest_only=True)["mark_awarded"]
    data = {"command_id": "x", "contestant_id": "c1", "aspect_id": "a", "referee_id": "r1",
            "value": 7.0, "at": "2024-05-01T08:00:00Z"}  # fmt: skip
    first, second = build(data), build({**data, "command_id": "y"})
    assert first is not None and second is not None
    assert first.model_fields_set == second.model_fields_set == {*data, "type"}
    with pytest.raises(ValidationError):
        first.value = 8.0  # type: ignore[attr-defined]
    changed = first.model_copy(update={"value": 8.0})
    changed.model_fields_set.discard("value")
    assert first.model_fields_set == second.model_fields_set == {*data, "type"}

    class Open(BaseModel):  # not frozen: a set of its own each time
        type: Literal["open"] = "open"
        n: int

    make = builder(Open)
    assert make is not None
    one, two = make({"n": 1}), make({"n": 2})
    assert one is not None and two is not None
    one.n = 3
    assert one.model_fields_set is not two.model_fields_set
