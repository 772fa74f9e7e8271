"""Running the CLI in a subprocess, with its peak memory, for the hostile-input tests."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policyscope.store.sqlite_driver import dbapi as sqlite3

CLI = [sys.executable, "-m", "policyscope.cli"]


def run_cli(args: list, timeout: float = 120, env: dict | None = None):
    """(CompletedProcess, seconds, peak RSS in MB of the call and the workers it waited for).
    The RSS comes from wait4 on this one process, so earlier calls do not count."""
    argv = CLI + [a if isinstance(a, bytes) else str(a) for a in args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env={**os.environ, **(env or {})})
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                raise subprocess.TimeoutExpired(argv, timeout)
            time.sleep(0.05)
        secs = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        r = subprocess.CompletedProcess(
            argv,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
    return r, secs, usage.ru_maxrss / 1024  # kB on Linux


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
