"""Incremental standings equal the non-incremental reference at every prefix."""

from __future__ import annotations

from typing import Any

from histories import CONTESTANTS, history, plans
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import reference_document

from judging.domain.events import Event
from judging.domain.evolve import evolve
from judging.domain.groups import ByField, parse_grouping
from judging.domain.state import ContestState
from judging.projections.standings import VIEWS, ContestStandings

GROUPS = [None, "venue:wz", "venue:nj", "venue:none", "team", "workshop", "organization"]


def check(model: ContestStandings, state: ContestState, position: int) -> None:
    for view in VIEWS:
        for group in GROUPS:
            expected = reference_document(state, view, position, group)
            assert model.document(view, parse_grouping(group)) == expected, (view, group)
        for row in reference_document(state, view, position)["rows"]:
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


def test_version_and_revision() -> None:
    events = history(({"policy": "points"}, [], [(("mark", 0, "exam", "r1", 7), 1)]))
    model = replay(events)
    assert model.version == len(events) == model.position
    assert not model.changed_since(model.position, "live")
    assert model.revision("live") == model.position
    assert model.row_for("nobody", "live") is None
    assert set(CONTESTANTS) >= {row["contestant_id"] for row in model.document("live")["rows"]}


def without_position(document: Any) -> dict[str, Any]:
    """The document apart from where it was built (its position, and the head there)."""
    return {key: value for key, value in document.items() if key not in ("position", "head")}


@settings(deadline=None, max_examples=60)
@given(plans, st.data())
def test_reads_between_batches_of_events_equal_the_reference(
    plan: Any, data: st.DataObject
) -> None:
    """Several events between reads: each read flushes them all, and the revision
    (what the hub compares) moves, never back, exactly when a view's document may
    have changed: the same revision means the same document apart from its position."""
    events = history(plan)
    reads = data.draw(st.lists(st.booleans(), min_size=len(events), max_size=len(events)))
    model = ContestStandings()
    state: ContestState | None = None
    seen: dict[str, tuple[int, dict[str, Any]]] = {}
    for position, (event, read) in enumerate(zip(events, reads, strict=True), start=1):
        model.apply(event, position)
        state = evolve(state, event)
        if not read and position < len(events):
            continue
        check(model, state, position)
        for view in VIEWS:
            revision, document = model.revision(view), without_position(model.document(view))
            if view in seen:
                assert revision >= seen[view][0]
                if revision == seen[view][0]:
                    assert document == seen[view][1], view
            assert 0 < revision <= position and not model.changed_since(revision, view)
            seen[view] = (revision, document)


def test_catching_up_computes_each_entry_once(monkeypatch: Any) -> None:
    import judging.projections.standings as standings

    events = history(
        ({"policy": "points"}, [], [(("mark", n % 3, "exam", "r1", n), 1) for n in range(9)])
    )
    calls: list[tuple[str, str]] = []
    real = standings.facts_for

    def counting(state: ContestState, contestant_id: str, view: Any) -> Any:
        calls.append((contestant_id, view))
        return real(state, contestant_id, view)

    monkeypatch.setattr(standings, "facts_for", counting)
    model = replay(events)
    assert calls == []
    model.document("live")
    assert state_of(model) is not None
    assert sorted(calls) == sorted({(cid, "live") for cid in state_of(model).contestants})
    model.document("public")
    assert len(calls) == 2 * len(state_of(model).contestants)
    model.document("live", ByField("team"))
    assert len(calls) == 2 * len(state_of(model).contestants)


def state_of(model: ContestStandings) -> ContestState:
    assert model.state is not None
    return model.state
