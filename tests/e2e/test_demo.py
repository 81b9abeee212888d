"""`judging demo` end to end: a real process plays a whole contest and stops by itself,
with the meet, the awards, the training campaign and the mentor programme beside it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import orjson
from e2e_server import free_port, judging_command


def run_judging(*args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JUDGING_DATA_DIR": str(cwd / "var")}
    env.pop("JUDGING_DATABASE_URL", None)
    return subprocess.run(
        [*judging_command(), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_demo_plays_a_whole_contest_and_leaves_an_intact_log(tmp_path: Path) -> None:
    port = str(free_port())
    demo = run_judging(
        "demo", "--once", "--port", port, "--minutes-per-second", "120", cwd=tmp_path
    )
    assert demo.returncode == 0, demo.stderr
    out = demo.stdout
    pages = ("/screen/demo-elec#token=", "/live/demo-elec", "/console?contest=demo-elec#token=")
    for page in pages:
        assert f"http://127.0.0.1:{port}{page}" in out
    assert "The contest is over and final (0 commands were rejected)." in out
    for page in ("/meets/demo-meet", "/awards/demo-elec", "/certificates/demo-elec", "/verify/"):
        assert f"http://127.0.0.1:{port}{page}" in out

    database = f"sqlite+aiosqlite:///{tmp_path / 'var' / 'demo.db'}"
    verify = run_judging("verify", "--db", database, cwd=tmp_path)
    assert verify.returncode == 0, verify.stdout + verify.stderr

    standings = run_judging("standings", "demo-elec", "--json", "--db", database, cwd=tmp_path)
    assert standings.returncode == 0, standings.stderr
    board = orjson.loads(standings.stdout)
    assert board["state"]["finalized"] is not None
    rows = board["rows"]
    assert len(rows) == 36
    assert {row["venue"] for row in rows} == {"wz", "nj", "hf", "sz"}
    ranked = [row for row in rows if row["rank"] is not None]
    assert len(ranked) == 35  # one contestant withdrew
    assert ranked[0]["rank"] == 1
    totals = [row["score"]["total"] for row in ranked]
    assert totals == sorted(totals, reverse=True)

    assert [row["award"]["name"] for row in ranked[:3]] == ["一等奖"] * 3

    meet = run_judging("meet-table", "demo-meet", "--json", "--db", database, cwd=tmp_path)
    assert meet.returncode == 0, meet.stderr
    table = orjson.loads(meet.stdout)
    assert [e["state"] for e in table["events"]] == ["finalized", "finalized"]
    assert [r["advanced"] for r in table["events"][1]["rounds"]] == [4, None]
    assert sum(sum(row["medals"]) for row in table["table"]["rows"]) == 18 + 3

    with sqlite3.connect(tmp_path / "var" / "demo.db") as db:
        types = dict(
            db.execute(
                "SELECT type, count(*) FROM events WHERE stream_id IN (?, ?) GROUP BY type",
                ("campaign-demo-training", "programme-demo-mentoring"),
            ).fetchall()
        )
    assert types["campaign_defined"] == 1 and types["answer_submitted"] == 5
    assert types["pair_formed"] == 1 and types["pair_assessed"] == 1
