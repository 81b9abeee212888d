"""`judging demo` end to end: a real process plays a whole contest and stops by itself."""

from __future__ import annotations

import os
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
