"""Alembic environment (async).

`judging.store.migrate(url)` hands over an open connection in
`config.attributes["connection"]`; the bare `alembic` command creates an engine
from `-x db=URL`, else the settings' URL, and runs the migrations on it.
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from judging.store.migration import run_locked
from judging.store.schema import metadata

config = context.config
target_metadata = metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def command_line_url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("db")
    if url:
        return url
    from judging.settings import get_settings

    return get_settings().resolved_database_url()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported")
given = config.attributes.get("connection")
if given is not None:
    run_with(given)
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    asyncio.run(run_locked(command_line_url(), run_with))
