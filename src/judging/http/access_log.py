"""Structured logs: one JSON object per line, and an access log of every HTTP request.

`configure_logging(level)` is called from the app's lifespan (never at import): it
puts one `JsonFormatter` handler on the root logger, replacing the one an earlier
app of the same process installed. `AccessLogMiddleware` logs each request with
its request id (set by `RequestContextMiddleware`, outside it), method, path,
status and duration in milliseconds.

No token reaches a log line: `configure_logging` also installs a log record factory
that redacts `token=<value>` (any case; not `since_token`, the feed's resume point)
in every record's message and arguments, whatever the logger: ours, uvicorn's access
log and its websocket lines, which print the URL with its query.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOGGER = "judging.access"
_FIELDS = ("request_id", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


class _JsonHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Ours, so that configuring again replaces it instead of adding another."""


_TOKEN = re.compile(r"\b(token=)(?!%)[^&\s\"'#;,]+", re.IGNORECASE)
_TOKEN_ARGUMENT = re.compile(r"\btoken=%", re.IGNORECASE)  # "token=%s": the value is an argument


def redact(text: str) -> str:
    """`text` with the value of every `token=` parameter replaced by `[redacted]`."""
    return _TOKEN.sub(r"\1[redacted]", text)


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)  # e.g. a URL object
    return redact(text) if _TOKEN.search(text) else value


class _RedactingFactory:
    """A log record factory that redacts tokens from the records the wrapped one makes."""

    def __init__(self, wrapped: Callable[..., logging.LogRecord]) -> None:
        self.wrapped = wrapped

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.wrapped(*args, **kwargs)
        if isinstance(record.msg, str) and record.args and _TOKEN_ARGUMENT.search(record.msg):
            with contextlib.suppress(TypeError, ValueError):  # a bad format: logging says so
                record.msg, record.args = redact(record.getMessage()), ()
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redacted(arg) for key, arg in record.args.items()}
        return record


def redact_tokens_in_logs() -> None:
    """Install the redacting record factory (once per process)."""
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, _RedactingFactory):
        logging.setLogRecordFactory(_RedactingFactory(factory))


def configure_logging(level: str = "info") -> None:
    redact_tokens_in_logs()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _JsonHandler)]:
        root.removeHandler(handler)
    handler = _JsonHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper())


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = logging.getLogger(ACCESS_LOGGER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            self._log(scope, status, time.perf_counter() - started)

    def _log(self, scope: Scope, status: int, seconds: float) -> None:
        fields = {
            "request_id": scope.get("state", {}).get("request_id"),
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
        }
        self.log.info("%s %s %s", scope["method"], scope["path"], status, extra=fields)
