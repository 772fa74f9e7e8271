"""The sample sources shipped in samples.yaml: read only when asked, never fetched here."""

from __future__ import annotations

from pathlib import Path

import yaml

from policyscope.errors import NotFound

SAMPLES = Path(__file__).with_name("samples.yaml")


def load_samples() -> list[dict]:
    return yaml.safe_load(SAMPLES.read_text(encoding="utf-8"))


def sample_sources(name: str) -> list[dict]:
    """Keyword arguments for `Workspace.watch_add`, for one sample or 'all'."""
    chosen = [s for s in load_samples() if name in ("all", s["name"])]
    if not chosen:
        names = ", ".join(s["name"] for s in load_samples())
        raise NotFound(f"no sample source {name!r}; choose one of: {names}, or all")
    return [{k: v for k, v in s.items() if k not in ("name", "note")} for s in chosen]
