"""Never backwards: every position a big screen shows, through server restarts, marks
and a delivery that reorders messages and replays old ones, only moves forward."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from browser_support import NETWORK_NOISE, start_server
from e2e_server import ServerProcess
from playwright.sync_api import Browser, Page, WebSocketRoute, expect
from screen_setup import JUDGED, MEASURED, crowded_contest, mark_commands, send_marks

RECORD = """() => {
  window.__positions = [];
  const board = document.querySelector('#board-area');
  const note = () => {
    if (board.dataset.position) window.__positions.push(Number(board.dataset.position));
  };
  note();
  new MutationObserver(note).observe(board, { attributeFilter: ['data-position'] });
}"""


class Scrambler:
    """Between the page and the server: every other update is held back and delivered
    after the next one (reordered), and every new connection first gets the oldest
    snapshot seen so far (an old board replayed)."""

    def __init__(self) -> None:
        self.oldest: str | None = None
        self.held: str | None = None
        self.connections = 0
        self.replayed = 0
        self.reordered = 0
        self.draining = False
        self.page_side: WebSocketRoute | None = None

    def route(self, ws: WebSocketRoute) -> None:
        self.connections += 1
        self.page_side = ws
        server = ws.connect_to_server()
        if self.oldest is not None:
            ws.send(self.oldest)
            self.replayed += 1
        server.on_message(lambda message: self.forward(ws, message))
        ws.on_message(lambda message: server.send(message))

    def forward(self, ws: WebSocketRoute, message: str | bytes) -> None:
        text = message.decode() if isinstance(message, bytes) else message
        kind = orjson.loads(text).get("type")
        if kind == "snapshot" and self.oldest is None:
            self.oldest = text
        if kind != "update":
            ws.send(text)
        elif self.held is None and not self.draining:
            self.held = text
        elif self.held is None:  # draining: nothing held back
            ws.send(text)
        else:
            ws.send(text)
            ws.send(self.held)  # older, after a newer one
            self.held = None
            self.reordered += 1

    def drain(self) -> None:
        """From now on deliver every update at once, the one held back first (else the
        last change could stay held whenever the number of updates is odd)."""
        self.draining = True
        if self.held is not None and self.page_side is not None:
            self.page_side.send(self.held)
            self.held = None


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ServerProcess]:
    server = start_server(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def screen_page(
    browser: Browser, server: ServerProcess, path: str, scrambler: Scrambler
) -> tuple[Page, list[str]]:
    """The big screen through the scrambler, recording its positions; its errors."""
    size = {"width": 1920, "height": 1080}
    page = browser.new_context(viewport=size, base_url=server.base_url).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.route_web_socket("**/ws/**", scrambler.route)
    page.goto(path)
    expect(page.locator("#rows tr").first).to_be_visible()
    page.evaluate(RECORD)
    return page, errors


def reconnected(page: Page, scrambler: Scrambler, connections: int) -> None:
    """Wait until the screen has connected `connections` times (and is live again)."""
    for _ in range(300):
        if scrambler.connections >= connections:
            break
        page.wait_for_timeout(100)
    assert scrambler.connections >= connections
    expect(page.locator("#conn .conn")).to_have_attribute("data-state", "live", timeout=30000)


def test_a_big_screen_never_shows_an_older_position(
    browser: Browser, own_server: ServerProcess
) -> None:
    scrambler = Scrambler()
    with httpx.Client(base_url=own_server.base_url, timeout=15) as api:
        contest = crowded_contest(api, 40)
        path = f"/screen/{contest.id}#token={contest.tokens['screen']}"
        page, errors = screen_page(browser, own_server, path, scrambler)
        marks = mark_commands(40, JUDGED + MEASURED)
        assert len(marks) == 200
        last = 0
        for chunk in range(20):
            last = send_marks(contest, marks[chunk * 10 : (chunk + 1) * 10])
            page.wait_for_timeout(150)
            if chunk in (4, 9, 14):
                connections = scrambler.connections
                own_server.restart()
                reconnected(page, scrambler, connections + 1)
        # One more change, delivered at once (the update held back goes first).
        scrambler.drain()
        attempt = {"type": "record_attempt", "contestant_id": "p00", "stage_id": "s1"}
        [result] = contest.send(contest.tokens["chief"], {**attempt, "result": "cleared"})
        assert result["status"] == "accepted", result
        last = result["position"]
        expect(page.locator("#board-area")).to_have_attribute(
            "data-position", str(last), timeout=30000
        )
    positions: list[Any] = page.evaluate("() => window.__positions")
    assert positions == sorted(positions), positions
    assert len(set(positions)) >= 10  # it did follow the marks
    assert scrambler.connections >= 4  # the first connection and one after each restart
    assert scrambler.replayed >= 3 and scrambler.reordered >= 1
    assert [e for e in errors if not any(noise in e for noise in NETWORK_NOISE)] == []
    page.context.close()
