"""Running the CLI in a subprocess, with its peak memory, for the hostile-input tests."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

CLI = [sys.executable, "-m", "policyscope.cli"]


def run_cli(args: list, timeout: float = 120, env: dict | None = None):
    """(CompletedProcess, seconds, peak RSS in MB of the child processes so far)."""
    t0 = time.perf_counter()
    r = subprocess.run(
        CLI + [os.fsencode(a) if isinstance(a, bytes) else str(a) for a in args],
        capture_output=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    secs = time.perf_counter() - t0
    # ru_maxrss of RUSAGE_CHILDREN is the largest child waited for so far, in kB on Linux
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    r.stdout = r.stdout.decode("utf-8", "replace")
    r.stderr = r.stderr.decode("utf-8", "replace")
    return r, secs, rss_mb


def one_clear_line(r) -> str:
    """The error line of a failed call: non-zero exit, no traceback."""
    assert r.returncode != 0, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    lines = [x for x in r.stderr.splitlines() if x.startswith("error:") or x.startswith("✗")]
    assert lines, r.stderr
    return "\n".join(lines)


def intact(db: Path) -> int:
    """integrity_check passes; returns the number of current documents."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return con.execute("SELECT count(*) FROM documents WHERE superseded_by IS NULL").fetchone()[
            0
        ]
    finally:
        con.close()
