"""Request ids and the last line of defence: no traceback ever leaves the API.

`RequestContextMiddleware` gives every HTTP request an id (the client's
`X-Request-Id` if sane, else a new one), returns it in `X-Request-Id`, and turns an
unhandled exception into a 500 `internal_error` problem that names the id, after
logging the traceback with it; an error that says the database is unreachable (a
PostgreSQL restart) is a 503 `database_unavailable` with `Retry-After` instead.
"""

from __future__ import annotations

import logging
import re
import uuid

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from judging.http.errors import problem_response
from judging.store.availability import RETRY_AFTER_SECONDS, database_unavailable

log = logging.getLogger("judging.http")

_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text: str = value.decode("latin-1")
            if _SANE_ID.match(text):
                return text
    return uuid.uuid4().hex


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            if database_unavailable(error) and not started:
                log.warning("request %s: the database is unreachable (%s)", request_id, error)
                await unavailable(request_id)(scope, receive, send_with_id)
                return
            log.exception("unhandled error in request %s", request_id)
            if started:
                raise
            response = problem_response(
                500,
                "internal_error",
                f"internal error (request id {request_id})",
                request_id=request_id,
            )
            await response(scope, receive, send_with_id)


def unavailable(request_id: str) -> Response:
    """503 while the database is away (a restart): the client retries after a while."""
    return problem_response(
        503,
        "database_unavailable",
        "the database is unreachable; retry shortly",
        {"Retry-After": str(RETRY_AFTER_SECONDS)},
        request_id=request_id,
    )
