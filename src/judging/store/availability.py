"""Telling "the database is away" from every other error.

While PostgreSQL restarts (or a SQLite file is unreachable), every statement fails:
connections are refused, dropped, or answered "the database system is starting
up". Those are not faults of the request: the service answers 503 with a
Retry-After, and the background tasks retry soon instead of backing off for long.
`database_unavailable(error)` recognizes them anywhere in the error's chain (the
driver's own exception, or SQLAlchemy's wrapping of it).
"""

from __future__ import annotations

from typing import Final

import sqlalchemy.exc

# SQLSTATE classes and codes that mean the connection, not the statement, failed:
# 08 connection exception; 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
# connect now (starting up or shutting down).
UNAVAILABLE_STATES: Final = ("08", "57P01", "57P02", "57P03")
CLOSED_MESSAGES: Final = ("connection is closed", "connection was closed", "underlying connection")
RETRY_AFTER_SECONDS: Final = 2


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` (or what caused it) says the database cannot be reached."""
    return any(_unavailable(cause) for cause in _chain(error))


def _unavailable(error: BaseException) -> bool:
    if isinstance(error, OSError):  # refused, reset, unreachable, a connect timeout
        return True
    if isinstance(error, sqlalchemy.exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sqlalchemy.exc.TimeoutError):  # no pooled connection came back
        return True
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if isinstance(state, str) and state.startswith(UNAVAILABLE_STATES):
        return True
    name = type(error).__name__
    if name in ("ConnectionDoesNotExistError", "ConnectionFailureError"):
        return True
    if name == "InternalClientError":  # the driver lost track of a connection that died
        return "another operation" in str(error)
    return name == "InterfaceError" and any(m in str(error) for m in CLOSED_MESSAGES)


def _chain(error: BaseException) -> list[BaseException]:
    """`error`, its causes and contexts, and SQLAlchemy's `orig`, each once."""
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or any(current is s for s in seen) or len(seen) > 32:
            continue
        seen.append(current)
        pending += [current.__cause__, current.__context__, getattr(current, "orig", None)]
    return seen
