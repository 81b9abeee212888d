"""Folding many events at once without CPython's cyclic collector walking the result.

A board loaded from a snapshot and a stream creates hundreds of thousands of small
objects in one synchronous run (no await: nothing else runs meanwhile). Each full
collection started during that run walks every record folded so far, which made
about 40% of a long fold (`judging bench --only fold`: collector running vs paused).
`paused_collector()` pauses the collector for the run; with `freeze=True` (a board
that stays loaded) the survivors move to the permanent generation afterwards, so
later collections stop walking them too. Reference counting frees garbage as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collector(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic collector inside a synchronous block (restored on exit)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
