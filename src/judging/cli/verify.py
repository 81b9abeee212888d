"""`judging verify`: recompute the hash chain over the whole log, name the first break."""

from __future__ import annotations

import argparse
import asyncio


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--page-size", type=int, default=1000, metavar="N", help="events read per query"
    )


def run(args: argparse.Namespace) -> int:
    from judging.cli import database_url
    from judging.store.verification import verify_url

    result = asyncio.run(verify_url(database_url(args), args.page_size))
    if result.broken is None:
        print(f"OK: {result.count} events, head hash {result.head_hash}")
        return 0
    broken = result.broken
    print(f"BROKEN at position {broken.position}: {broken.reason}")
    print(f"({result.count} events intact before it)")
    return 1
