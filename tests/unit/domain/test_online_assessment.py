"""Online assessments: questions in a definition, a candidate's answers marked against
the key, once each, for the candidate's own entry, while the contest runs; the key is
never in what the candidate or the public reads."""

from __future__ import annotations

from typing import Any

import pytest
from builders import ORGANIZER, at, ctx, mark, referee

from judging.domain.access import (
    TokenIndex,
    TokenIssued,
    TokenRevoked,
    candidate_of,
    candidate_subject,
    decide_candidates,
)
from judging.domain.commands import (
    Actor,
    RegisterReferees,
    SubmitAnswers,
    command_identity,
    recorded_identity,
)
from judging.domain.decide import decide
from judging.domain.definition import ContestDefinition, public_definition
from judging.domain.errors import Rejected
from judging.domain.events import (
    ContestantsRegistered,
    ContestDefined,
    ContestEnded,
    ContestStarted,
    Event,
    MarkAwarded,
    RefereesRegistered,
)
from judging.domain.evolve import fold
from judging.domain.marking import measurement_mark
from judging.domain.online import answer_id, paper
from judging.domain.roster import Contestant, Referee
from judging.domain.state import ContestState
from judging.domain.validation import DefinitionError, validate_definition

C1 = Actor(id="c1", role="candidate")


def question(answer: int = 1, options: int = 3) -> dict[str, Any]:
    return {"prompt": "Which wire is earth?", "options": list("ABCDE")[:options], "answer": answer}


def exam(kind: str = "assessment", **aspect: Any) -> dict[str, Any]:
    online = {
        "id": "q1",
        "name": "Q1",
        "type": "measurement",
        "max": 5,
        "rule": {"kind": "pass_fail"},
        "question": question(),
        **aspect,
    }
    second = {**online, "id": "q2", "name": "Q2", "question": question(0, 2)}
    practical = {"id": "p1", "name": "Practical", "type": "measurement", "max": 10}
    return {
        "id": "exam",
        "title": "Exam",
        "kind": kind,
        "duration_minutes": 60,
        "criteria": [
            {"id": "theory", "name": "Theory", "skill": "t", "aspects": [online, second]},
            {"id": "hands", "name": "Hands", "aspects": [practical]},
        ],
    }


def history(started: bool = True, ended: bool = False) -> list[Event]:
    people = [
        Contestant(id="c1", name="Li", worker_id="w1"),
        Contestant(id="c2", name="Wu", worker_id="w2"),
    ]
    events: list[Event] = [
        ContestDefined(definition=ContestDefinition.model_validate(exam())),
        ContestantsRegistered(contestants=people),
        RefereesRegistered(referees=[Referee(id="r1", name="Ref")]),
    ]
    if started:
        events.append(ContestStarted(at=at(0)))
    if ended:
        events.append(ContestEnded(at=at(60)))
    return events


def answers(command_id: str = "s1", **chosen: int) -> SubmitAnswers:
    return SubmitAnswers(command_id=command_id, answers=chosen or {"q1": 1, "q2": 1})


def rejected(events: list[Event], command: Any, actor: Actor = C1) -> str:
    with pytest.raises(Rejected) as caught:
        decide(fold(events), command, ctx(actor, 5))
    return caught.value.code


# -- the definition ----------------------------------------------------------------------


def test_questions_are_valid_only_in_an_assessment_with_an_answer_among_the_options() -> None:
    assert validate_definition(exam()).questions.keys() == {"q1", "q2"}
    cases = [
        (exam("competition"), "criteria[0].aspects[0].question"),
        (exam(question=question(answer=3)), "criteria[0].aspects[0].question.answer"),
        (exam(rule={"kind": "direct"}), "criteria[0].aspects[0].rule"),
    ]
    for data, path in cases:
        with pytest.raises(DefinitionError) as caught:
            validate_definition(data)
        assert (path, "question_invalid") in {(p.path, p.code) for p in caught.value.problems}
    with pytest.raises(DefinitionError) as caught:
        validate_definition(exam(question={**question(), "options": ["only"]}))
    assert caught.value.problems[0].path == "criteria[0].aspects[0].question.options"


def test_a_definition_without_questions_dumps_as_before() -> None:
    plain = ContestDefinition.model_validate(
        {**exam(), "criteria": [exam()["criteria"][1]], "kind": "competition"}
    )
    assert "question" not in str(plain.model_dump(mode="json"))
    assert plain.questions == {}


def test_the_public_definition_and_the_paper_hold_no_key() -> None:
    state = fold(history())
    public = public_definition(state.definition)
    shown = public["criteria"][0]["aspects"][0]["question"]
    assert shown == {"prompt": "Which wire is earth?", "options": ["A", "B", "C"]}
    assert state.definition.questions["q1"].question.answer == 1  # type: ignore[union-attr]
    [first, second] = paper(state, "c1")
    assert (first.aspect_id, first.options, first.answered) == ("q1", ("A", "B", "C"), False)
    assert not hasattr(first, "answer") and second.aspect_id == "q2"


