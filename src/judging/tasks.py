"""Stopping background tasks: cancel, then wait until they have finished unwinding.

Every long-lived task of the service (the hub, the projection runner and its feeds,
the PostgreSQL listener) stops the same way; a task that already ended is awaited
for its result, and its cancellation is not an error of the caller.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from typing import Any


async def cancel_and_wait(tasks: Iterable[asyncio.Task[Any] | None]) -> None:
    """Cancel every task (None: nothing to stop), then wait for each to finish."""
    running = [task for task in tasks if task is not None]
    for task in running:
        task.cancel()
    for task in running:
        with contextlib.suppress(asyncio.CancelledError):
            await task
