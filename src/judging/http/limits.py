"""Request limits: the body size (413 `payload_too_large`), the command batch length,
and failed authentications per client address (429 `too_many_attempts`).

`BodyLimitMiddleware` is a plain ASGI middleware: it refuses a declared
`Content-Length` over the limit before the app runs, and counts the bytes of a body
sent without one, raising `ProblemError` (turned into a 413) once it passes the limit.

`FailedLogins` gives each client address a bucket of `burst` failed authentications
that refills at `per_second`; while it is empty, `wait(address)` says how many
seconds until the next attempt may fail again (the `Retry-After`).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from judging.http.errors import ProblemError, problem_response

MAX_BODY_BYTES = 1024 * 1024  # 1 MiB
MAX_BATCH = 500  # commands in one POST /commands
MAX_DEVICE_ID = 128  # characters kept of X-Device-Id


def too_large(limit: int) -> ProblemError:
    return ProblemError(413, "payload_too_large", f"the request body exceeds {limit} bytes")


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            error = too_large(self.max_bytes)
            response = problem_response(error.status, error.code, error.detail)
            await response(scope, receive, send)
            return
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise too_large(self.max_bytes)
            return message

        return counted


FAILURE_BURST = 20  # failed authentications an address may make at once...
FAILURES_PER_SECOND = 0.2  # ...and then one every 5 seconds
MAX_ADDRESSES = 10_000  # addresses remembered (the least recently failed go first)


class FailedLogins:
    """Failed authentications per client address, as token buckets."""

    def __init__(
        self,
        burst: int = FAILURE_BURST,
        per_second: float = FAILURES_PER_SECOND,
        max_addresses: int = MAX_ADDRESSES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._burst = burst
        self._rate = per_second
        self._max = max_addresses
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # left, when

    def __len__(self) -> int:
        return len(self._buckets)

    def _left(self, address: str, now: float) -> float:
        left, when = self._buckets.get(address, (self._burst, now))
        return min(self._burst, left + (now - when) * self._rate)

    def wait(self, address: str) -> int | None:
        """Whole seconds until `address` may fail again; None if it may now."""
        left = self._left(address, self._clock())
        return None if left >= 1 else max(1, math.ceil((1 - left) / self._rate))

    def failed(self, address: str) -> None:
        now = self._clock()
        self._buckets[address] = (self._left(address, now) - 1, now)
        self._buckets.move_to_end(address)
        while len(self._buckets) > self._max:
            self._buckets.popitem(last=False)
