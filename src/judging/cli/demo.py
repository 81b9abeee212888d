"""`judging demo`: a live multi-venue contest with scripted referees, on a fresh SQLite file.

Starts the server, sets up the demo contest through the HTTP API, prints the URL of
every page (a referee's tablet and the chief's desk with their tokens, the console,
the big screen, spectators, a skill resume, the leaderboard, the API docs), plays the
referees' script, holds the ended contest frozen for the reveal until the organizer
thaws it (or `--hold` seconds), finalizes it; the server keeps running until Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
from pathlib import Path

from judging.settings import get_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument("--port", type=int, default=get_settings().port, help="port")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the simulated contest")
    parser.add_argument("--per-venue", type=int, default=9, help="contestants per venue (4 venues)")
    parser.add_argument(
        "--minutes-per-second",
        type=float,
        default=1.0,
        help="contest minutes played per real second (the contest lasts 180 minutes)",
    )
    parser.add_argument("--once", action="store_true", help="stop when the contest is final")
    parser.add_argument(
        "--hold",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="how long the ended contest stays frozen for the reveal unless the organizer "
        "thaws it first (default 600)",
    )
    parser.add_argument(
        "--log-level",
        default="warning",
        help="server log level (default warning, so the URLs stay readable)",
    )


def fresh_database(db: str | None) -> str:
    """--db if given, else a new `demo.db` under the data directory (demo data only)."""
    if db:
        return db
    path = get_settings().data_dir / "demo.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite+aiosqlite:///{path}"


def run(args: argparse.Namespace) -> int:
    from judging.demo.session import DemoOptions, run_demo

    token = get_settings().admin_token or secrets.token_urlsafe(24)
    settings = get_settings().model_copy(
        update={
            "database_url": fresh_database(args.db),
            "admin_token": token,
            "log_level": args.log_level,
        }
    )
    options = DemoOptions(
        args.host,
        args.port,
        args.seed,
        args.per_venue,
        args.minutes_per_second,
        args.once,
        max(args.hold, 0.0),
    )
    try:
        return asyncio.run(run_demo(settings, options))
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C once it has shut down cleanly
        print("Demo stopped.")
        return 0
