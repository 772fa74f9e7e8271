"""Shared fixtures. `shared_dir` points at ../shared (or $POLICYSCOPE_SHARED)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POLICYSCOPE_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus" / "MANIFEST.tsv").is_file():
        pytest.skip(f"needs the shared corpus at {SHARED} (set POLICYSCOPE_SHARED); not present")
    return SHARED


# A machine without fonts-noto-cjk skips the chart tests that need one (CI does not).
pytest_plugins = ["tests.fonts"]
