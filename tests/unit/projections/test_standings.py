"""Incremental standings equal the non-incremental reference at every prefix."""

from __future__ import annotations

from typing import Any

from histories import CONTESTANTS, history, plans
from hypothesis import given, settings
from hypothesis import strategies as st

from judging.domain.events import Event
from judging.domain.evolve import evolve
from judging.domain.state import ContestState
from projections.standings import VIEWS, ContestStandings
from projections.standings_doc import standings_document

GROUPS = [None, "venue:wz", "venue:nj", "venue:none", "team", "workshop", "organization"]


def check(model: ContestStandings, state: ContestState, position: int) -> None:
    for view in VIEWS:
        for group in GROUPS:
            expected = standings_document(state, view, position, group)
            assert model.document(view, group) == expected, (view, group)
        for row in standings_document(state, view, position)["rows"]:
            assert model.row_for(row["contestant_id"], view) == row


def replay(events: list[Event], model: ContestStandings | None = None) -> ContestStandings:
    model = model or ContestStandings()
    for event in events:
        model.apply(event, model.position + 1)
    return model


@settings(deadline=None, max_examples=60)
@given(plans)
def test_every_prefix_equals_the_reference(plan: Any) -> None:
    events = history(plan)
    model = ContestStandings()
    state: ContestState | None = None
    for position, event in enumerate(events, start=1):
        model.apply(event, position)
        state = evolve(state, event)
        check(model, state, position)


@settings(deadline=None, max_examples=40)
@given(plans, st.data())
def test_rebuilt_at_a_random_position_then_continued(plan: Any, data: st.DataObject) -> None:
    events = history(plan)
    cut = data.draw(st.integers(1, len(events)))
    resumed = replay(events[cut:], replay(events[:cut]))
    state: ContestState | None = None
    for event in events:
        state = evolve(state, event)
    assert state is not None
    check(resumed, state, len(events))


def test_version_and_changed_at() -> None:
    events = history(({"policy": "points"}, [], [(("mark", 0, "exam", "r1", 7), 1)]))
    model = replay(events)
    assert model.version == len(events) == model.position
    assert not model.changed_since(model.position, "live")
    assert model.changed_at["live"] == model.position
    assert model.row_for("nobody", "live") is None
    assert set(CONTESTANTS) >= {row["contestant_id"] for row in model.document("live")["rows"]}
