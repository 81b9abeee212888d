"""What the HTTP benchmarks send: the body of one referee's `award_mark` command.

Not a benchmark itself (its name starts with `_`), like `_databases`.
"""

from __future__ import annotations

import uuid
from typing import Any


def award_mark(contestant: str, aspect: str, value: int = 5) -> dict[str, Any]:
    """A new command (its own id) marking one contestant on one aspect."""
    return {
        "command_id": str(uuid.uuid4()),
        "type": "award_mark",
        "contestant_id": contestant,
        "aspect_id": aspect,
        "value": value,
    }
