"""The campaigns API: define, links, the rater's form and answers, paper, report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from service_api import ADMIN

NOW = datetime.now(UTC)


def campaign(campaign_id: str = "weld", **overrides: Any) -> dict[str, Any]:
    return {
        "id": campaign_id,
        "title": "焊接培训反馈",
        "kind": "training",
        "form": {
            "criteria": [
                {
                    "id": "teaching",
                    "name": "讲授",
                    "weight": 2,
                    "aspects": [{"id": "clarity", "name": "清晰", "max": 10, "scale": [1, 5]}],
                },
                {
                    "id": "design",
                    "name": "课程设计",
                    "aspects": [{"id": "useful", "name": "实用", "max": 5, "scale": [1, 5]}],
                },
            ]
        },
        "subjects": [{"id": "wang", "name": "王老师", "kind": "trainer", "worker_id": "t1"}],
        "period": {
            "start": (NOW - timedelta(days=1)).isoformat(),
            "end": (NOW + timedelta(days=1)).isoformat(),
        },
        "participants": ["w1"],
        **overrides,
    }


def answer(link: str, level: int, command_id: str) -> dict[str, Any]:
    values = {"clarity": level, "useful": level}
    return {"link": link, "subject_id": "wang", "values": values, "command_id": command_id}


async def links(client: httpx.AsyncClient, count: int) -> list[str]:
    issued = await client.post("/api/campaigns/weld/links", json={"count": count}, headers=ADMIN)
    assert issued.status_code == 201, issued.text
    return [link["token"] for link in issued.json()["links"]]


async def test_a_campaign_from_links_to_report(client: httpx.AsyncClient) -> None:
    created = await client.post("/api/campaigns", json=campaign(), headers=ADMIN)
    assert created.status_code == 201, created.text
    tokens = await links(client, 3)
    assert all(t.startswith("weld.") for t in tokens)

    form = await client.post("/api/campaigns/weld/form", json={"link": tokens[0]})
    assert form.status_code == 200
    assert form.json()["used"] is False and "worker_id" not in form.json()["subjects"][0]

    for i, token in enumerate(tokens[:2]):
        sent = await client.post("/api/campaigns/weld/answers", json=answer(token, 5, f"c{i}"))
        assert sent.json()["status"] == "accepted", sent.text
    again = await client.post("/api/campaigns/weld/answers", json=answer(tokens[0], 5, "c0"))
    assert again.json()["status"] == "duplicate"
    spent = await client.post("/api/campaigns/weld/answers", json=answer(tokens[0], 1, "c9"))
    assert (spent.status_code, spent.json()["code"]) == (409, "link_already_used")
    form = await client.post("/api/campaigns/weld/form", json={"link": tokens[0]})
    assert form.json()["used"] is True

    report = (await client.get("/api/campaigns/weld/report", headers=ADMIN)).json()
    assert report["subjects"][0] == {
        "id": "wang",
        "name": "王老师",
        "kind": "trainer",
        "shown": False,
        "answers": None,
        "fewer_than": 3,
    }
    detail = (await client.get("/api/campaigns/weld", headers=ADMIN)).json()
    assert detail["links"] == {"issued": 3, "used": None}  # 2 < K: not told

    await client.post("/api/campaigns/weld/answers", json=answer(tokens[2], 1, "c2"))
    report = (await client.get("/api/campaigns/weld/report", headers=ADMIN)).json()
    wang = report["subjects"][0]
    assert (wang["shown"], wang["answers"], "raters" in wang) == (True, 3, False)

    listed = (await client.get("/api/campaigns", headers=ADMIN)).json()
    assert [(c["id"], c["links_issued"]) for c in listed] == [("weld", 3)]


async def test_paper_batches_are_the_organizers(client: httpx.AsyncClient) -> None:
    await client.post("/api/campaigns", json=campaign(), headers=ADMIN)
    rows = [{"subject_id": "wang", "values": {"clarity": 3, "useful": 3}}] * 3
    anonymous = await client.post("/api/campaigns/weld/answers", json={"batch": rows})
    assert anonymous.status_code == 403
    entered = await client.post("/api/campaigns/weld/answers", json={"batch": rows}, headers=ADMIN)
    assert entered.status_code == 200, entered.text
    report = (await client.get("/api/campaigns/weld/report?view=trainer", headers=ADMIN)).json()
    assert report["subjects"][0]["answers"] == 3


async def test_rejections_at_the_edge(client: httpx.AsyncClient) -> None:
    await client.post("/api/campaigns", json=campaign(), headers=ADMIN)
    [token] = await links(client, 1)
    cases = [
        (answer("weld.nope", 3, "x1"), 404, "link_unknown"),
        (answer("other.nope", 3, "x2"), 404, "link_unknown"),
        ({**answer(token, 3, "x3"), "subject_id": "nobody"}, 422, "subject_unknown"),
        (answer(token, 9, "x4"), 422, "answer_invalid"),
        ({**answer(token, 3, "x5"), "rater": "me"}, 422, None),  # unknown key
    ]
    for body, status, code in cases:
        sent = await client.post("/api/campaigns/weld/answers", json=body)
        assert sent.status_code == status, (body, sent.text)
        if code is not None:
            assert sent.json()["code"] == code
    again = await client.post("/api/campaigns", json=campaign(), headers=ADMIN)
    assert again.json()["code"] == "campaign_exists"
    closed = await client.post("/api/campaigns/weld/close", headers=ADMIN)
    assert closed.status_code == 200
    late = await client.post("/api/campaigns/weld/answers", json=answer(token, 3, "x6"))
    assert (late.status_code, late.json()["code"]) == (409, "campaign_closed")
    assert (await client.get("/api/campaigns/weld/report")).status_code == 403


async def test_identified_raters_are_named_to_the_organizer(client: httpx.AsyncClient) -> None:
    body = campaign(raters="identified", rater_ids=["m1", "m2"], kind="mentor")
    await client.post("/api/campaigns", json=body, headers=ADMIN)
    issued = await client.post("/api/campaigns/weld/links", json={"raters": ["m1"]}, headers=ADMIN)
    [link] = issued.json()["links"]
    assert link["rater_id"] == "m1"
    await client.post("/api/campaigns/weld/answers", json=answer(link["token"], 4, "i1"))
    report = (await client.get("/api/campaigns/weld/report", headers=ADMIN)).json()
    assert [r["rater_id"] for r in report["subjects"][0]["raters"]] == ["m1"]
    stranger = await client.post("/api/campaigns/weld/links", json={"raters": ["x"]}, headers=ADMIN)
    assert stranger.json()["code"] == "not_a_rater"


async def test_an_answer_without_command_id_is_taken_once(client: httpx.AsyncClient) -> None:
    await client.post("/api/campaigns", json=campaign(), headers=ADMIN)
    [token] = await links(client, 1)
    body = {"link": token, "subject_id": "wang", "values": {"clarity": 4, "useful": 4}}
    first = await client.post("/api/campaigns/weld/answers", json=body)
    assert first.json()["status"] == "accepted"
    second = await client.post("/api/campaigns/weld/answers", json=body)
    assert second.json()["code"] == "link_already_used"
