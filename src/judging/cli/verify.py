"""`judging verify`: recompute the hash chain over every stored row, name the first break.

`--expect POSITION:HASH` (repeatable) also checks a head published earlier (the
`head` of a standings document, a feed line, a `log_checkpointed` event): the event
at POSITION must still have HASH. Without one, a consistent rewrite of the whole
chain, or a truncation that moves the head back, cannot be told from an intact log.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from judging.store.verification import Anchor


def anchor(text: str) -> Anchor:
    from judging.store.verification import Anchor

    try:
        return Anchor.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--page-size", type=int, default=1000, metavar="N", help="events read per query"
    )
    parser.add_argument(
        "--expect",
        type=anchor,
        action="append",
        default=[],
        metavar="POSITION:HASH",
        help="a published head the log must still contain (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    from judging.cli import database_url
    from judging.store.verification import verify_url

    result = asyncio.run(verify_url(database_url(args), args.page_size, args.expect))
    if result.broken is None:
        print(f"OK: {result.count} events, head hash {result.head_hash}")
        for expected in args.expect:
            print(f"OK: position {expected.position} has the expected hash {expected.hash}")
        return 0
    broken = result.broken
    print(f"BROKEN at position {broken.position}: {broken.reason}")
    print(f"({result.count} events intact before it)")
    return 1
