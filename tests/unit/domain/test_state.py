"""The state's own rules: lifecycle flags, record visibility, freeze start."""

from __future__ import annotations

from builders import at, definition, started

from judging.domain.evolve import fold
from judging.domain.state import ContestState, Lifecycle, Record, Version, originals


def test_lifecycle_flags() -> None:
    assert not Lifecycle().running
    assert Lifecycle(started=at(0)).running
    assert not Lifecycle(started=at(0), ended=at(9)).running
    assert Lifecycle(started=at(0), frozen=at(5)).freezing
    assert not Lifecycle(started=at(0), frozen=at(5), thawed=at(9)).freezing
    assert Lifecycle(thawed=at(9)).revealed and Lifecycle(finalized=at(9)).revealed


def test_the_public_sees_the_last_version_from_before_the_freeze() -> None:
    record = Record(
        "m1", "mark", "c1", "quality", "r1",
        (Version("m1", value=1), Version("x1", value=2), Version("x2", value=3, hidden=True)),
    )  # fmt: skip
    assert record.seen(revealed=False) == Version("x1", value=2)
    assert record.seen(revealed=True) == Version("x2", value=3, hidden=True)


def test_a_hidden_entry_is_not_seen_at_all() -> None:
    record = Record("a1", "attempt", "c1", "s1", "r1", (Version("a1", hidden=True),))
    assert record.seen(revealed=False) is None
    assert record.seen(revealed=True) == Version("a1", hidden=True)


def test_freeze_start_in_seconds() -> None:
    assert ContestState.of(definition()).freeze_start == 180 * 60
    assert ContestState.of(definition(freeze_minutes=None)).freeze_start is None


def test_states_compare_by_value() -> None:
    assert fold(started()) == fold(started())
    assert fold(started()) != fold(started()[:-1])
    assert fold(started()).catalog.criterion_of["exam"] == "theory"


def test_originals_are_shared_by_equal_values_of_one_type_only() -> None:
    assert originals(7.0, False) is originals(7.0, False)
    assert originals(7.0, False) is not originals(7.0, True)
    # True == 1.0 (and hashes alike), yet a pass is not a mark of one
    assert originals(1.0, False)[0].value.__class__ is float
    assert originals(True, False)[0].value is True
    assert originals(1.0, False)[0].value.__class__ is float
    assert originals(None, False) == (Version("", None, False, False),)
