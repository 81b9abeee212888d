"""Position standards: define, store, parse back."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from judging.domain.events import UnknownEventType, decode, encode
from judging.domain.standards import DefineStandard, decide_standard
from judging.store.locks import lock_key


def test_define_standard_gives_standard_defined_that_parses_back() -> None:
    command = DefineStandard(command_id="1", id="fitter-3", name="Fitter", required={"w": 80})
    [event] = decide_standard(command)
    assert decode(*encode(event)) == event
    with pytest.raises(UnknownEventType):
        decode("standard_retired", {})


@pytest.mark.parametrize("required", [{}, {"w": 101}, {"w": -1}, {"": 50}])
def test_invalid_standards_are_rejected(required: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        DefineStandard(command_id="1", id="s", name="S", required=required)


def test_lock_keys_are_stable_signed_64_bit() -> None:
    assert lock_key("talent") == lock_key("talent") != lock_key("other")
    assert -(2**63) <= lock_key("talent") < 2**63
