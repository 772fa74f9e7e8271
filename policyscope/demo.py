"""The demo job: a fresh workspace over the sample inputs, then the questions analysts ask.

Inputs: `<shared>/seeds` and `<shared>/corpus` (with its MANIFEST.tsv) when present,
or any folder given as `corpus`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from policyscope.errors import BadArgument
from policyscope.workspace import Workspace


@dataclass
class DemoInput:
    path: Path
    manifest: Path | None = None


@dataclass
class DemoPlan:
    db: Path
    inputs: list[DemoInput] = field(default_factory=list)


def plan(out: Path, shared: Path | None, corpus: Path | None) -> DemoPlan:
    out.mkdir(parents=True, exist_ok=True)
    p = DemoPlan(db=out / "demo.db")
    if corpus:
        if not corpus.exists():
            raise BadArgument(f"--corpus {corpus}: no such folder")
        manifest = next(
            (
                corpus / n
                for n in ("MANIFEST.tsv", "manifest.tsv", "manifest.csv", "manifest.yaml")
                if (corpus / n).is_file()
            ),
            None,
        )
        p.inputs.append(DemoInput(corpus, manifest))
    elif shared:
        if (shared / "seeds").is_dir():
            p.inputs.append(DemoInput(shared / "seeds"))
        if (shared / "corpus").is_dir():
            m = shared / "corpus" / "MANIFEST.tsv"
            p.inputs.append(DemoInput(shared / "corpus", m if m.is_file() else None))
    if not p.inputs:
        raise BadArgument(
            f"no demo input found (looked for {shared}/seeds and {shared}/corpus); "
            "give a folder of documents with --corpus DIR (make demo DEMO_CORPUS=DIR)"
        )
    return p


def fresh_workspace(db: Path) -> Workspace:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return Workspace(db)


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - t0
