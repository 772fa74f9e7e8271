"""The pack's policy terms cached on disk, and the term matcher built lazily: the same
answers as computing everything anew, invalidated when a pack changes."""

from __future__ import annotations

import os
import random

import pytest

from policyscope.knowledge import runtime, termcache
from policyscope.text import terms as terms_mod
from policyscope.text.terms import TermDictionary, default_terms


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYSCOPE_CACHE_DIR", str(folder))
    runtime.invalidate()
    yield folder
    runtime.invalidate()


def _user_pack(root, aliases: list[str]):
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text(
        "id: user\nname: User\nversion: 1\nextends: [china_ai]\n", encoding="utf-8"
    )
    (root / "aliases.yaml").write_text(
        "add_aliases:\n  - id: embodied_ai\n    aliases: [" + ", ".join(aliases) + "]\n",
        encoding="utf-8",
    )
    return str(root)


def test_cached_terms_equal_the_packs_and_are_read_back(cache):
    fresh = runtime.pack_for().policy_terms()
    assert len(fresh) > 1000
    assert runtime.policy_terms() == fresh
    files = list(cache.glob("terms-*.json"))
    assert len(files) == 1

    def fail():
        raise AssertionError("computed again although nothing changed")

    assert termcache.cached_terms((), fail) == fresh


def test_editing_a_user_pack_changes_the_terms(cache, tmp_path):
    user = _user_pack(tmp_path / "user", ["몸을 가진 인공지능"])
    first = runtime.policy_terms(user)
    assert "몸을 가진 인공지능" in first and "체현형 지능체" not in first
    runtime.invalidate()
    aliases = tmp_path / "user" / "aliases.yaml"
    _user_pack(tmp_path / "user", ["몸을 가진 인공지능", "체현형 지능체"])
    st = aliases.stat()  # a coarse clock may give the rewrite the same mtime: move it on
    os.utime(aliases, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    second = runtime.policy_terms(user)
    assert "체현형 지능체" in second
    assert second == runtime.pack_for(user).policy_terms()
    assert "체현형 지능체" not in runtime.policy_terms()  # the shipped pack alone: its own key


def test_an_unusable_cache_dir_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("POLICYSCOPE_CACHE_DIR", str(blocker / "sub"))
    assert termcache.cached_terms((), lambda: ["甲乙", "AI+"]) == ["甲乙", "AI+"]
    (tmp_path / "bad").mkdir()
    monkeypatch.setenv("POLICYSCOPE_CACHE_DIR", str(tmp_path / "bad"))
    (tmp_path / "bad" / f"terms-{termcache.cache_key(())}.json").write_text("{not json")
    assert termcache.cached_terms((), lambda: ["丙丁"]) == ["丙丁"]


def _both_ways(td_terms: list[str], text: str, monkeypatch):
    monkeypatch.setattr(terms_mod, "FULL_COMPILE_AFTER", 10**9)
    few = TermDictionary(td_terms)
    monkeypatch.setattr(terms_mod, "FULL_COMPILE_AFTER", 0)
    full = TermDictionary(td_terms)
    got_few, got_full = few.find(text), full.find(text)
    assert few._matcher is None and full._matcher is not None  # each took the path meant
    return got_few, got_full


def test_matching_a_few_terms_finds_what_the_full_matcher_finds(monkeypatch):
    words = ["AI", "ai", "+", " ", "5G", "网络", "人工", "智能", "신체화", "Deep", "Seek", "。"]
    rng = random.Random(11)
    terms = ["AI", "AI+", "5G网络", "人工智能", "人工智能+", "智能+", "DeepSeek", "신체화 AI"]
    for _ in range(400):
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 14)))
        few, full = _both_ways(terms, text, monkeypatch)
        assert few == full, text
    text = "生成式人工智能服务管理, AI+ 행동 and DeepSeek; 신체화 AI와 具身智能, main AIs"
    few, full = _both_ways(default_terms().terms + runtime.policy_terms(), text, monkeypatch)
    assert few == full and len(full) >= 4


def test_the_full_matcher_is_built_once_enough_text_was_seen(monkeypatch):
    monkeypatch.setattr(terms_mod, "FULL_COMPILE_AFTER", 100)
    td = TermDictionary(["人工智能", "AI"])
    for _ in range(3):
        assert td.find("发展人工智能和AI") == [(2, 6, "人工智能"), (7, 9, "AI")]
    assert td._matcher is None  # 27 characters: still below 100
    assert len(td.find("人工智能" * 20)) == 20
    assert td._matcher is not None
