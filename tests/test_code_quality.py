"""The code stays clean: ruff, mypy (strict on app/) and the import-direction contract."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed; install the test extra")
    return found


def test_ruff_is_clean():
    result = run(tool("ruff"), "check", "app", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    result = run(tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_point_one_way():
    result = run(tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
