"""The websocket connection's state machine: legal paths pass, illegal moves raise."""

from __future__ import annotations

import pytest

from judging.live.subscription import Frame
from judging.live.websocket import ConnectionState, IllegalTransition, StateMachine

S = ConnectionState


def frame(kind: str, position: int = 1) -> Frame:
    return Frame(kind, position, b"{}", "{}")


def test_the_happy_path() -> None:
    machine = StateMachine()
    assert machine.state is S.CONNECTING
    machine.on_frame(frame("snapshot"))
    assert machine.state is S.SNAPSHOT_SENT
    machine.on_frame(frame("update", 2))
    machine.on_frame(frame("update", 3))
    assert machine.state is S.STREAMING
    machine.on_frame(frame("snapshot", 4))  # a resync of a slow client
    assert machine.state is S.STREAMING
    machine.to(S.CLOSING)
    machine.to(S.CLOSED)


def test_a_refused_connection_closes_before_any_snapshot() -> None:
    machine = StateMachine()
    machine.to(S.CLOSING)
    machine.to(S.CLOSED)
    assert machine.state is S.CLOSED


def test_an_update_before_the_snapshot_is_illegal() -> None:
    machine = StateMachine()
    with pytest.raises(IllegalTransition):
        machine.on_frame(frame("update"))
    assert machine.state is S.CONNECTING


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], S.STREAMING),
        ([], S.CLOSED),
        ([S.SNAPSHOT_SENT], S.CONNECTING),
        ([S.SNAPSHOT_SENT], S.CLOSED),
        ([S.SNAPSHOT_SENT, S.STREAMING], S.SNAPSHOT_SENT),
        ([S.CLOSING], S.STREAMING),
        ([S.CLOSING], S.CLOSING),
        ([S.CLOSING, S.CLOSED], S.CLOSING),
        ([S.CLOSING, S.CLOSED], S.CONNECTING),
    ],
)
def test_illegal_transitions_raise(path: list[ConnectionState], illegal: ConnectionState) -> None:
    machine = StateMachine()
    for state in path:
        machine.to(state)
    with pytest.raises(IllegalTransition, match=illegal.value):
        machine.to(illegal)
    assert machine.state is (path[-1] if path else S.CONNECTING)


def test_nothing_is_sent_after_closed() -> None:
    machine = StateMachine()
    machine.to(S.CLOSING)
    machine.to(S.CLOSED)
    with pytest.raises(IllegalTransition):
        machine.on_frame(frame("snapshot"))
