"""Defining the contest and registering contestants and referees."""

from __future__ import annotations

from builders import DEFINITION, ORGANIZER, contestants, defined, definition, given, referee

from judging.domain.commands import DefineContest, RegisterContestants, RegisterReferees
from judging.domain.errors import RejectionCode
from judging.domain.events import ContestantsRegistered, ContestDefined, RefereesRegistered
from judging.domain.roster import Contestant, Referee


def test_define_a_contest() -> None:
    command = DefineContest(command_id="d", definition=definition())
    given().when(command).then(ContestDefined(definition=definition()))


def test_define_twice_is_refused() -> None:
    command = DefineContest(command_id="d", definition=definition())
    given(*defined()).when(command).rejected("contest_already_defined")


def test_define_with_repeated_ids_is_refused() -> None:
    venues = [*DEFINITION["venues"], {"id": "wz", "name": "Again"}]
    command = DefineContest(command_id="d", definition=definition(venues=venues))
    refusal = given().when(command).rejected("invalid_definition")
    assert "wz" in refusal.message


def test_only_organizers_define() -> None:
    command = DefineContest(command_id="d", definition=definition())
    given().when(command, referee("r1")).rejected("forbidden")


def test_register_and_reregister_contestants() -> None:
    newcomer = Contestant(id="c9", name="Zhao Lei", venue="nj")
    renamed = Contestant(id="c1", name="Li Wei Jr", venue="wz")
    command = RegisterContestants(command_id="rc", contestants=[newcomer, renamed])
    given(*defined()).when(command).then(ContestantsRegistered(contestants=[newcomer, renamed]))


def test_contestants_at_an_unknown_venue_are_refused() -> None:
    lost = Contestant(id="c9", name="Zhao Lei", venue="sh")
    command = RegisterContestants(command_id="rc", contestants=[lost])
    given(*defined()).when(command).rejected("unknown_venue")


def test_a_contestant_listed_twice_is_refused() -> None:
    command = RegisterContestants(command_id="rc", contestants=contestants()[:1] * 2)
    given(*defined()).when(command).rejected("invalid_definition")


def test_register_referees() -> None:
    scoped = Referee(id="r9", name="Nine", venues=["nj"], criteria=["theory"], aspects=["quality"])
    command = RegisterReferees(command_id="rr", referees=[scoped])
    given(*defined()).when(command).then(RefereesRegistered(referees=[scoped]))


def test_referee_scopes_must_name_known_things() -> None:
    cases: list[tuple[Referee, RejectionCode]] = [
        (Referee(id="r9", name="Nine", venues=["sh"]), "unknown_venue"),
        (Referee(id="r9", name="Nine", criteria=["welding"]), "unknown_criterion"),
        (Referee(id="r9", name="Nine", aspects=["speed"]), "unknown_aspect"),
    ]
    for scoped, code in cases:
        command = RegisterReferees(command_id="rr", referees=[scoped])
        given(*defined()).when(command).rejected(code)


def test_only_organizers_register() -> None:
    command = RegisterContestants(command_id="rc", contestants=contestants())
    given(*defined()).when(command, referee("r1")).rejected("forbidden")
    command2 = RegisterReferees(command_id="rr", referees=[Referee(id="r9", name="Nine")])
    given(*defined()).when(command2, referee("chief")).rejected("forbidden")
    given(*defined()).when(command2, ORGANIZER).then(RefereesRegistered(referees=command2.referees))
