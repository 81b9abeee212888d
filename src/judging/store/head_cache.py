"""What the writer task knows of the log without asking: the head and stream versions.

The writer plans a group against the head it last wrote (or read under the lock) and
the versions of streams as of that head, then writes the rows with the head moved
only if it is still there: one statement on PostgreSQL, one transaction without
reads on SQLite. A stream it does not know is assumed new: if it exists, the rows
collide with the unique (stream_id, stream_version) key. If another process appended
meanwhile, or an event id is already stored (a retry), or a row collides, nothing is
written and the group is planned again under the lock from what the database says.
A plan that refuses a request (a wrong expected version) is never trusted either: an
assumed version may be the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from judging.store.errors import StoreError
from judging.store.planning import AppendRequest, GroupPlan, plan_group

MAX_STREAMS = 100_000  # versions remembered; past that, forget them all and relearn


@dataclass(slots=True)
class HeadCache:
    """The log head this process last saw, and stream versions exact at that head."""

    position: int | None = None
    hash: str = ""
    versions: dict[str, int] = field(default_factory=dict)

    def plan(self, requests: Sequence[AppendRequest], now: datetime) -> GroupPlan | None:
        """A plan to try from what is known, or None when there is nothing to try: no
        head known yet, nothing to write, or a request refused."""
        if self.position is None:
            return None
        versions = {r.stream_id: self.versions.get(r.stream_id, 0) for r in requests}
        plan = plan_group(
            requests, head=(self.position, self.hash), stored={}, versions=versions, now=now
        )
        if not plan.rows or any(isinstance(o, StoreError) for o in plan.outcomes):
            return None
        return plan

    def wrote(self, plan: GroupPlan) -> None:
        """The plan's rows are committed right after the head we planned from."""
        if len(self.versions) > MAX_STREAMS:
            self.versions.clear()  # unknown streams are assumed new, which is checked
        self.position, self.hash = plan.head_position, plan.head_hash
        self.versions.update(plan.versions)

    def locked(self, head: tuple[int, str], plan: GroupPlan) -> None:
        """A plan made under the lock at `head`, from versions read there, committed."""
        if head[0] != self.position:
            self.versions.clear()  # someone else appended: the other versions may be stale
        self.position = head[0]
        self.wrote(plan)
