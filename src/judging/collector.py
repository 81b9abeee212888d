"""CPython's cyclic collector, paused around bulk work that builds many objects.

A board loaded from a snapshot and a stream, or the rows of a long stream turned
into events, creates hundreds of thousands of small objects in one synchronous run
(no await: nothing else runs meanwhile). Each full collection started during that
run walks every object built so far: about 40% of a long fold (`judging bench --only
fold`: collector running against paused) and half of reading a long stream through
the store. `paused_collector()` pauses the collector for the run; with `freeze=True`
(a board that stays loaded) the survivors move to the permanent generation
afterwards, so later collections stop walking them too. Reference counting frees
garbage as usual.

Only around synchronous code: across an await, another task's pause could end inside
this one and leave the collector running (or stopped) for the wrong block.
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
