"""Evaluation campaigns: weights, the anonymity threshold, one-time links, the period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from judging.domain.evaluation import (
    AnswerItem,
    AnswerSubmitted,
    CampaignClosed,
    CampaignDefinition,
    CampaignEvent,
    CampaignRejected,
    CampaignState,
    CloseCampaign,
    DefineCampaign,
    EnterPaperBatch,
    IssuedLink,
    IssueLinks,
    LinkUsed,
    PaperAnswer,
    RaterAnswered,
    SubmitAnswers,
    decide_answers,
    decide_close,
    decide_define,
    decide_links,
    decide_paper,
    evolve,
    report,
)
from judging.domain.events import decode, encode

START = datetime(2026, 5, 1, 9, tzinfo=UTC)
DURING = START + timedelta(hours=2)
LINKS = [f"{i:064x}" for i in range(1, 8)]


def definition(**overrides: Any) -> CampaignDefinition:
    data: dict[str, Any] = {
        "id": "weld-2026",
        "title": "焊接培训反馈",
        "kind": "training",
        "form": {
            "criteria": [
                {
                    "id": "teaching",
                    "name": "讲授",
                    "weight": 3,
                    "aspects": [{"id": "clarity", "name": "清晰", "max": 10, "scale": [1, 5]}],
                },
                {
                    "id": "design",
                    "name": "课程设计",
                    "aspects": [{"id": "useful", "name": "实用", "max": 10, "scale": [1, 5]}],
                },
            ]
        },
        "subjects": [
            {"id": "wang", "name": "王老师", "kind": "trainer", "worker_id": "w-wang"},
            {"id": "course", "name": "焊接基础", "kind": "course"},
        ],
        "period": {"start": START.isoformat(), "end": (START + timedelta(days=7)).isoformat()},
        "participants": ["w1", "w2"],
    }
    return CampaignDefinition.model_validate({**data, **overrides})


def given(*events: CampaignEvent) -> CampaignState:
    state = CampaignState()
    for event in events:
        evolve(state, event)
    return state


def apply(state: CampaignState, events: list[CampaignEvent]) -> CampaignState:
    for event in events:
        evolve(state, event)
    return state


def opened(**overrides: Any) -> CampaignState:
    state = given(*decide_define(CampaignState(), DefineCampaign(campaign=definition(**overrides))))
    rater_ids = overrides.get("rater_ids")
    links = (
        [IssuedLink(hash=h, rater_id=r) for h, r in zip(LINKS, rater_ids, strict=False)]
        if rater_ids
        else [IssuedLink(hash=h) for h in LINKS]
    )
    return apply(state, list(decide_links(state, IssueLinks(links=links))))


def submit(link: str, clarity: float, useful: float, subject: str = "wang", at: datetime = DURING):
    values = {"clarity": clarity, "useful": useful}
    answers = [AnswerItem(subject_id=subject, values=values)]
    return SubmitAnswers(link_hash=link, answers=answers, at=at)


def answered(state: CampaignState, *scores: tuple[float, float]) -> CampaignState:
    for link, (clarity, useful) in zip(LINKS, scores, strict=False):
        apply(state, decide_answers(state, submit(link, clarity, useful)))
    return state


def subject(doc: dict[str, Any], subject_id: str) -> dict[str, Any]:
    return next(row for row in doc["subjects"] if row["id"] == subject_id)


def test_an_anonymous_answer_holds_only_the_subject_and_values() -> None:
    events = decide_answers(opened(), submit(LINKS[0], 5, 3))
    assert events[0] == LinkUsed(hash=LINKS[0])
    answer = events[1]
    assert isinstance(answer, AnswerSubmitted)
    assert encode(answer) == (
        "answer_submitted",
        {"subject_id": "wang", "values": {"clarity": 5, "useful": 3}},
    )


def test_events_round_trip_through_the_one_mapper() -> None:
    state = opened()
    for event in [CampaignClosed(at=DURING), *decide_answers(state, submit(LINKS[0], 5, 3))]:
        assert decode(*encode(event)) == event


def test_a_link_gives_one_submission_a_second_is_rejected() -> None:
    state = answered(opened(), (5, 5))
    with pytest.raises(CampaignRejected) as rejected:
        decide_answers(state, submit(LINKS[0], 4, 4))
    assert rejected.value.code == "link_already_used"


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (submit("f" * 64, 5, 5), "link_unknown"),
        (submit(LINKS[0], 5, 5, subject="nobody"), "subject_unknown"),
        (submit(LINKS[0], 6, 5), "answer_invalid"),
        (submit(LINKS[0], 5, 5, at=START - timedelta(minutes=1)), "campaign_not_open"),
        (submit(LINKS[0], 5, 5, at=START + timedelta(days=8)), "campaign_not_open"),
    ],
)
def test_rejections_have_clear_codes(command: SubmitAnswers, code: str) -> None:
    with pytest.raises(CampaignRejected) as rejected:
        decide_answers(opened(), command)
    assert rejected.value.code == code


def test_an_answer_must_cover_every_aspect_and_no_other() -> None:
    missing = SubmitAnswers(
        link_hash=LINKS[0],
        answers=[AnswerItem(subject_id="wang", values={"clarity": 3})],
        at=DURING,
    )
    with pytest.raises(CampaignRejected, match="useful") as rejected:
        decide_answers(opened(), missing)
    assert rejected.value.code == "answer_invalid"


def test_a_closed_campaign_takes_nothing() -> None:
    state = opened()
    apply(state, decide_close(state, CloseCampaign(at=DURING)))
    for decide in (
        lambda: decide_answers(state, submit(LINKS[0], 5, 5)),
        lambda: decide_links(state, IssueLinks(links=[IssuedLink(hash="a" * 64)])),
        lambda: decide_close(state, CloseCampaign(at=DURING)),
    ):
        with pytest.raises(CampaignRejected) as rejected:
            decide()
        assert rejected.value.code == "campaign_closed"


def test_a_campaign_is_defined_once() -> None:
    with pytest.raises(CampaignRejected) as rejected:
        decide_define(opened(), DefineCampaign(campaign=definition()))
    assert rejected.value.code == "campaign_exists"


def test_two_answers_show_nothing_at_all() -> None:
    doc = report(answered(opened(), (5, 5), (1, 1)))
    row = subject(doc, "wang")
    assert row == {
        "id": "wang",
        "name": "王老师",
        "kind": "trainer",
        "shown": False,
        "answers": None,
        "fewer_than": 3,
    }
    assert doc["campaign"] == {"shown": False, "answers": None, "score": None}


def test_three_answers_show_the_aggregate_only() -> None:
    row = subject(report(answered(opened(), (5, 1), (3, 1), (1, 1))), "wang")
    assert row["shown"] is True
    assert row["answers"] == 3
    assert "raters" not in row
    teaching, design = row["criteria"]
    assert teaching["mark"] == pytest.approx(5.0)  # mean level 3 on [1, 5] -> half of 10
    assert design["mark"] == pytest.approx(0.0)


def test_weights_make_the_total() -> None:
    row = subject(report(answered(opened(), (5, 1), (5, 1), (5, 1))), "wang")
    teaching, design = row["criteria"]
    assert (teaching["percent"], design["percent"]) == (100.0, 0.0)
    assert (teaching["weighted"], design["weighted"]) == (75.0, 0.0)  # weights 3 and 1
    assert row["score"] == pytest.approx(75.0)


def test_the_campaign_aggregate_counts_only_subjects_shown() -> None:
    state = answered(opened(), (5, 5), (5, 5), (5, 5))
    course = [AnswerItem(subject_id="course", values={"clarity": 1, "useful": 1})]
    apply(
        state, decide_answers(state, SubmitAnswers(link_hash=LINKS[5], answers=course, at=DURING))
    )
    doc = report(state)
    assert subject(doc, "course")["shown"] is False
    assert doc["campaign"] == {"shown": True, "answers": 3, "score": pytest.approx(100.0)}


def test_paper_answers_count_like_online_ones() -> None:
    state = answered(opened(), (5, 5))
    rows = [PaperAnswer(subject_id="wang", values={"clarity": 1, "useful": 1})] * 2
    apply(state, decide_paper(state, EnterPaperBatch(answers=rows)))
    assert subject(report(state), "wang")["answers"] == 3


def test_identified_raters_show_per_rater_rows_to_the_organizer_only() -> None:
    state = opened(raters="identified", rater_ids=["m1", "m2"])
    events = decide_answers(state, submit(LINKS[0], 5, 5))
    assert events == [
        RaterAnswered(rater_id="m1", subject_id="wang", values={"clarity": 5, "useful": 5})
    ]
    apply(state, events)
    apply(state, decide_answers(state, submit(LINKS[0], 3, 3)))  # a later one replaces it
    row = subject(report(state), "wang")
    assert row["answers"] == 1
    assert [r["rater_id"] for r in row["raters"]] == ["m1"]
    assert row["raters"][0]["criteria"][0]["mark"] == pytest.approx(5.0)
    assert subject(report(state, "public"), "wang")["shown"] is False


def test_identified_links_name_listed_raters() -> None:
    state = opened(raters="identified", rater_ids=["m1"])
    for link in (IssuedLink(hash="a" * 64, rater_id="x"), IssuedLink(hash="a" * 64)):
        with pytest.raises(CampaignRejected) as rejected:
            decide_links(state, IssueLinks(links=[link]))
        assert rejected.value.code == "not_a_rater"


def test_an_anonymous_paper_row_names_nobody() -> None:
    row = PaperAnswer(subject_id="wang", values={"clarity": 1, "useful": 1}, rater_id="w1")
    with pytest.raises(CampaignRejected) as rejected:
        decide_paper(opened(), EnterPaperBatch(answers=[row]))
    assert rejected.value.code == "not_a_rater"


@pytest.mark.parametrize(
    "overrides",
    [
        {"period": {"start": DURING.isoformat(), "end": START.isoformat()}},
        {"subjects": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]},
        {"rater_ids": ["m1"]},  # an anonymous campaign names no raters
        {"min_answers": 0},
    ],
)
def test_a_definition_is_checked_at_the_edge(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        definition(**overrides)


def test_the_definitions_marking_rules_are_reused() -> None:
    form = {
        "criteria": [
            {
                "id": "teaching",
                "name": "讲授",
                "aspects": [
                    {
                        "id": "clarity",
                        "name": "清晰",
                        "max": 10,
                        "scale": [1, 5],
                        "panel": {"aggregate": "median"},
                    },
                    {
                        "id": "useful",
                        "name": "准时",
                        "type": "measurement",
                        "max": 2,
                        "rule": {"kind": "pass_fail"},
                    },
                ],
            }
        ]
    }
    state = opened(form=form)
    for link, clarity, on_time in zip(LINKS, (1, 5, 4), (True, False, True), strict=False):
        answer = [AnswerItem(subject_id="wang", values={"clarity": clarity, "useful": on_time})]
        apply(
            state, decide_answers(state, SubmitAnswers(link_hash=link, answers=answer, at=DURING))
        )
    [teaching] = subject(report(state), "wang")["criteria"]
    # median level 4 on [1, 5] -> 7.5 of 10; pass/fail: mean of 2, 0, 2 -> 4/3 of 2
    assert teaching["mark"] == pytest.approx(7.5 + 4 / 3)
    assert teaching["max"] == 12
