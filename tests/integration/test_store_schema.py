"""The schema comes from the Alembic migrations and matches what the store queries."""

from __future__ import annotations

import argparse

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from judging.cli.bench import discover, format_table
from judging.store import migrate
from judging.store.schema import events, log_head, metadata

STORE_TABLES = {events.name, log_head.name}


def store_differences(connection: Connection) -> list[object]:
    """Alembic autogenerate's differences between the database and the store's tables."""

    def include_name(name: str | None, type_: str, _parent: object) -> bool:
        return type_ != "table" or name in STORE_TABLES

    context = MigrationContext.configure(connection, opts={"include_name": include_name})
    return list(compare_metadata(context, metadata))


async def test_migrations_create_the_store_tables(
    database_engine: AsyncEngine, database_url: str
) -> None:
    await migrate(database_url)  # idempotent
    async with database_engine.connect() as conn:
        differences = await conn.run_sync(store_differences)
    assert differences == []


@pytest.mark.parametrize("name", ["append"])
async def test_benchmark_module_runs_small(name: str) -> None:
    module = discover(name)[name]
    rows = await module.run(argparse.Namespace(db=None, events=200, batch=20, quick=True))
    assert {row["case"] for row in rows} >= {
        "raw driver, batches of 20",
        "store, batches of 20",
        "eventsourcing, batches of 20",
        "store, 1 event x 100 tasks",
        "eventsourcing, 1 event x 100 threads",
    }
    assert all(row["ratio"] > 0 for row in rows)
    assert "events/s" in format_table(rows)
