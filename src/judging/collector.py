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

Pauses nest and overlap: the collector runs again when the last one ends, whichever
task or thread each is in, and is restored as it was before the first. Board loads
and time travel fold on worker threads while the event loop turns rows into events
under a pause of its own: with each pause restoring what it found, the first to end
started the collector again in the middle of the other's fold.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def paused_collector(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic collector for a block; it runs again when every pause begun
    meanwhile has ended too."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
