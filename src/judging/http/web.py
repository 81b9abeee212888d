"""Where the static web pages live: `settings.web_dir`, else the repository's `web/`."""

from __future__ import annotations

from pathlib import Path

import judging
from judging.settings import Settings


def web_dir(settings: Settings) -> Path:
    """The folder of the pages: the configured one, the source tree's, else `./web`."""
    if settings.web_dir is not None:
        return settings.web_dir
    beside_sources = Path(judging.__file__).resolve().parents[2] / "web"
    if beside_sources.is_dir():
        return beside_sources
    return Path("web")
