"""A printed certificate's verification link leads to a proof that holds; the award
list shows every tier with its codes and the log event it was built from."""

from __future__ import annotations

import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from browser_support import OpenPage
from e2e_server import ADMIN_TOKEN, ServerProcess, judging_command
from event_day_setup import start_server
from playwright.sync_api import expect

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def finalized_with_awards(api: httpx.Client) -> str:
    cid = f"awards-{uuid.uuid4().hex[:8]}"
    definition: dict[str, Any] = {
        "id": cid,
        "title": "职工舞蹈大赛决赛",
        "kind": "competition",
        "duration_minutes": 60,
        "ranking": {"policy": "points"},
        "criteria": [
            {
                "id": "perf",
                "name": "表演",
                "aspects": [
                    {
                        "id": "score",
                        "name": "得分",
                        "type": "measurement",
                        "max": 100,
                        "rule": {"kind": "direct"},
                    },
                ],
            }
        ],
        "awards": [
            {"id": "gold", "name": "金奖", "count": 1},
            {"id": "silver", "name": "银奖", "count": 2},
        ],
    }
    assert api.post("/api/contests", json=definition, headers=ADMIN).status_code == 201
    people = [
        {"id": f"p{n}", "name": name, "organization": "南京地铁"}
        for n, name in enumerate(["张伟", "王芳", "李娜"])
    ]
    assert api.post(f"/api/contests/{cid}/contestants", json=people, headers=ADMIN).is_success
    referees = [{"id": "r1", "name": "裁判", "role": "referee"}]
    token = api.post(f"/api/contests/{cid}/referees", json=referees, headers=ADMIN).json()[0][
        "token"
    ]

    def send(bearer: str, type_: str, **fields: Any) -> None:
        body = {"command_id": str(uuid.uuid4()), "type": type_, **fields}
        answer = api.post(
            f"/api/contests/{cid}/commands",
            json=body,
            headers={"Authorization": f"Bearer {bearer}"},
        )
        assert answer.json()["results"][0]["status"] == "accepted", answer.text

    send(ADMIN_TOKEN, "start")
    for n, value in enumerate((90, 80, 70)):
        send(token, "award_mark", contestant_id=f"p{n}", aspect_id="score", value=value)
    send(ADMIN_TOKEN, "end")
    send(ADMIN_TOKEN, "finalize")
    return cid


def test_a_certificate_links_to_a_proof_that_holds(open_page: OpenPage, api: httpx.Client) -> None:
    cid = finalized_with_awards(api)
    page, _ = open_page(f"/awards/{cid}?lang=zh")
    expect(page.locator(".tier")).to_have_count(2)
    expect(page.locator("[data-tier='silver'] tbody tr")).to_have_count(2)
    expect(page.locator("#head .hash")).to_have_text(
        api.get(f"/api/contests/{cid}/awards").json()[0]["hash"]
    )

    page.goto(f"/certificates/{cid}?contestant=p1")
    certificate = page.locator(".certificate")
    expect(certificate).to_have_count(1)
    expect(certificate.locator(".cert-award")).to_have_text("银奖")
    expect(certificate.locator("svg.qr")).to_be_visible()
    code = certificate.get_attribute("data-code")
    assert code and certificate.locator(".cert-code").inner_text() == code

    certificate.locator("a.cert-link").click()
    page.wait_for_url(f"**/verify/{code}")
    expect(page.locator("#verdict")).to_have_attribute("data-holds", "true")
    expect(page.locator("#award")).to_contain_text("王芳")
    expect(page.locator("#award")).to_contain_text("银奖")
    assert page.locator("#proof-position").inner_text().isdigit()


def test_a_mistyped_code_is_said_to_be_invalid(open_page: OpenPage) -> None:
    page, problems = open_page("/verify/1-1-000000000000-Z?lang=en")
    problems.allow_network_errors = True  # the page's own 400 is logged by the browser
    expect(page.locator("#verdict")).to_have_attribute("data-holds", "error")
    expect(page.locator("#verdict")).to_contain_text("not a valid verification code")


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server of its own: this test tampers with its database."""
    server = start_server(tmp_path_factory.mktemp("tampered"))
    try:
        yield server
    finally:
        server.stop()


def test_after_tampering_the_page_says_the_proof_fails_and_verify_fails(
    open_page: OpenPage, own_server: ServerProcess
) -> None:
    with httpx.Client(base_url=own_server.base_url, timeout=10) as api:
        cid = finalized_with_awards(api)
        award = api.get(f"/api/contests/{cid}/awards").json()[1]  # 王芳's silver
    assert award["holds"]
    assert check_code(own_server, award["code"]).returncode == 0
    database = own_server.database_url.removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(database) as db:  # an attacker gives p1's silver to p2
        (data,) = db.execute("SELECT data FROM events WHERE position = ?", (award["position"],))
        changed = data[0].replace('"p1"', '"p2"')
        assert changed != data[0]
        db.execute("UPDATE events SET data = ? WHERE position = ?", (changed, award["position"]))

    page, _ = open_page(f"/verify/{award['code']}?lang=zh", base_url=own_server.base_url)
    expect(page.locator("#verdict")).to_have_attribute("data-holds", "false")
    expect(page.locator("#verdict")).to_contain_text("验证失败")
    verify = subprocess.run(
        [*judging_command(), "verify", "--db", own_server.database_url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verify.returncode == 1
    assert f"BROKEN at position {award['position']}" in verify.stdout
    checked = check_code(own_server, award["code"])
    assert checked.returncode == 1 and "PROOF FAILS" in checked.stdout


def check_code(server: ServerProcess, code: str) -> subprocess.CompletedProcess[str]:
    """`judging verify --code CODE` on the server's database."""
    command = [*judging_command(), "verify", "--db", server.database_url, "--code", code]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)
