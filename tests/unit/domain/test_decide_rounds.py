"""Re-opening final results, and `advance` from one round to the next (two streams).

Given the two rounds' events, when the organizer advances, then the source round
takes `round_advanced` and the target `contestants_advanced`.
"""

from __future__ import annotations

from typing import Any

import pytest
from builders import CHIEF, ORGANIZER, at, correction, ctx, given
from round_builders import field_of, round_definition, round_history

from judging.domain.commands import (
    Advance,
    Finalize,
    Reopen,
    Start,
    command_identity,
    recorded_identity,
)
from judging.domain.decide import cite, decide, decide_advance
from judging.domain.errors import Rejected, RejectionCode
from judging.domain.events import (
    AdvancementCut,
    AwardGiven,
    AwardsPublished,
    ContestantsAdvanced,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestReopened,
    ContestStarted,
    EntryCorrected,
    Event,
    MarkAwarded,
    RefereesRegistered,
    RoundAdvanced,
)
from judging.domain.evolve import fold
from judging.domain.roster import Contestant, Referee
from judging.domain.state import ContestState

REOPEN = Reopen(command_id="o", reason="protest upheld")
ADVANCE = Advance(command_id="adv", to="final")
FINAL_AWARDS = [
    {"id": "gold", "name": "Gold", "count": 2},
    {"id": "silver", "name": "Silver", "count": 4},
    {"id": "bronze", "name": "Bronze", "count": 6},
    {"id": "excellence", "name": "Excellence", "count": 6},
]


def prelim(scores: dict[str, float] | None = None, **options: Any) -> list[Event]:
    rule = options.pop("advancement", {"top": 18})
    return round_history(
        scores or field_of(42),
        round={"event": "dance", "order": 1},
        advancement=rule,
        **options,
    )


def final_round(**overrides: Any) -> list[Event]:
    definition = {"round": {"event": "dance", "order": 2}, "awards": FINAL_AWARDS, **overrides}
    return [ContestDefined(definition=round_definition("final", **definition))]


def advance(
    source: list[Event], target: list[Event], actor: Any = ORGANIZER
) -> tuple[list[Event], list[Event]]:
    return decide_advance(
        fold(source) if source else None, fold(target) if target else None, ADVANCE, ctx(actor, 70)
    )


def refused(source: list[Event], target: list[Event], code: RejectionCode) -> None:
    with pytest.raises(Rejected) as caught:
        advance(source, target)
    assert caught.value.code == code and caught.value.message


# -- re-open ------------------------------------------------------------------------------


def test_reopen_clears_final_and_allows_corrections_again() -> None:
    history = round_history({"a": 90, "b": 80})
    fix = correction("m-a", "x1", value=50)
    given(*history).when(fix, CHIEF).rejected("contest_finalized")
    [reopened] = (
        given(*history)
        .when(REOPEN, ORGANIZER, 70)
        .then(ContestReopened(reason="protest upheld", at=at(70)))
    )
    state = fold([*history, reopened])
    assert state.lifecycle.finalized is None and state.lifecycle.ended is not None
    chief = given(*history, reopened).when(fix, CHIEF, 71).events()
    assert isinstance(chief[0], EntryCorrected)


def test_reopen_only_finalized_results_and_only_an_organizer() -> None:
    given(*round_history({"a": 1}, finalized=False)).when(REOPEN).rejected("not_finalized")
    given(*round_history({"a": 1})).when(REOPEN, CHIEF).rejected("forbidden")


def test_a_new_finalize_publishes_awards_that_replace_the_earlier() -> None:
    awards = [{"id": "gold", "name": "Gold", "count": 1}]
    history = round_history({"a": 90, "b": 80}, finalized=False, awards=awards)
    history += decide(fold(history), Finalize(command_id="f1"), ctx(ORGANIZER, 61))
    history.append(ContestReopened(reason="typo", at=at(62)))
    history += decide(fold(history), correction("m-a", "x1", value=10), ctx(CHIEF, 63))
    history += decide(fold(history), Finalize(command_id="f2"), ctx(ORGANIZER, 64))
    assert fold(history).awards == [AwardGiven(contestant_id="b", award_id="gold", rank=1)]


# -- advance ------------------------------------------------------------------------------


def test_the_published_example_42_to_18_then_2_4_6_6() -> None:
    source, target = prelim(), final_round()
    [advanced], [brought] = advance(source, target)
    finalists = [f"e{i:02d}" for i in range(1, 19)]
    assert advanced == RoundAdvanced(
        to="final", contestants=finalists, cut=AdvancementCut(place=18, score=82), at=at(70)
    )
    assert isinstance(brought, ContestantsAdvanced)
    assert brought.from_contest == "prelim" and brought.from_position == 0
    assert [c.id for c in brought.contestants] == finalists
    # the final: the 18 finalists judged anew (reverse order), ended, then finalized
    cited = cite(fold(source), advanced, 57)
    assert isinstance(cited, ContestantsAdvanced) and cited.from_position == 57
    final = [*target, cited, ContestStarted(at=at(100))]
    final += final_marks(finalists)
    state = fold(final)
    assert sorted(state.contestants) == finalists
    published = decide(state, Finalize(command_id="f"), ctx(ORGANIZER, 200))
    assert isinstance(published[0], ContestFinalized)
    assert isinstance(published[1], AwardsPublished)
    tiers = [award.award_id for award in published[1].awards]
    assert tiers == ["gold"] * 2 + ["silver"] * 4 + ["bronze"] * 6 + ["excellence"] * 6
    assert published[1].awards[0].contestant_id == "e18"  # the last finalist won the final


