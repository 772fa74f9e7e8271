"""`policyscope ARGS` run in this process with typer's CliRunner: the commands, their output
and exit codes without a new interpreter (~1 s) per call. Tests of the process itself (a
killed ingest, two at once, bytes in argv) keep running it as a subprocess."""

from __future__ import annotations

import os

from typer.testing import CliRunner, Result

from policyscope.cli import app


def invoke(*args: str | os.PathLike) -> Result:
    """The result of `policyscope ARGS` (stdout and stderr apart, exit code, exception)."""
    return CliRunner().invoke(app, [os.fspath(a) for a in args])


def run_ok(*args: str | os.PathLike) -> Result:
    """`invoke`, asserting that the command succeeded (showing what it said if not)."""
    result = invoke(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result
