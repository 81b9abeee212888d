"""A command's identity: the same from the command as sent and from the event it appended;
another sender, kind or field makes another command."""

from __future__ import annotations

from builders import CHIEF, attempt, correction, given, mark, penalty, referee, started

from judging.domain.commands import (
    COMMAND_ADAPTER,
    Command,
    SignOff,
    Start,
    command_identity,
    recorded_identity,
)

R1 = referee("r1")


def identity_of_event(command: Command, actor_id: str = "r1") -> str | None:
    """The identity read back from the first event `command` appends."""
    actor = CHIEF if actor_id == "chief" else referee(actor_id)
    [event, *_] = given(*started()).when(command, actor).events()
    return recorded_identity(event, actor_id)


def test_the_command_and_its_event_agree() -> None:
    for command in (
        mark("c1", "quality", 2, "m1"),
        mark("c1", "exam", 7.5, "m2"),
        penalty("c2", "restart", "p1"),
        attempt("c1", "s1", "cleared", "a1", contest_time=90),
        attempt("c1", "s1", "failed", "a2"),  # the time is the server's: not compared
    ):
        assert identity_of_event(command) == command_identity(command, "r1")


def test_a_correction_and_a_sign_off_agree_too() -> None:
    history = given(*started()).when(mark("c1", "quality", 2, "m1"), R1).events()
    fixed = correction("m1", "x1", value=3)
    [event] = given(*started(), *history).when(fixed, CHIEF).events()
    assert recorded_identity(event, "chief") == command_identity(fixed, "chief")
    sign = SignOff(command_id="s1", contestant_id="c1")
    assert identity_of_event(sign, "chief") == command_identity(sign, "chief")


def test_another_field_sender_or_kind_is_another_command() -> None:
    sent = mark("c1", "quality", 2, "m1")
    same = command_identity(sent, "r1")
    assert command_identity(mark("c1", "quality", 2, "other-id"), "r1") == same
    assert command_identity(mark("c1", "quality", 1, "m1"), "r1") != same
    assert command_identity(mark("c2", "quality", 2, "m1"), "r1") != same
    assert command_identity(sent, "r2") != same
    assert command_identity(Start(command_id="m1"), "r1") != command_identity(
        COMMAND_ADAPTER.validate_python({"command_id": "m1", "type": "end"}), "r1"
    )
