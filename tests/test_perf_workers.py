"""Ingest, enrich and reindex workers run at normal priority unless `--background` asks
for background priority (nice 19)."""

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from policyscope.cli import app
from policyscope.cli.app import STATE, WORKER_NICE_ENV
from policyscope.ingest import run

pytestmark = pytest.mark.skipif(not hasattr(os, "nice"), reason="priorities are POSIX-only")


def test_the_cli_names_the_variable_the_pools_read():
    assert WORKER_NICE_ENV == run.NICE_ENV


def test_background_sets_the_workers_priority(monkeypatch, tmp_path):
    monkeypatch.setenv(run.NICE_ENV, "0")  # restored after the test
    monkeypatch.setitem(STATE, "db", None)
    assert run.worker_nice() == 0
    # the command fails (no such store) after the global options took effect
    CliRunner().invoke(app, ["--db", str(tmp_path / "none.db"), "--background", "docs"])
    assert os.environ[run.NICE_ENV] == "19"
    assert run.worker_nice() == 19
    ((_, seen),) = list(run.pooled([0], 1, os.nice, warm_up=False))
    assert seen == 19


def test_without_background_the_workers_keep_normal_priority(monkeypatch, tmp_path):
    monkeypatch.delenv(run.NICE_ENV, raising=False)
    monkeypatch.setitem(STATE, "db", None)
    CliRunner().invoke(app, ["--db", str(tmp_path / "none.db"), "docs"])
    assert run.NICE_ENV not in os.environ
    base = os.nice(0)
    ((_, seen),) = list(run.pooled([0], 1, os.nice, warm_up=False))
    assert seen == base


def test_help_shows_the_option_with_an_example():
    r = subprocess.run(
        [sys.executable, "-m", "policyscope", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=True,
    )
    assert "--background" in r.stdout
    assert "policyscope --background ingest docs/ --workers 2" in r.stdout
