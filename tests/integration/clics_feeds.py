"""Where the real CLICS feeds are: `../shared/fixtures/clics/` beside the repository,
or JUDGING_CLICS_FIXTURES; tests that need one skip with a reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def fixtures_dir() -> Path:
    configured = os.environ.get("JUDGING_CLICS_FIXTURES")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "clics"


def feed_path(name: str) -> Path:
    path = fixtures_dir() / f"{name}.ndjson"
    if not path.is_file():
        pytest.skip(f"CLICS fixture {path} is absent (set JUDGING_CLICS_FIXTURES)")
    return path
