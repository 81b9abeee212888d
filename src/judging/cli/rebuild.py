"""`judging rebuild`: reset the persisted projections and re-apply the whole log."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import TextIO

from judging.cli import database_url


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--only", metavar="NAME", help="rebuild only this projection")


class ProgressBar:
    """`position/head  percent  events/s` on one line of stderr, redrawn in place."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self._stream = stream or sys.stderr
        self._width = width
        self._started = time.monotonic()

    def __call__(self, position: int, head: int) -> None:
        share = position / head if head else 1.0
        filled = int(share * self._width)
        rate = position / max(time.monotonic() - self._started, 1e-9)
        bar = "#" * filled + "-" * (self._width - filled)
        line = f"\r[{bar}] {position}/{head} {share * 100:5.1f}% {rate:,.0f} events/s"
        self._stream.write(line)
        self._stream.flush()

    def done(self) -> None:
        self._stream.write("\n")


async def _rebuild(url: str, only: str | None) -> int:
    from judging.projections.persisted import persisted_projections
    from judging.projections.rebuild import ProjectionBusy, rebuild
    from judging.store import open_store

    store = await open_store(url)
    try:
        projections = persisted_projections(store)
        if only is not None:
            projections = [p for p in projections if p.name == only]
            if not projections:
                print(f"unknown projection {only!r}", file=sys.stderr)
                return 2
        bar = ProgressBar()
        try:
            summary = await rebuild(store, projections, progress=bar)
        except ProjectionBusy as error:
            print(f"\n{error}: stop it first", file=sys.stderr)
            return 1
        bar.done()
    finally:
        await store.close()
    names = ", ".join(summary.projections)
    rate = summary.events / summary.seconds if summary.seconds else 0.0
    print(
        f"rebuilt {names}: {summary.events} events up to position {summary.position} "
        f"in {summary.seconds:.2f} s ({rate:,.0f} events/s)"
    )
    return 0


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_rebuild(database_url(args), args.only))
