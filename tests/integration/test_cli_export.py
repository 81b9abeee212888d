"""`judging export` and `tools/verify_export.py`: a contest anyone can verify.

The contest's events are stored interleaved with another contest's, so its positions
have gaps; the standard-library script verifies the export, and names the position
after any single change, deletion, insertion or swap, and after a consistent rewrite
of the whole chain once it is given the published head.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from clics_feeds import feed_path

from judging.cli import main
from judging.store import NewEvent, migrate, open_store

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "verify_export.py"
LOG = ROOT / "tests" / "data" / "events_v1.ndjson"


def verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_export", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def store_interleaved(url: str) -> None:
    rows = [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()]
    gym = [r for r in rows if r["stream_id"] == "contest-gym"]
    others = [r for r in rows if r["stream_id"] != "contest-gym"]
    order = [row for pair in zip(gym, others, strict=False) for row in pair]
    order += gym[len(others) :] + others[len(gym) :]
    await migrate(url)
    store = await open_store(url)
    try:
        for row in order:
            event = NewEvent(uuid.uuid4(), row["type"], row["data"], {"actor_id": "ré"})
            await store.append(row["stream_id"], [event])
    finally:
        await store.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("export")
    url = f"sqlite+aiosqlite:///{folder / 'judging.db'}"
    asyncio.run(store_interleaved(url))
    path = folder / "gym.ndjson"
    assert main(["export", "gym", "--db", url, "-o", str(path)]) == 0
    return path, url


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def check(lines: list[dict[str, Any]], head: tuple[int, str] | None = None) -> str | None:
    error: str | None = verifier().verify([json.dumps(line) for line in lines], head)
    return error


def test_the_script_verifies_an_export(exported: tuple[Path, str]) -> None:
    path, _ = exported
    lines = lines_of(path)
    events = [line for line in lines if "type" in line]
    assert len(events) == 19 and len(lines) > len(events)  # links over the other streams
    assert all(
        set(line) == {"position", "prev_hash", "hash"} for line in lines if "type" not in line
    )
    head = f"{lines[-1]['position']}:{lines[-1]['hash']}"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(path), head], capture_output=True, text=True, check=False
    )
    assert (run.returncode, run.stdout) == (0, "OK\n")


def test_the_export_carries_the_store_hashes(exported: tuple[Path, str], capsys: Any) -> None:
    path, url = exported
    last = lines_of(path)[-1]
    capsys.readouterr()
    assert main(["verify", "--db", url]) == 0
    assert last["event_id"].count("-") == 4 and last["metadata"] == {"actor_id": "ré"}
    assert main(["export", "nope", "--db", url]) == 1
    assert "no contest 'nope'" in capsys.readouterr().err


def rehash(lines: list[dict[str, Any]], start: int) -> None:
    """Recompute every hash from `start` on, as a forger would (links get new hashes too)."""
    module = verifier()
    for index in range(start, len(lines)):
        line = lines[index]
        line["prev_hash"] = lines[index - 1]["hash"]
        body = (
            module.canonical({key: line[key] for key in module.HASHED}) if "type" in line else b""
        )
        line["hash"] = hashlib.sha256(bytes.fromhex(line["prev_hash"]) + body).hexdigest()


def test_every_single_tampering_is_named(exported: tuple[Path, str]) -> None:
    lines = lines_of(exported[0])
    assert check(lines) is None
    i = [index for index, line in enumerate(lines) if "type" in line][5]
    p = lines[i]["position"]
    changed = [dict(line) for line in lines]
    changed[i]["data"] = {**changed[i]["data"], "value": 10}
    assert check(changed) == f"position {p}: content does not match its hash"
    rehash(changed[: i + 1], i)  # the changed event re-hashed, the chain after it not
    assert check(changed) == f"position {p + 1}: prev_hash is not the hash of position {p}"
    for gone in (i, i + 1):  # an event of the contest, a link
        deleted = lines[:gone] + lines[gone + 1 :]
        at = lines[gone]["position"]
        assert check(deleted) == f"position {at}: missing or out of order (line at {at + 1})"
    swapped = [*lines[:i], lines[i + 1], lines[i], *lines[i + 2 :]]
    assert check(swapped) == f"position {p}: missing or out of order (line at {p + 1})"
    forged = {**lines[i], "position": p + 1, "prev_hash": lines[i]["hash"]}
    inserted = [*lines[: i + 1], forged, *lines[i + 1 :]]
    assert (check(inserted) or "").startswith(f"position {p + 1}: ")
    hidden = [*lines[:-1], {k: lines[-1][k] for k in ("position", "prev_hash", "hash")}]
    assert check(hidden) == "end: the export does not end with an event of the contest"


def test_a_consistent_rewrite_is_caught_by_the_published_head(
    exported: tuple[Path, str],
) -> None:
    lines = lines_of(exported[0])
    head = (lines[-1]["position"], lines[-1]["hash"])
    rewritten = [dict(line) for line in lines]
    assert "type" in rewritten[4]
    rewritten[4]["data"] = {**rewritten[4]["data"], "value": 10}
    rehash(rewritten, 4)
    assert check(rewritten) is None  # consistent: only the head can tell
    assert check(rewritten, head) == f"position {head[0]}: hash is not the published head {head[1]}"
    missing = f"position {head[0]}: missing (the published head is not in the export)"
    assert check(lines[:-2], head) == missing


@pytest.mark.parametrize("name", ["euc2025", "swerc2022"])
def test_an_imported_real_contest_verifies(name: str, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'judging.db'}"
    assert main(["import-clics", str(feed_path(name)), "--db", url]) == 0
    path = tmp_path / "export.ndjson"
    assert main(["export", name, "--db", url, "-o", str(path)]) == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    assert verifier().verify(lines, (last["position"], last["hash"])) is None


def test_the_documented_script_is_the_script() -> None:
    docs = (ROOT / "docs" / "verification.md").read_text(encoding="utf-8")
    assert f"```python\n{SCRIPT.read_text(encoding='utf-8')}```" in docs


@pytest.mark.postgres
def test_an_export_from_postgres_verifies(postgres_url: str, tmp_path: Path) -> None:
    asyncio.run(store_interleaved(postgres_url))
    path = tmp_path / "gym.ndjson"
    assert main(["export", "gym", "--db", postgres_url, "-o", str(path)]) == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    assert verifier().verify(lines, (last["position"], last["hash"])) is None
