"""`judging migrate`: apply the database migrations (Alembic upgrade to head)."""

from __future__ import annotations

import argparse
import asyncio

from judging.cli import database_url


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options beyond --db."""


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from judging.store import migrate

    url = database_url(args)
    asyncio.run(migrate(url))
    print(f"Migrated {make_url(url).render_as_string(hide_password=True)} to the latest schema")
    return 0
