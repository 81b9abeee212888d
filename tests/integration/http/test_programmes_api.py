"""The programme routes through the ASGI app: writes, refusals, the programme, pools, report."""

from __future__ import annotations

import httpx
from service_api import ADMIN

URL = "/api/programmes"
PROGRAMME = {
    "id": "fitters-2026",
    "title": "钳工师带徒 2026",
    "organization": "Acme",
    "weights": {"kpi": 2, "improvement": 1, "attitude": 1},
    "periods": [{"id": "q1", "name": "第一季度"}, {"id": "q2", "name": "第二季度"}],
}
P = f"{URL}/fitters-2026"


async def post(client: httpx.AsyncClient, path: str, body: object) -> httpx.Response:
    return await client.post(path, json=body, headers=ADMIN)


async def test_a_programme_from_definition_to_report(client: httpx.AsyncClient) -> None:
    assert (await post(client, URL, PROGRAMME)).status_code == 201
    again = await post(client, URL, PROGRAMME)
    assert (again.status_code, again.json()["code"]) == (409, "programme_already_defined")

    pair = {"mentor": "m1", "apprentice": "a1", "start": "2026-01-05", "goals": "独立装配"}
    formed = await post(client, f"{P}/pairs", pair)
    assert formed.status_code == 201 and formed.json()["id"] == "pair-1"
    same = await post(client, f"{P}/pairs", {**pair, "apprentice": "m1"})
    assert (same.status_code, same.json()["code"]) == (422, "same_worker")

    scores = {"period": "q1", "kpi": 90, "improvement": 70, "attitude": 70}
    early = await post(client, f"{P}/pairs/pair-1/assessments", scores)
    assert (early.status_code, early.json()["code"]) == (409, "agreement_required")
    signed = await post(client, f"{P}/pairs/pair-1/agreement", {"signed_on": "2026-01-06"})
    assert signed.status_code == 200
    assessed = await post(client, f"{P}/pairs/pair-1/assessments", scores)
    assert assessed.status_code == 201 and assessed.json()["score"] == 80
    twice = await post(client, f"{P}/pairs/pair-1/assessments", scores)
    assert (twice.status_code, twice.json()["code"]) == (409, "already_assessed")
    unknown = await post(client, f"{P}/pairs/pair-9/agreement", {})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "pair_unknown")
    ended = await post(
        client, f"{P}/pairs/pair-1/end", {"outcome": "completed", "on": "2026-06-30"}
    )
    assert ended.status_code == 200

    programme = (await client.get(P, headers=ADMIN)).json()
    assert programme["pairs"][0]["state"] == "completed"
    assert programme["pairs"][0]["goals"] == ["独立装配"]
    assert programme["pairs"][0]["assessments"]["q1"]["score"] == 80

    report = (await client.get(f"{P}/report", params={"mentor": "m1"}, headers=ADMIN)).json()
    assert [a["score"] for a in report["pairs"][0]["assessments"]] == [80]
    mentors = (await client.get(f"{P}/mentors", params={"min_score": 75}, headers=ADMIN)).json()
    assert [m["worker_id"] for m in mentors["items"]] == ["m1"]
    active = await client.get(f"{P}/apprentices", params={"state": "active"}, headers=ADMIN)
    assert active.json()["total"] == 0
    listed = (await client.get(URL, headers=ADMIN)).json()
    assert [p["programme_id"] for p in listed] == ["fitters-2026"]


async def test_reads_and_writes_need_the_organizer(client: httpx.AsyncClient) -> None:
    assert (await client.post(URL, json=PROGRAMME)).status_code == 403  # public: no token
    assert (await client.get(f"{URL}/nope", headers=ADMIN)).json()["code"] == "programme_unknown"
    bad = await post(
        client, URL, {**PROGRAMME, "weights": {"kpi": 0, "improvement": 0, "attitude": 0}}
    )
    assert bad.status_code == 422
