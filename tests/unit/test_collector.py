"""`paused_collector`: pauses that overlap, in tasks and threads, end together."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from judging.collector import paused_collector


@pytest.fixture(autouse=True)
def collecting() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_a_pause_restores_the_collector() -> None:
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_runs_again_only_when_the_last_overlapping_pause_ends() -> None:
    inside, leave = threading.Event(), threading.Event()

    def folding() -> None:  # a board folding on a worker thread
        with paused_collector():
            inside.set()
            leave.wait(10)

    worker = threading.Thread(target=folding)
    outer = paused_collector()
    outer.__enter__()  # a read on the event loop, begun first
    worker.start()
    assert inside.wait(10)
    outer.__exit__(None, None, None)  # ends first: the fold is still running
    assert not gc.isenabled()
    leave.set()
    worker.join(10)
    assert gc.isenabled()


def test_a_collector_stopped_before_stays_stopped() -> None:
    gc.disable()
    with paused_collector(), paused_collector():
        pass
    assert not gc.isenabled()
