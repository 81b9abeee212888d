"""The console's QR encoder (web/js/qr.js), decoded by an independent reader under node."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHECK = Path(__file__).with_name("qr_check.mjs")


def test_qr_symbols_decode_to_their_text() -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is needed to test the web modules")
        pytest.skip("node is not installed")
    done = subprocess.run([node, str(CHECK)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: versions 1,")
