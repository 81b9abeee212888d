"""Which backend serves a database URL: SQLite (aiosqlite) or PostgreSQL (asyncpg)."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from judging.store.backend import Backend
from judging.store.postgres import PostgresBackend
from judging.store.sqlite import SqliteBackend

MEMORY_URL = "memory://"


def is_memory(url: str) -> bool:
    """`memory://`: the in-memory store (no database, nothing to migrate)."""
    return url.split("?", 1)[0].rstrip("/") == MEMORY_URL.rstrip("/")


def backend_for(url: str) -> Backend:
    """The backend for a SQLAlchemy URL: sqlite+aiosqlite or postgresql+asyncpg."""
    backend_name = make_url(url).get_backend_name()
    if backend_name == "sqlite":
        return SqliteBackend()
    if backend_name == "postgresql":
        return PostgresBackend()
    raise ValueError(
        f"unsupported database URL {url!r}: use sqlite+aiosqlite, postgresql+asyncpg or memory://"
    )
