"""No page shows an untranslated server message: every code the server can answer
with (collected from the Python sources, `server_codes`) has a text in both
languages, as the pages' own dictionaries load it in the browser."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, require_browser
from e2e_server import ServerProcess
from event_day_setup import start_server
from playwright.sync_api import Page, sync_playwright
from server_codes import collect

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    require_browser()
    server: ServerProcess = start_server(tmp_path_factory.mktemp("messages"))
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            opened = browser.new_page()
            opened.goto(f"{server.base_url}/leaderboard")
            yield opened
            browser.close()
    finally:
        server.stop()


def dictionary(page: Page, language: str) -> dict[str, str]:
    found: dict[str, str] = page.evaluate(
        "async (lang) => (await import(`/static/i18n/${lang}.js`)).default", language
    )
    return found


def test_the_collector_finds_the_codes_it_should() -> None:
    problems, definition = collect()
    assert {"out_of_range", "invalid_transition", "invalid_token", "validation_error"} <= problems
    assert {"not_assigned", "unknown_contest", "payload_too_large"} <= problems
    assert {"duplicate_id", "total_mismatch", "yaml_alias"} <= definition


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_server_code_has_a_text(page: Page, language: str) -> None:
    texts = dictionary(page, language)
    problems, definition = collect()
    missing = sorted(f"reject.{c}" for c in problems if not texts.get(f"reject.{c}"))
    missing += sorted(f"definition.{c}" for c in definition if not texts.get(f"definition.{c}"))
    assert missing == [], f"{language}: no text for {missing}"


def test_the_chinese_texts_are_chinese(page: Page) -> None:
    texts = dictionary(page, "zh")
    problems, definition = collect()
    keys = [f"reject.{c}" for c in problems] + [f"definition.{c}" for c in definition]
    assert [key for key in keys if not CJK.search(texts[key])] == []


def test_the_page_shows_a_rejection_by_its_code(page: Page) -> None:
    shown = page.evaluate(
        """async () => {
            const { rejectionText } = await import('/static/js/i18n.js');
            return rejectionText({ code: 'out_of_range', message: '20 is not allowed' });
        }"""
    )
    assert CJK.search(shown), shown
