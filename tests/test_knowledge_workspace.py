"""Concepts and entities through the Workspace and the CLI: linking at ingest, queries by
concept in every language, user packs that extend the shipped one."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from policyscope.errors import NotFound
from policyscope.workspace import Workspace
from tests.clirun import run_ok

CLI = [sys.executable, "-m", "policyscope.cli"]
ZH = "培育生物制造、量子科技、具身智能等未来产业。深度求索发布了新模型。\n"
KO = "중국은 신체화 AI와 임바디드 인텔리전스를 미래산업으로 육성한다. 딥시크가 주목받았다.\n"
EN = "Embodied AI and DeepSeek were discussed at the Two Sessions.\n"


@pytest.fixture
def ws(tmp_path):
    for name, text in (("zh.txt", ZH), ("ko.txt", KO), ("en.txt", EN)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    w = Workspace(tmp_path / "w.db")
    w.ingest([tmp_path / "zh.txt", tmp_path / "ko.txt", tmp_path / "en.txt"])
    yield w
    w.close()


def by_file(ws: Workspace) -> dict[int, str]:
    return {d.id: Path(d.source_path).name for d in ws.documents()}


def test_kwic_by_concept_finds_every_language(ws):
    names = by_file(ws)
    lines = ws.kwic("concept:embodied_ai")
    found = {(names[k.doc_id], k.match) for k in lines}
    assert found == {
        ("zh.txt", "具身智能"),
        ("ko.txt", "신체화 AI"),
        ("ko.txt", "임바디드 인텔리전스"),
        ("en.txt", "Embodied AI"),
    }
    for k in lines:  # offsets point at the mention in the stored text
        assert ws.text(k.doc_id)[k.start : k.end] == k.match


def test_search_by_entity_expands_to_aliases(ws):
    names = by_file(ws)
    assert {names[h.doc_id] for h in ws.search("entity:deepseek")} == {"zh.txt", "ko.txt", "en.txt"}
    with pytest.raises(NotFound, match="no concept or entity"):
        ws.search("concept:no_such_thing")


def test_mentions_counts_per_document_and_listings(ws):
    rows = {
        Path(ws.document(r.doc_id).source_path).name: r for r in ws.mentions("concept:embodied_ai")
    }
    assert rows["ko.txt"].count == 2 and rows["zh.txt"].count == 1
    ent = {e.id: e for e in ws.entities("deepseek")}
    assert ent["deepseek"].mentions == 3 and ent["deepseek"].documents == 3
    assert any(c.id == "embodied_ai" and c.mentions == 4 for c in ws.concepts("具身"))


def test_user_alias_extends_without_touching_shipped_pack(ws, tmp_path):
    shipped = Path(__import__("policyscope.knowledge", fromlist=["x"]).__file__).parent / "packs"
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in shipped.rglob("*.yaml")}
    (tmp_path / "new.txt").write_text("정부는 체현형 지능 산업을 키운다.\n", encoding="utf-8")
    ws.ingest([tmp_path / "new.txt"])
    assert not ws.mentions("embodied_ai", doc="new.txt")
    written = ws.add_alias("embodied_ai", "체현형 지능", tmp_path / "mypack")
    assert written.is_relative_to(tmp_path / "mypack")
    assert [r.surfaces for r in ws.mentions("embodied_ai", doc="new.txt")] == ["체현형 지능"]
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in shipped.rglob("*.yaml")}
    assert before == after
    # the workspace remembers the user pack: a new session sees the alias too
    again = Workspace(ws.db)
    assert [r.count for r in again.mentions("embodied_ai", doc="new.txt")] == [1]
    again.close()


def test_bad_user_pack_is_one_line_naming_file_and_line(tmp_path):
    pack = tmp_path / "bad"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "id: bad\nname: Bad\nversion: '1'\nextends: [china_ai]\n", encoding="utf-8"
    )
    (pack / "concepts.yaml").write_text(
        "concepts:\n  - id: x_concept\n    kind: technology\n    labels: {zh: 某}\n",
        encoding="utf-8",
    )
    r = subprocess.run(
        CLI + ["--db", str(tmp_path / "w.db"), "pack", "load", str(pack)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1, r.stdout
    assert "concepts.yaml:" in r.stderr and "Traceback" not in r.stderr


@pytest.fixture(scope="module")
def corpus_db(shared_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("kn") / "w.db"
    with Workspace(db) as w:
        w.ingest([shared_dir / "corpus"], manifest=shared_dir / "corpus" / "MANIFEST.tsv")
        w.ingest([shared_dir / "seeds"])
    return db


def cli_json(db, *args):
    return json.loads(run_ok("--db", db, *args, "--format", "json").stdout)


def files(db) -> dict[int, str]:
    return {d["id"]: Path(d["source_path"]).name for d in cli_json(db, "docs")}


def test_bar_embodied_ai_in_report_and_both_seeds(corpus_db):
    names = files(corpus_db)
    found = {
        (names[k["doc_id"]], k["match"]) for k in cli_json(corpus_db, "kwic", "concept:embodied_ai")
    }
    assert ("2025.zh.txt", "具身智能") in found
    assert ("000_59329f84dd77c02e.txt", "신체화 AI") in found
    assert ("004_baff780838081e41.txt", "임바디드 인텔리전스") in found


def test_bar_new_quality_productive_forces_all_korean_variants(corpus_db):
    names = files(corpus_db)
    lines = cli_json(corpus_db, "kwic", "concept:new_quality_productive_forces")
    surfaces = {k["match"] for k in lines}
    assert {"새로운 질의 생산력", "새로운 질적 생산력", "신질생산력", "新质生产力"} <= surfaces
    years = {names[k["doc_id"]] for k in lines if k["match"] == "新质生产力"}
    assert {"2024.zh.txt", "2025.zh.txt"} <= years


def test_bar_deepseek_in_both_seeds(corpus_db):
    names = files(corpus_db)
    rows = cli_json(corpus_db, "mentions", "entity:deepseek")
    by = {names[r["doc_id"]]: r["surfaces"].lower() for r in rows}
    for seed in ("000_59329f84dd77c02e.txt", "004_baff780838081e41.txt"):
        assert "딥시크" in by[seed] and "deepseek" in by[seed]


def test_candidates_through_the_cli(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text("정부는 '초연결 지능망' 구상을 내놓았다. 具身智能도 언급했다.\n", encoding="utf-8")
    db = tmp_path / "w.db"
    with Workspace(db) as w:
        w.ingest([f])
    rows = cli_json(db, "candidates", "--doc", "c.txt")
    terms = {r["term"]: r for r in rows}
    assert "초연결 지능망" in terms and terms["초연결 지능망"]["source"] == "quoted"
    assert "具身智能" not in terms  # known to the pack
    r = terms["초연결 지능망"]
    assert f.read_text(encoding="utf-8")[r["start"] : r["end"]] == "초연결 지능망"
