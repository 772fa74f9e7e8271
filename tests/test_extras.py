"""Optional extras: without one, its feature says in one line what to install (no traceback).
A missing package is simulated with sys.modules[name] = None, which makes importing it fail."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from policyscope.cli import app, main
from policyscope.errors import MissingExtra
from policyscope.extras import missing, require
from policyscope.workspace import Workspace

SERVER_LINE = "the web server needs the server extra: pip install 'policyscope[server]'"


def test_an_installed_extra_passes():
    pytest.importorskip("fastapi")
    pytest.importorskip("uvicorn")
    assert missing("server") is None
    require("server")


def test_serve_without_the_server_extra_says_what_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    monkeypatch.setattr(sys, "argv", ["policyscope", "serve"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert SERVER_LINE in " ".join(err.split())
    assert "Traceback" not in err


def test_serve_raises_missing_extra_in_process(monkeypatch):
    monkeypatch.setitem(sys.modules, "fastapi", None)
    result = CliRunner().invoke(app, ["serve", "--port", "1"])
    assert isinstance(result.exception, MissingExtra)
    assert str(result.exception) == SERVER_LINE


def test_a_pdf_briefing_without_the_pdf_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.db"), "report", "-o", "b.pdf"])
    assert isinstance(result.exception, MissingExtra)
    assert str(result.exception) == (
        "a PDF briefing needs the pdf extra: pip install 'policyscope[pdf]'"
    )


def test_a_postgres_workspace_without_the_postgres_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(MissingExtra, match=r"pip install 'policyscope\[postgres\]'"):
        Workspace("postgresql://nobody@127.0.0.1:1/none")
