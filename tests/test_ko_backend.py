"""The Korean backend: MeCab-ko by default, Kiwi by choice; the store records which one cut
its index, queries follow it, and `reindex --ko-tokenizer` moves a store between them."""

import pytest

from policyscope.errors import BadArgument
from policyscope.text.tokenize import Tokenizer, ko

SENTENCE = "인공지능기본법은 신체화된 AI와 新质生产力을 다룬다. 정부는 반도체 투자를 늘렸다."


@pytest.fixture
def fresh_backend(monkeypatch):
    """No backend chosen in this process, none in the environment (restored afterwards)."""
    monkeypatch.setenv(ko.ENV, "mecab")  # so that teardown restores what was there before
    monkeypatch.delenv(ko.ENV)
    monkeypatch.setattr(ko, "_state", {k: v for k, v in ko._state.items() if k != "name"})
    yield
    ko._state.pop("name", None)


def test_mecab_is_the_default_and_cuts_with_exact_offsets(fresh_backend):
    assert ko.current() == "mecab"
    toks = Tokenizer().tokenize(SENTENCE, "ko", offset=100)
    assert all(SENTENCE[t.start - 100 : t.end - 100] == t.text for t in toks)
    assert all(not t.text.isspace() for t in toks)
    by_text = {t.text: t for t in toks}
    # policy terms stay whole; the Han run goes to the Chinese backend
    assert by_text["인공지능"].pos == "TERM" and by_text["신체화"].pos == "TERM"
    assert by_text["新质生产力"].lang in ("zh", "ko")
    assert by_text["반도체"].pos == "NNG" and by_text["은"].pos == "JX"
    forms = Tokenizer().tokenize_for_index(SENTENCE, "ko")
    assert {"인공지능", "기본법", "신체화", "ai", "반도체", "투자", "정부"} <= set(forms)
    assert "은" not in forms and "." not in forms


def test_the_choice_comes_from_the_environment_and_is_checked(fresh_backend, monkeypatch):
    monkeypatch.setenv(ko.ENV, "Kiwi ")
    assert ko.current() == "kiwi"
    monkeypatch.setenv(ko.ENV, "nori")
    with pytest.raises(BadArgument, match="POLICYSCOPE_KO_TOKENIZER='nori'"):
        ko.current()


def _ws(tmp_path, name="w.db"):
    from policyscope.workspace import Workspace

    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    (folder / "ko.txt").write_text(SENTENCE + "\n신체화 정책과 반도체 산업.\n", encoding="utf-8")
    ws = Workspace(tmp_path / name)
    ws.ingest([folder], enrich=False, workers=1)
    return ws


def test_a_new_store_records_its_backend_and_queries_follow(fresh_backend, tmp_path):
    from policyscope.workspace.reindex import KO_SETTING

    ws = _ws(tmp_path)
    try:
        assert ws.store.get_setting(KO_SETTING) == "mecab" == ws.ko_tokenizer
        hits = ws.search("반도체 투자")
        assert len(hits) == 1 and "반도체" in hits[0].snippet
        assert len(ws.search("신체화")) == 2
    finally:
        ws.close()


def test_a_korean_store_without_a_record_was_cut_by_kiwi(fresh_backend, tmp_path):
    from policyscope.workspace import Workspace
    from policyscope.workspace.reindex import KO_SETTING

    ws = _ws(tmp_path)
    with ws.store.engine.begin() as conn:  # a store from before the choice was recorded
        conn.exec_driver_sql("DELETE FROM settings WHERE key = ?", (KO_SETTING,))
    ws.close()
    ko._state.pop("name", None)
    with Workspace(tmp_path / "w.db") as again:
        assert again.ko_tokenizer == "kiwi" and ko.current() == "kiwi"


def test_reindex_moves_a_store_to_the_other_backend(fresh_backend, tmp_path):
    from policyscope.workspace import Workspace

    ws = _ws(tmp_path)
    try:
        before = {h.segment_id for h in ws.search("반도체")}
        with pytest.raises(BadArgument, match="--ko-tokenizer"):
            ws.reindex(ko_tokenizer="nori")
        assert ws.reindex(ko_tokenizer="kiwi") == 2
        assert ws.ko_tokenizer == "kiwi"
        assert {h.segment_id for h in ws.search("반도체")} == before
    finally:
        ws.close()
    ko._state.pop("name", None)
    with Workspace(tmp_path / "w.db") as again:
        assert ko.current() == "kiwi"
        again.reindex(ko_tokenizer="mecab")
        assert again.ko_tokenizer == "mecab" and len(again.search("신체화")) == 2
