"""Evaluation campaigns on a real store (SQLite and PostgreSQL): the raw log holds
nothing that identifies an anonymous rater, links are stored hashed, a link gives one
submission, and the "evaluations" projection folds the campaign for the resume."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest

from judging.application.campaigns import CampaignService
from judging.application.writer import Origin, Writer
from judging.domain.commands import Actor
from judging.domain.evaluation import (
    AnswerItem,
    CampaignDefinition,
    CampaignRejected,
    PaperAnswer,
    campaign_stream,
)
from judging.projections.evaluations import EvaluationsProjection, campaign_list, training_for
from judging.projections.runner import ProjectionRunner
from judging.store import EventStore

START = datetime(2026, 5, 1, 9, tzinfo=UTC)
ORGANIZER = Actor(id="org-1", role="organizer")
NOBODY = {
    "actor_id": "anonymous",
    "role": "anonymous",
    "device": None,
    "venue": None,
    "client_time": None,
    "command_id": None,
}


def definition(campaign_id: str = "weld", **overrides: Any) -> CampaignDefinition:
    return CampaignDefinition.model_validate(
        {
            "id": campaign_id,
            "title": "焊接培训",
            "kind": "training",
            "form": {
                "criteria": [
                    {
                        "id": "teaching",
                        "name": "讲授",
                        "weight": 2,
                        "aspects": [{"id": "clarity", "name": "清晰", "max": 10, "scale": [1, 5]}],
                    }
                ]
            },
            "subjects": [{"id": "wang", "name": "王老师", "kind": "trainer"}],
            "period": {"start": START.isoformat(), "end": (START + timedelta(days=2)).isoformat()},
            "participants": ["w1", "w2", "w3"],
            **overrides,
        }
    )


def service(store: EventStore) -> CampaignService:
    return CampaignService(Writer(store), clock=lambda: START + timedelta(hours=1))


def answer(level: float) -> list[AnswerItem]:
    return [AnswerItem(subject_id="wang", values={"clarity": level})]


async def test_the_raw_log_identifies_no_anonymous_rater(store: EventStore) -> None:
    campaigns = service(store)
    await campaigns.define(definition(), ORGANIZER, "define-1")
    tokens, _ = await campaigns.issue_links("weld", ORGANIZER, "links-1", count=3)
    origin = Origin(device="phone-of-li", client_time="2026-05-01T10:00:00Z")
    for i, issued in enumerate(tokens):
        result = await campaigns.submit(issued.token, answer(5 - i), f"cmd-{i}", origin)
        assert result.status == "accepted"

    recorded = await store.read_stream(campaign_stream("weld"))
    raw = orjson.dumps([(e.type, e.data, e.metadata) for e in recorded]).decode()
    for issued in tokens:
        assert issued.token not in raw
        assert issued.token.rpartition(".")[2] not in raw
    assert "phone-of-li" not in raw and "2026-05-01T10:00:00Z" not in raw
    assert not any(f"cmd-{i}" in raw for i in range(3))

    [issued_event] = [e for e in recorded if e.type == "links_issued"]
    hashes = {link["hash"] for link in issued_event.data["links"]}
    assert hashes == {hashlib.sha256(t.token.encode()).hexdigest() for t in tokens}

    answers = [e for e in recorded if e.type == "answer_submitted"]
    assert len(answers) == 3
    for event in answers:
        assert set(event.data) == {"subject_id", "values"}
        assert event.metadata == NOBODY
    used = [e for e in recorded if e.type == "link_used"]
    assert {e.data["hash"] for e in used} == hashes
    assert all(e.metadata == NOBODY for e in used)

    # ...and what the store read back through the whole log is the same.
    everything = await store.read_all(after=0)
    assert [e.metadata for e in everything if e.type == "answer_submitted"] == [NOBODY] * 3


async def test_one_submission_per_link_and_a_resend_is_a_duplicate(store: EventStore) -> None:
    campaigns = service(store)
    await campaigns.define(definition(), ORGANIZER, "define-1")
    [issued], _ = await campaigns.issue_links("weld", ORGANIZER, "links-1", count=1)
    first = await campaigns.submit(issued.token, answer(4), "cmd-a")
    again = await campaigns.submit(issued.token, answer(4), "cmd-a")  # the answer was lost
    assert (again.status, again.position) == ("duplicate", first.position)
    with pytest.raises(CampaignRejected) as rejected:
        await campaigns.submit(issued.token, answer(1), "cmd-b")
    assert rejected.value.code == "link_already_used"

    # Another process (a fresh service on the same store) knows it too.
    with pytest.raises(CampaignRejected) as elsewhere:
        await service(store).submit(issued.token, answer(1), "cmd-c")
    assert elsewhere.value.code == "link_already_used"
    with pytest.raises(CampaignRejected) as unknown:
        await campaigns.submit("weld.not-a-link", answer(1), "cmd-d")
    assert unknown.value.code == "link_unknown"
    recorded = await store.read_stream(campaign_stream("weld"))
    assert [e.type for e in recorded].count("answer_submitted") == 1


async def test_the_projection_gives_the_training_section(store: EventStore) -> None:
    campaigns = service(store)
    await campaigns.define(definition(), ORGANIZER, "define-1")
    await campaigns.define(definition("few", kind="course"), ORGANIZER, "define-2")
    await campaigns.define(definition("other", kind="mentor"), ORGANIZER, "define-3")
    tokens, _ = await campaigns.issue_links("weld", ORGANIZER, "links-1", count=2)
    for i, issued in enumerate(tokens):
        await campaigns.submit(issued.token, answer(5), f"cmd-{i}")
    paper = [PaperAnswer(subject_id="wang", values={"clarity": 1})]
    head = await campaigns.enter_paper("weld", paper, ORGANIZER, "paper-1")
    head = await campaigns.close("weld", ORGANIZER, "close-1")

    runner = ProjectionRunner(store, persisted=[EvaluationsProjection()], retry_delay=0.01)
    await runner.start()
    try:
        await runner.wait_for(head, timeout=20)
    finally:
        await runner.stop()
    async with store.tracking.read() as conn:
        listed = await campaign_list(conn)
        training = await training_for(conn, "w1")
        nothing = await training_for(conn, "someone-else")
    assert [row["id"] for row in listed] == ["weld", "few", "other"]
    assert listed[0]["links_issued"] == 2 and listed[0]["closed"] is not None
    assert nothing == []
    weld, few = training  # the mentor campaign is not training
    assert weld["aggregate"] == {"shown": True, "answers": 3, "score": pytest.approx(200 / 3)}
    assert weld["subjects"][0]["score"] == pytest.approx(200 / 3)
    assert few["aggregate"] is None  # no answers: nothing shown
    assert few["subjects"][0]["score"] is None
