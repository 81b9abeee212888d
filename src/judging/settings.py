"""Typed settings, read from the environment when first asked for (never at import)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("var")
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})  # listen everywhere: not an address to visit


def default_database_url(data_dir: Path = DEFAULT_DATA_DIR) -> str:
    """The embedded default: a SQLite file under the data directory."""
    return f"sqlite+aiosqlite:///{data_dir / 'judging.db'}"


class Settings(BaseSettings):
    """Everything the service and the CLI can be configured with."""

    model_config = SettingsConfigDict(env_prefix="JUDGING_", extra="ignore")

    database_url: str = ""
    data_dir: Path = DEFAULT_DATA_DIR
    web_dir: Path | None = None  # the static pages; default: the source tree's web/
    admin_token: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    # The address tablets and screens reach this server at (e.g. http://192.168.1.20:8000),
    # used in the links and QR codes the console prints; None: the console's own address.
    public_base_url: str | None = None
    log_level: str = "info"
    # Live delivery: hub tick (coalescing window), per-client queue, idle pings, feed keepalive.
    ws_tick_seconds: float = 0.05
    ws_queue_size: int = 8
    ws_idle_ping_seconds: float = 15.0
    feed_keepalive_seconds: float = 15.0
    # Fallback poll of the log (s) when no wake-up arrives: another process's appends on
    # SQLite, or a lost LISTEN/NOTIFY connection on PostgreSQL.
    poll_seconds: float = 1.0

    def resolved_database_url(self) -> str:
        return self.database_url or default_database_url(self.data_dir)

    def base_url(self, host: str | None = None, port: int | None = None) -> str:
        """Where the pages are reached, without a trailing slash: `public_base_url`, else
        `http://host:port` of the server (a wildcard host shown as 127.0.0.1)."""
        if self.public_base_url:
            return self.public_base_url.rstrip("/")
        shown = self.host if host is None else host
        shown = "127.0.0.1" if shown in WILDCARD_HOSTS else shown
        host_part = f"[{shown}]" if ":" in shown else shown
        return f"http://{host_part}:{self.port if port is None else port}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
