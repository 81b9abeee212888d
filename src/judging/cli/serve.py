"""`judging serve`: migrate, check the log head, then serve the API and the web pages.

A server refuses to start on a log whose rows disagree with its head (a row stored
beyond it, or the row at the head missing or with another hash): it would serve
rows that were never appended, and every append would fail. `judging verify` names
the first broken position of the whole log.

Before serving, the objects made by start-up (modules, schemas, the app) move to the
collector's permanent generation (`gc.freeze`, after one collection so that no garbage
is frozen): they live as long as the process, and every full collection walked them
all again, a pause of 100-400 ms on a busy 2-core machine that each request in flight
waited for (the p99 of `judging bench --only commands`).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys

import uvicorn

from judging.cli import database_url
from judging.settings import get_settings

REFUSED = 3  # the exit status of a refused start


def add_arguments(parser: argparse.ArgumentParser) -> None:
    settings = get_settings()
    parser.add_argument("--host", default=settings.host, help="interface to listen on")
    parser.add_argument("--port", type=int, default=settings.port, help="port to listen on")


async def checked_log(url: str) -> str | None:
    """Migrate the database at `url`; why its log must not be served, if it must not."""
    from judging.store import migrate
    from judging.store.engines import is_memory
    from judging.store.verification import check_url

    await migrate(url)
    if is_memory(url):
        return None
    broken = await check_url(url)
    if broken is None:
        return None
    return f"position {broken.position}: {broken.reason}"


def run(args: argparse.Namespace) -> int:
    from judging.http.app import create_app

    settings = get_settings().model_copy(update={"database_url": database_url(args)})
    url = settings.resolved_database_url()
    refusal = asyncio.run(checked_log(url))
    if refusal is not None:
        print(
            f"judging serve: refusing to start: the event log disagrees with its head at "
            f"{refusal}. Run `judging verify --db URL` to find the first broken position.",
            file=sys.stderr,
        )
        return REFUSED
    app = create_app(settings)
    print(f"Serving on http://{args.host}:{args.port}/ (database {url})")
    base = settings.base_url(args.host, args.port)
    print(f"  Organizer console: {base}/console\n  API docs:          {base}/docs", flush=True)
    gc.collect()
    gc.freeze()
    uvicorn.run(app, host=args.host, port=args.port, log_level=settings.log_level)
    return 0
