"""`judging verify`: recompute the hash chain over every stored row, name the first break.

`--expect POSITION:HASH` (repeatable) also checks a head published earlier (the
`head` of a standings document, a feed line, a `log_checkpointed` event): the event
at POSITION must still have HASH. Without one, a consistent rewrite of the whole
chain, or a truncation that moves the head back, cannot be told from an intact log.

`--code CODE` checks one certificate's verification code instead (as `/verify/<code>`
does): the award it names, and whether that event still matches its hash and its link
to the event before it. Exit codes: 0 holds, 1 broken or the proof fails, 2 a code that
is malformed or names no award.
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
    parser.add_argument(
        "--code", metavar="CODE", help="check one certificate's verification code instead"
    )


def run(args: argparse.Namespace) -> int:
    from judging.cli import database_url
    from judging.store.verification import verify_url

    if args.code is not None:
        return asyncio.run(_check_code(database_url(args), args.code))
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


async def _check_code(url: str, text: str) -> int:
    from judging.application.awards import InvalidCode, UnknownCode, decode, prove
    from judging.store import open_store

    try:
        code = decode(text)
    except InvalidCode as error:
        print(f"INVALID: {error}")
        return 2
    store = await open_store(url)
    try:
        proof = await prove(store, code)
    except UnknownCode as error:
        print(f"UNKNOWN: {error}")
        return 2
    finally:
        await store.close()
    award = proof.award or {}
    what = f"{award.get('award_id')} to {award.get('contestant_id')} (rank {award.get('rank')})"
    where = f"contest {proof.contest_id}, position {proof.position}, hash {proof.stored_hash}"
    if proof.holds:
        print(f"OK: {what}; {where}")
        return 0
    print(f"PROOF FAILS: {what}; {where}: {proof.reason}")
    return 1