# -- deciding the answers ----------------------------------------------------------------


def test_each_answer_is_marked_against_the_key_by_the_online_referee() -> None:
    events = decide(fold(history()), answers(), ctx(C1, 5))
    assert events == [
        MarkAwarded(
            command_id=answer_id("s1", "q1"),
            contestant_id="c1",
            aspect_id="q1",
            referee_id="online",
            value=True,
            at=at(5),
        ),
        MarkAwarded(
            command_id=answer_id("s1", "q2"),
            contestant_id="c1",
            aspect_id="q2",
            referee_id="online",
            value=False,
            at=at(5),
        ),
    ]
    state = fold([*history(), *events])
    marks = {q: state.marks("c1", q)[0].current.value for q in ("q1", "q2")}
    assert marks == {"q1": True, "q2": False}
    assert measurement_mark(True, state.definition.questions["q1"]) == 5
    assert [q.answered for q in paper(state, "c1")] == [True, True]
    assert [q.answered for q in paper(state, "c2")] == [False, False]


def test_each_question_is_answered_once() -> None:
    first = decide(fold(history()), answers("s1", q1=1), ctx(C1, 5))
    assert rejected([*history(), *first], answers("s2", q1=0)) == "already_answered"
    assert rejected([*history(), *first], answers("s2", q2=0, q1=2)) == "already_answered"
    later = decide(fold([*history(), *first]), answers("s2", q2=0), ctx(C1, 6))
    assert [e.aspect_id for e in later if isinstance(e, MarkAwarded)] == ["q2"]


def test_only_the_candidates_own_entry_only_while_running() -> None:
    other = SubmitAnswers(command_id="s1", contestant_id="c2", answers={"q1": 1})
    assert rejected(history(), other) == "forbidden"
    assert rejected(history(), answers(), Actor(id="nobody", role="candidate")) == "forbidden"
    assert rejected(history(), answers(), referee("r1")) == "forbidden"
    assert rejected(history(), answers(), ORGANIZER) == "forbidden"
    assert rejected(history(started=False), answers()) == "contest_not_running"
    assert rejected(history(ended=True), answers()) == "contest_not_running"


def test_unknown_questions_and_options_are_refused() -> None:
    assert rejected(history(), answers(q9=0)) == "unknown_aspect"
    assert rejected(history(), answers(p1=0)) == "not_a_question"
    assert rejected(history(), answers(q2=2)) == "out_of_range"


def test_a_candidate_sends_nothing_else() -> None:
    same_id_as_referee = Actor(id="r1", role="candidate")
    assert rejected(history(), mark("c1", "p1", 3), same_id_as_referee) == "forbidden"
    roster = RegisterReferees(command_id="x", referees=[Referee(id="online", name="Bot")])
    assert rejected(history(), roster, ORGANIZER) == "invalid_definition"


def test_a_resend_is_the_same_command_and_another_sender_is_not() -> None:
    events = decide(fold(history()), answers(), ctx(C1, 5))
    last = events[-1]
    assert recorded_identity(last, "c1") == command_identity(answers("s1", q1=0), "c1")
    assert recorded_identity(last, "r1") != command_identity(answers(), "c1")
    assert recorded_identity(last, "c1") != command_identity(mark("c1", "q1", True), "c1")


# -- candidate tokens --------------------------------------------------------------------


def test_candidate_tokens_are_scoped_hashed_and_replace_the_earlier_ones() -> None:
    index = TokenIndex()
    first = decide_candidates(index, "exam", {"c1": "h1", "r1": "h2"})
    assert [type(e) for e in first] == [TokenIssued, TokenIssued]
    for version, event in enumerate(first, 1):
        index.apply(event, version)
    grant = index.grants["h1"]
    assert (grant.role, grant.contest_id, candidate_of(grant.subject_id)) == (
        "candidate",
        "exam",
        "c1",
    )
    index.apply(
        TokenIssued(token_hash="ref", role="referee", contest_id="exam", subject_id="r1"), 3
    )
    again = decide_candidates(index, "exam", {"r1": "h3"})
    assert again[0] == TokenRevoked(token_hash="h2")  # the candidate's, not the referee's
    assert len(again) == 2 and candidate_subject("r1") == "candidate:r1"
    assert candidate_of("r1") is None and candidate_of(None) is None


def test_state_after_answers_ranks_like_any_marks() -> None:
    state: ContestState = fold([*history(), *decide(fold(history()), answers(), ctx(C1, 5))])
    assert [r.referee_id for r in state.marks("c1", "q1")] == ["online"]
