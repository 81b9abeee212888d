"""`migrate(url)`: Alembic `upgrade head`, run programmatically on the store's engine setup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

import judging
from judging.store.engines import backend_for, is_memory


def project_root() -> Path:
    """The repository root (where `alembic.ini` and `migrations/` live)."""
    return Path(judging.__file__).resolve().parents[2]


def alembic_config() -> Config:
    root = project_root()
    ini = root / "alembic.ini"
    config = Config(str(ini)) if ini.exists() else Config()
    migrations = root / "migrations"
    if not migrations.is_dir():
        migrations = Path.cwd() / "migrations"
    config.set_main_option("script_location", str(migrations))
    return config


def upgrade(connection: Connection) -> None:
    """Alembic `upgrade head` on `connection` (inside its transaction)."""
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def run_locked(url: str, work: Callable[[Connection], None]) -> None:
    """Run `work` on one connection to `url`, holding the migration lock, in one transaction."""
    backend = backend_for(url)
    backend.prepare(url)
    engine = backend.create_engine(url)
    try:
        async with backend.writer(engine).begin() as conn:
            await backend.lock_for_migration(conn)
            await conn.run_sync(work)
    finally:
        await engine.dispose()


async def migrate(url: str) -> None:
    """Bring the database at `url` to the latest schema (creating a SQLite file's folder).

    `memory://` has nothing to migrate: its store migrates its private tables itself.
    """
    if not is_memory(url):
        await run_locked(url, upgrade)
