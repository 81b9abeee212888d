"""`judging import-clics`: the real CLICS feeds into a fresh database, idempotently."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from clics_feeds import feed_path

from judging.cli import main
from judging.store import open_store

FEEDS = {"euc2025": 863, "swerc2022": 1013}  # feed -> events imported


def head(url: str) -> int:
    async def read() -> int:
        store = await open_store(url)
        try:
            return await store.head()
        finally:
            await store.close()

    return asyncio.run(read())


def judging(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def empty_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'judging.db'}"


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_import_prints_only_the_id_and_reimport_appends_nothing(
    name: str, empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = str(feed_path(name))
    code, out, err = judging(capsys, "import-clics", feed, "--db", empty_url)
    assert (code, out) == (0, f"{name}\n")
    assert f"appended {FEEDS[name]} events" in err
    assert head(empty_url) == FEEDS[name]
    code, out, err = judging(capsys, "import-clics", feed, "--db", empty_url)
    assert (code, out) == (0, f"{name}\n")
    assert "nothing appended" in err
    assert head(empty_url) == FEEDS[name]
    assert judging(capsys, "verify", "--db", empty_url)[0] == 0


def test_import_under_another_id(empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    feed = str(feed_path("euc2025"))
    code, out, _ = judging(capsys, "import-clics", feed, "--db", empty_url, "--id", "euro")
    assert (code, out) == (0, "euro\n")
    assert judging(capsys, "standings", "euro", "--db", empty_url)[0] == 0


def test_another_feed_under_a_taken_id_is_refused(
    empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    euc, swerc = str(feed_path("euc2025")), str(feed_path("swerc2022"))
    assert judging(capsys, "import-clics", euc, "--db", empty_url, "--id", "x")[0] == 0
    code, out, err = judging(capsys, "import-clics", swerc, "--db", empty_url, "--id", "x")
    assert (code, out) == (1, "")
    assert "--id" in err
    assert "Traceback" not in err
    assert head(empty_url) == FEEDS["euc2025"]


def test_a_malformed_feed_names_its_line(
    tmp_path: Path, empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "bad.ndjson"
    feed.write_text('{"type": "contest", "data": {"id": "c"}}\n\n{"type": \n', encoding="utf-8")
    code, out, err = judging(capsys, "import-clics", str(feed), "--db", empty_url)
    assert (code, out) == (2, "")
    assert "line 3" in err


def test_a_missing_feed_is_a_clear_error(
    tmp_path: Path, empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = judging(capsys, "import-clics", str(tmp_path / "nope"), "--db", empty_url)
    assert (code, out) == (2, "")
    assert "nope" in err


def test_a_contest_that_never_started_imports_its_definition(
    tmp_path: Path, empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "unstarted.ndjson"
    feed.write_text('{"type": "contest", "id": "c", "data": {"id": "c"}}\n', encoding="utf-8")
    code, out, err = judging(capsys, "import-clics", str(feed), "--db", empty_url)
    assert (code, out) == (0, "c\n")
    assert "2 events" in err


def test_a_2020_03_feed_imports_and_counts_unknown_types(
    tmp_path: Path, empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {"type": "contests", "op": "create", "data": {"id": "pc2", "start_time": None}},
        {"type": "teams", "op": "create", "data": {"id": "1", "name": "One"}},
        {"type": "problems", "op": "create", "data": {"id": "a", "ordinal": 0}},
        {"type": "map-info", "op": "create", "data": {"id": "m"}},
        {"type": "states", "op": "update", "data": {"started": "2024-01-01T10:00:00Z"}},
    ]
    feed = tmp_path / "pc2.ndjson"
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out, err = judging(capsys, "import-clics", str(feed), "--db", empty_url)
    assert (code, out) == (0, "pc2\n")
    assert "ignored 1 notification of unknown types (map-info: 1)" in err


@pytest.mark.postgres
def test_import_into_postgres(postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    feed = str(feed_path("euc2025"))
    for _ in range(2):
        code, out, _ = judging(capsys, "import-clics", feed, "--db", postgres_url)
        assert (code, out) == (0, "euc2025\n")
        assert head(postgres_url) == FEEDS["euc2025"]
