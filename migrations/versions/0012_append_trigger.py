"""PostgreSQL: the log head follows the events its writer copies in (a statement trigger).

The store's writer sent each group as one statement that moved the head and
inserted the rows from a JSON document; the server's parse of that document cost
as much CPU as a fifth of the insert (`docs/performance.md`). The writer now sends
the rows with `COPY` in binary. `COPY` cannot move the head itself, so this trigger
does, in the same statement: it locks the head before the rows go in (as a writer
planning under the lock does: the same order for all), and after, it checks they
continue the head (the first one's position and previous hash, no gap), moves the head to the
last one and sends the NOTIFY that wakes the other processes. Rows that do not
continue the head abort the whole `COPY` (SQLSTATE `JH001`). Only a session that
set `judging.append` (the store's writer connection) is followed this way: any
other insert (a tool, a test, a repair) is left as it was.

SQLite has no such trigger: its writer inserts and moves the head in one
transaction as before.

Revision ID: 0012_append_trigger
Revises: 0011_talent_latest
"""

from __future__ import annotations

from alembic import op

revision = "0012_append_trigger"
down_revision: str | None = "0011_talent_latest"
branch_labels = None
depends_on = None

FOLLOW = """
CREATE FUNCTION log_head_follows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added_count bigint;
    first_position bigint;
    last_position bigint;
    first_prev_hash text;
    last_hash text;
BEGIN
    IF current_setting('judging.append', true) IS DISTINCT FROM 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_WHEN = 'BEFORE' THEN
        -- The head's lock first, as every writer takes it (a writer planning under
        -- the lock inserts after it): taken after the rows, two writers deadlocked.
        PERFORM 1 FROM log_head WHERE id = 1 FOR UPDATE;
        RETURN NULL;
    END IF;
    SELECT count(*), min(position), max(position)
      INTO added_count, first_position, last_position FROM added;
    SELECT prev_hash INTO first_prev_hash FROM added WHERE position = first_position;
    SELECT hash INTO last_hash FROM added WHERE position = last_position;
    UPDATE log_head SET position = last_position, hash = last_hash
     WHERE id = 1 AND position = first_position - 1 AND hash = first_prev_hash
       AND last_position - first_position + 1 = added_count;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the events do not continue the log head'
            USING ERRCODE = 'JH001';
    END IF;
    PERFORM pg_notify('judging_events', last_position::text);
    RETURN NULL;
END $$
"""
LOCK = """
CREATE TRIGGER log_head_locked BEFORE INSERT ON events
FOR EACH STATEMENT EXECUTE FUNCTION log_head_follows()
"""
FOLLOWS = """
CREATE TRIGGER log_head_follows AFTER INSERT ON events
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION log_head_follows()
"""


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(FOLLOW)
    op.execute(LOCK)
    op.execute(FOLLOWS)


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER log_head_follows ON events")
    op.execute("DROP TRIGGER log_head_locked ON events")
    op.execute("DROP FUNCTION log_head_follows()")
