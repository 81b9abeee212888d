"""`judging replay CID --speed X`: re-stream a finished contest into a new one, live.

The new contest (`<cid>-replay-<n>`, or `--as`) gets a copy of the original's events
at the original pace divided by X, so the big screens of a running server show it as
if it were live. Prints the new id on stdout, the screen URL and progress on stderr.
The screen URL uses `JUDGING_PUBLIC_BASE_URL`, else `--host` and `--port` (the
server's, which this process cannot know otherwise). Ctrl-C stops cleanly: what was
appended stays (exit 130). Exit codes: 0 done, 1 unknown contest or the new id is
taken, 2 an invalid new id.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from judging.cli import database_url
from judging.settings import get_settings

if TYPE_CHECKING:
    from judging.application.replay import Pace, Progress


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("contest_id", metavar="CID", help="the contest to replay")
    parser.add_argument(
        "--speed", type=_positive, required=True, metavar="X", help="X contest seconds per second"
    )
    parser.add_argument("--as", dest="target_id", metavar="NEW_ID", help="id of the replay")
    parser.add_argument(
        "--host", default=get_settings().host, help="the server's host, for the printed link"
    )
    parser.add_argument(
        "--port", type=int, default=get_settings().port, help="the server's port, for the link"
    )
    parser.add_argument(
        "--max-gap",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="longest wait between two events, in seconds (default: 5)",
    )


def run(args: argparse.Namespace) -> int:
    from judging.application.replay import InvalidReplayId, Pace, Progress, ReplayError

    progress = Progress(target_id=args.target_id or "")
    pace = Pace(speed=args.speed, max_gap=max(args.max_gap, 0.0))
    base = get_settings().base_url(args.host, args.port)
    try:
        asyncio.run(_replay(database_url(args), args.contest_id, pace, progress, base))
    except KeyboardInterrupt:
        print(f"\nstopped: {_summary(progress)}", file=sys.stderr)
        return 130
    except ReplayError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if isinstance(error, InvalidReplayId) else 1
    print(f"\ndone: {_summary(progress)}", file=sys.stderr)
    return 0


async def _replay(url: str, contest_id: str, pace: Pace, progress: Progress, base: str) -> None:
    from judging.application.replay import replay
    from judging.store import open_store

    store = await open_store(url)
    try:
        await replay(store, contest_id, pace, progress, lambda shown: _show(shown, base))
    finally:
        await store.close()


def _show(progress: Progress, base: str) -> None:
    if progress.appended == 0:
        print(progress.target_id, flush=True)
        url = f"{base}/screen/{progress.target_id}"
        print(f"replaying into {progress.target_id}: watch {url}", file=sys.stderr)
        return
    sys.stderr.write(f"\r{_summary(progress)}")
    sys.stderr.flush()


def _summary(progress: Progress) -> str:
    clock = "" if progress.clock is None else f", contest time {_hms(progress.clock)}"
    return f"{progress.appended}/{progress.total} events in {progress.target_id}{clock}"


def _hms(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
