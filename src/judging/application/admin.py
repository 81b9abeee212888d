"""The organizer token on first start (DESIGN.md §5).

`JUDGING_ADMIN_TOKEN`, if set, is an organizer token. Otherwise, when the `access`
stream holds no organizer token yet, one is generated, recorded (hashed), printed
once, and, for the default SQLite database, written to `<data_dir>/admin-token`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from judging.application.access import AccessRegistry
from judging.settings import Settings, default_database_url

log = logging.getLogger(__name__)

TOKEN_FILE = "admin-token"


def uses_default_database(settings: Settings) -> bool:
    url = settings.resolved_database_url()
    return not settings.database_url or url == default_database_url(settings.data_dir)


def write_token_file(data_dir: Path, token: str) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / TOKEN_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    path.chmod(0o600)
    return path


async def ensure_organizer_token(registry: AccessRegistry, settings: Settings) -> str | None:
    """The token generated on this start, if any (it is never shown again)."""
    if settings.admin_token:
        log.info("organizer token: JUDGING_ADMIN_TOKEN")
        return None
    token = await registry.issue_first_organizer()
    if token is None:
        log.info("an organizer token was issued on an earlier start")
        return None
    print(f"Organizer token: {token}", flush=True)
    log.warning("Organizer token generated; it is shown only once")
    if uses_default_database(settings):
        path = write_token_file(settings.data_dir, token)
        log.warning("Organizer token also written to %s (mode 0600)", path)
    return token
