"""Scopes hold: a venue scope binds referees and chiefs alike, and an organization is
one organization however its name is spelled."""

from __future__ import annotations

from builders import (
    CHIEF,
    attempt,
    correction,
    given,
    mark,
    penalty,
    referee,
    run,
    started,
)

from judging.domain.commands import Actor, Disqualify, SignOff, Withdraw
from judging.domain.events import ContestantsRegistered, Event, RefereesRegistered
from judging.domain.roster import Contestant, Referee, organization_key

R1 = referee("r1")
CHIEF_WZ = Actor(id="chief-wz", role="chief")


def scoped() -> list[Event]:
    """Started, with c4 (no venue), c5 (" ACME ", no venue) and a chief of venue wz;
    r1 marked c2 (venue nj) as m1."""
    more = ContestantsRegistered(
        contestants=[
            Contestant(id="c4", name="Zhao Lei"),
            Contestant(id="c5", name="Qian Hui", organization="  ACME ", venue="nj"),
            Contestant(id="c6", name="Sun Li", organization="ａｃｍｅ", venue="nj"),
        ]
    )
    chief = RefereesRegistered(
        referees=[Referee(id="chief-wz", name="Wenzhou Chief", role="chief", venues=["wz"])]
    )
    return run([*started(), more, chief], [(mark("c2", "quality", 2, "m1"), R1, 1)])


def test_a_venue_referee_does_not_judge_a_contestant_without_a_venue() -> None:
    rwz = referee("rwz")
    given(*scoped()).when(mark("c4", "quality", 2), rwz).rejected("not_assigned")
    given(*scoped()).when(penalty("c4"), rwz).rejected("not_assigned")
    given(*scoped()).when(attempt("c4", "s1"), rwz).rejected("not_assigned")
    assert given(*scoped()).when(mark("c4", "quality", 2), R1).events()  # unscoped: anyone


def test_a_venue_chief_acts_only_at_that_venue() -> None:
    given(*scoped()).when(correction("m1", value=3), CHIEF_WZ).rejected("not_assigned")
    given(*scoped()).when(SignOff(command_id="s1", contestant_id="c2"), CHIEF_WZ).rejected(
        "not_assigned"
    )
    out = Disqualify(command_id="d1", contestant_id="c2")
    given(*scoped()).when(out, CHIEF_WZ).rejected("not_assigned")
    gone = Withdraw(command_id="w1", contestant_id="c4")
    given(*scoped()).when(gone, CHIEF_WZ).rejected("not_assigned")
    assert given(*scoped()).when(SignOff(command_id="s2", contestant_id="c1"), CHIEF_WZ).events()
    assert given(*scoped()).when(correction("m1", value=3), CHIEF).events()  # unscoped chief


def test_an_organization_is_the_same_in_any_case_spacing_or_width() -> None:
    racme = referee("racme")  # organization "Acme"
    given(*scoped()).when(mark("c5", "quality", 2), racme).rejected("conflict_of_interest")
    given(*scoped()).when(mark("c6", "quality", 2), racme).rejected("conflict_of_interest")
    assert organization_key("  Plant   A ") == organization_key("plant a")
    assert organization_key("Plant A") != organization_key("Plant B")