def final_marks(finalists: list[str]) -> list[Event]:
    marks: list[Event] = [RefereesRegistered(referees=[Referee(id="r1", name="Referee")])]
    for index, cid in enumerate(finalists):
        marks.append(
            MarkAwarded(
                command_id=f"final-{cid}",
                contestant_id=cid,
                aspect_id="points",
                referee_id="r1",
                value=float(50 + index),
                at=at(110),
            )
        )
    return [*marks, ContestEnded(at=at(150))]


def test_advance_needs_final_results_a_rule_and_an_organizer() -> None:
    refused(prelim(finalized=False), final_round(), "round_not_final")
    refused(prelim(advancement=None), final_round(), "no_advancement_rule")
    with pytest.raises(Rejected) as caught:
        advance(prelim(), final_round(), CHIEF)
    assert caught.value.code == "forbidden"
    refused([], final_round(), "contest_not_defined")


def test_advance_goes_to_a_later_round_of_the_same_event() -> None:
    refused(prelim(), [], "not_next_round")
    refused(prelim(), final_round(round={"event": "sing", "order": 2}), "not_next_round")
    refused(prelim(), final_round(round={"event": "dance", "order": 1}), "not_next_round")
    refused(prelim(), final_round(round=None), "not_next_round")


def test_advance_before_the_next_round_starts() -> None:
    refused(prelim(), [*final_round(), ContestStarted(at=at(65))], "next_round_started")


def test_advance_once_unless_reopened_and_finalized_again() -> None:
    source = prelim()
    [advanced], _ = advance(source, final_round())
    refused([*source, advanced], final_round(), "already_advanced")
    again = [*source, advanced, ContestReopened(reason="r", at=at(80))]
    refused(again, final_round(), "round_not_final")
    again.append(ContestFinalized(at=at(81)))
    [redone], _ = advance(again, final_round())
    assert redone.type == "round_advanced"


def test_a_correction_after_advancing_is_refused_until_reopened() -> None:
    source = prelim()
    [advanced], _ = advance(source, final_round())
    fix = correction("m-e01", "x1", value=1)
    given(*source, advanced).when(fix, CHIEF).rejected("contest_finalized")
    reopened = ContestReopened(reason="protest", at=at(80))
    assert given(*source, advanced, reopened).when(fix, CHIEF, 81).events()


def test_decide_alone_does_not_take_advance() -> None:
    with pytest.raises(TypeError):
        decide(fold(prelim()), ADVANCE, ctx())


def test_start_of_a_round_is_not_affected() -> None:
    given(*final_round()).when(Start(command_id="s")).then(ContestStarted(at=at(1)))


# -- the fold -------------------------------------------------------------------------------


def people(*ids: str) -> list[Contestant]:
    return [Contestant(id=cid, name=cid.upper()) for cid in ids]


def test_the_source_remembers_whom_it_sent_until_reopened() -> None:
    sent = RoundAdvanced(to="final", contestants=["e01"], cut=None, at=at(70))
    state = fold([*prelim(), sent])
    assert state.advanced == {"final": ["e01"]}
    assert fold([*prelim(), sent, ContestReopened(reason="r", at=at(71))]).advanced == {}


def test_a_new_advancement_replaces_the_set_the_same_source_brought() -> None:
    first = ContestantsAdvanced(
        from_contest="prelim", from_position=5, contestants=people("a", "b")
    )
    other = ContestantsAdvanced(from_contest="heat2", from_position=6, contestants=people("b", "c"))
    again = ContestantsAdvanced(
        from_contest="prelim", from_position=9, contestants=people("a", "d")
    )
    state: ContestState = fold([*final_round(), first, other, again])
    assert sorted(state.contestants) == ["a", "b", "c", "d"]  # b stays: heat2 brought it too
    assert state.advanced_from == {"prelim": ["a", "d"], "heat2": ["b", "c"]}
    alone = fold([*final_round(), first, again])
    assert sorted(alone.contestants) == ["a", "d"]


def test_copies_share_no_round_maps() -> None:
    state = fold(prelim())
    copy = state.copy()
    copy.advanced["x"] = []
    assert state.advanced == {}


def test_advance_and_reopen_have_identities_read_back_from_their_events() -> None:
    [advanced], _ = advance(prelim(), final_round())
    assert recorded_identity(advanced, "org") == command_identity(ADVANCE, "org")
    other = Advance(command_id="adv", to="semi")
    assert command_identity(other, "org") != command_identity(ADVANCE, "org")
    [reopened] = given(*prelim()).when(REOPEN).events()
    assert recorded_identity(reopened, "org") == command_identity(REOPEN, "org")
