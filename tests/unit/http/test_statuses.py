"""Every rejection code has a status, and a message in each language of the pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from judging.http.statuses import REJECTION_STATUS, rejection_status

I18N = Path(__file__).parents[3] / "web" / "i18n"
# Codes the API answers outside the rejection table that a referee's tablet may show.
SHOWN = {"invalid_token", "too_many_attempts", "validation_error", "payload_too_large"}


def test_a_reused_command_id_is_a_conflict() -> None:
    assert rejection_status("command_id_conflict") == 409
    assert rejection_status("duplicate_command") == 409


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_code_is_translated(language: str) -> None:
    text = (I18N / f"{language}.js").read_text(encoding="utf-8")
    translated = set(re.findall(r'"reject\.([a-z_]+)":', text))
    assert set(REJECTION_STATUS) | SHOWN <= translated
