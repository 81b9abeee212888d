"""The layer contracts of pyproject.toml ([tool.importlinter]) hold, and they bite.

`make lint` runs `lint-imports` over the source tree; these tests run it too, and on
a copy of the tree with one violating import added, to show the contracts fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def lint(source_root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [str(LINT), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=source_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def with_violation(tmp_path: Path, module: str, line: str) -> Path:
    tree = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "judging", tree / "judging", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tree / Path(*module.split("."))).with_suffix(".py").write_text(line + "\n")
    return tree


def test_the_source_tree_keeps_every_contract() -> None:
    result = lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("judging.domain.leak", "import judging.store", "judging.domain.leak -> judging.store"),
        ("judging.domain.leak", "import sqlalchemy", "judging.domain.leak -> sqlalchemy"),
        ("judging.projections.leak", "import judging.http.app", "judging.projections.leak"),
        ("judging.store.leak", "import judging.application", "judging.store.leak"),
    ],
)
def test_a_violating_import_breaks_a_contract(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    result = lint(with_violation(tmp_path, module, line))
    assert result.returncode != 0
    assert broken in result.stdout
