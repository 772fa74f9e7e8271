"""Bad arguments are one clear line and a non-zero exit, never a traceback or a silent
empty answer."""

from __future__ import annotations

import csv
import io

import pytest

from policyscope.errors import BadArgument
from policyscope.workspace import Workspace
from tests.hostile.helpers import one_clear_line, run_cli

ZH = "各位代表：\n开展“人工智能＋”行动，培育具身智能等未来产业。\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("args")
    (d / "cn-gwr").mkdir()
    (d / "cn-gwr" / "2025.zh.txt").write_text(ZH, encoding="utf-8")
    with Workspace(d / "w.db") as w:
        w.ingest([d / "cn-gwr" / "2025.zh.txt"], meta={"series": "cn-gwr"})
    return d / "w.db"


def test_db_pointing_at_a_folder(tmp_path):
    r, _, _ = run_cli(["--db", tmp_path, "docs"])
    assert "is a folder" in one_clear_line(r)


def test_a_missing_db_is_an_error_for_read_commands_and_is_not_created(tmp_path):
    db = tmp_path / "missing.db"
    for args in (["search", "x"], ["docs"], ["kwic", "x"]):
        r, _, _ = run_cli(["--db", db, *args])
        assert "missing.db: no such workspace" in one_clear_line(r)
    assert not db.exists()


def test_unknown_series_lists_what_exists(store):
    r, _, _ = run_cli(["--db", store, "kwic", "人工智能", "--series", "cn-gwrr"])
    assert "unknown series 'cn-gwrr'; the store has: cn-gwr" in one_clear_line(r)
    r, _, _ = run_cli(["--db", store, "docs", "--series", "cn-gwrr"])
    assert "unknown series 'cn-gwrr'; the store has: cn-gwr" in one_clear_line(r)
    r, _, _ = run_cli(["--db", store, "search", "人工智能", "--lang", "kr"])
    assert "unknown language 'kr'" in one_clear_line(r)
    r, _, _ = run_cli(["--db", store, "search", "人工智能", "--from", "yesterday"])
    assert "--from 'yesterday'" in one_clear_line(r)


def test_invalid_utf8_and_nul_in_a_term(store):
    r, _, _ = run_cli(["--db", store, "kwic", b"\xff\xfeab"])
    assert "not valid UTF-8" in one_clear_line(r)
    with Workspace(store) as w, pytest.raises(BadArgument, match="NUL"):
        w.kwic("a\x00b")
    with Workspace(store) as w, pytest.raises(BadArgument, match="NUL"):
        w.search("a\x00b")


@pytest.mark.parametrize(
    "cmd", [["kwic", "无此词"], ["search", "无此词"], ["docs", "--series", "cn-gwr"]]
)
def test_csv_has_its_header_even_with_no_rows(store, cmd):
    if cmd[0] == "docs":  # a real series with rows, to compare the header with
        r, _, _ = run_cli(["--db", store, *cmd, "--format", "csv"])
        assert r.returncode == 0 and len(r.stdout.splitlines()) == 2
        return
    r, _, _ = run_cli(["--db", store, *cmd, "--format", "csv"])
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert len(rows) == 1 and "doc_id" in rows[0] and "start" in rows[0]


def test_control_characters_in_file_names_are_escaped_in_docs(tmp_path):
    name = "\x1b[31mred\x07.txt"
    (tmp_path / name).write_text(ZH, encoding="utf-8")
    db = tmp_path / "w.db"
    r, _, _ = run_cli(["--db", db, "ingest", tmp_path / name])
    assert r.returncode == 0, r.stderr
    r, _, _ = run_cli(["--db", db, "docs"])
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "\\x1b[31mred" in r.stdout.replace("\n", "").replace("│", "").replace(" ", "")
