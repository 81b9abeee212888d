"""Request limits: the body size (413 `payload_too_large`) and the command batch length.

`BodyLimitMiddleware` is a plain ASGI middleware: it refuses a declared
`Content-Length` over the limit before the app runs, and counts the bytes of a body
sent without one, raising `ProblemError` (turned into a 413) once it passes the limit.
"""

from __future__ import annotations

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
