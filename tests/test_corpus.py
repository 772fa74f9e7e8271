"""The Corpus the Workspace hands to analysis, and the Knowledge registry (hand-made
texts written for these tests)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from policyscope import Workspace
from policyscope.corpus import Corpus, DocFilter, DocTokens
from policyscope.errors import BadArgument, NotFound
from policyscope.knowledge import runtime
from policyscope.model import Claim, MentionSpan
from policyscope.text.normalize import fold

ZH = "推动人工智能＋行动。具身智能是新方向，人工智能很重要。\n\n2025年经济增长目标为5%左右。"
EN = "Embodied AI and artificial intelligence matter."
ANALYSIS = Path(__file__).resolve().parent.parent / "policyscope" / "analysis"


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    ws = Workspace(root / "w.db")
    for name, key, text in (("a.zh.txt", "2024", ZH), ("b.en.txt", "2024", EN)):
        (root / name).write_text(text, encoding="utf-8")
        ws.ingest([root / name], meta={"series": "toys", "series_key": key}, workers=1)
    (root / "same.txt").write_text("同名。", encoding="utf-8")
    ws.ingest([root / "same.txt"], meta={"title": "Twin"}, workers=1)
    (root / "sub").mkdir()
    (root / "sub" / "same.txt").write_text("又一个。", encoding="utf-8")
    ws.ingest([root / "sub" / "same.txt"], meta={"title": "Twin"}, workers=1)
    yield ws
    ws.close()


def test_the_workspace_owns_one_corpus(w):
    assert isinstance(w.corpus, Corpus)
    assert w.corpus is w.corpus
    assert w.corpus.store is w.store


def test_documents_and_references(w):
    c = w.corpus
    zh = c.resolve("a.zh.txt")
    assert (zh.series, zh.series_key, zh.language) == ("toys", "2024", "zh")
    assert c.resolve(zh.id) == zh == c.resolve(str(zh.id)) == c.document(zh.id)
    assert [d.id for d in c.documents(series="toys")] == sorted([zh.id, c.resolve("b.en.txt").id])
    assert c.resolve("sub/same.txt").title == "Twin"
    with pytest.raises(BadArgument, match="ambiguous"):
        c.resolve("Twin")
    with pytest.raises(NotFound):
        c.resolve("no-such.txt")


def test_filters_and_ids(w):
    c = w.corpus
    zh, en = c.resolve("a.zh.txt").id, c.resolve("b.en.txt").id
    assert c.filter(series="toys", doc="a.zh.txt") == DocFilter(series="toys", doc_ids=[zh])
    assert c.doc_ids(c.filter(series="toys")) == [zh, en]
    assert c.doc_ids_where(series="toys", lang="en") == [en]
    with pytest.raises(BadArgument, match="unknown series"):
        c.filter(series="nope")


def test_texts_tokens_and_sizes(w):
    c = w.corpus
    zh = c.resolve("a.zh.txt").id
    assert c.text(zh) == w.store.text(zh)
    assert c.folded_text(zh) == fold(w.store.text(zh))
    assert "人工智能+" in c.folded_text(zh)  # the full-width plus folded
    assert c.size(zh, "chars") == len("".join(fold(ZH).split()))
    toks = c.tokens(zh)
    assert isinstance(toks, DocTokens) and toks is c.tokens(zh)  # cached
    assert "具身智能" in [t.text for t in toks.tokens]  # a pack term stays whole
    assert c.size(zh, "tokens") == toks.n_content
    assert c.spans(zh, "paragraph") == [(s.start, s.end) for s in c.segments(zh)]


def test_a_new_tokenizer_drops_the_cached_tokens(w):
    c = w.corpus
    zh = c.resolve("a.zh.txt").id
    first = c.tokens(zh)
    c.cache.tokens_for(object())  # as after a pack load: another tokenizer
    again = c.tokens(zh)
    assert again is not first and [t.text for t in again.tokens] == [t.text for t in first.tokens]


def test_mentions_and_claims_are_typed_records(w):
    c = w.corpus
    zh = c.resolve("a.zh.txt").id
    ms = c.mentions(["embodied_ai"], DocFilter(doc_ids=[zh]))
    assert ms and all(isinstance(m, MentionSpan) for m in ms)
    assert [c.folded_text(zh)[m.start : m.end] for m in ms] == ["具身智能"]
    claims = c.claims(DocFilter(doc_ids=[zh]))
    assert any(isinstance(x, Claim) and x.value_base == 5.0 for x in claims)


def test_item_ids(w):
    c = w.corpus
    assert c.item_ids("concept:embodied_ai") == ["embodied_ai"]
    assert c.item_ids("embodied_ai") == ["embodied_ai"]
    wide = c.item_ids("concept:artificial_intelligence", narrower=True)
    assert wide[0] == "artificial_intelligence" and len(wide) > 1
    assert set(wide[1:]) <= set(c.knowledge.pack.concepts)
    with pytest.raises(NotFound, match="no_such_item"):
        c.item_ids("concept:no_such_item")


def test_knowledge_registry_and_invalidate(tmp_path):
    k = runtime.knowledge_for()
    assert runtime.knowledge_for() is k
    assert runtime.pack_for() is k.pack and runtime.linker_for() is k.linker
    assert k.main_series == next(iter(k.pack.series)) == "cn-gwr"
    assert "具身智能" in k.surfaces("embodied_ai")
    assert ("concept", "embodied_ai") in {(m[0], m[1]) for m in k.link("发展具身智能")}
    user = tmp_path / "user"
    user.mkdir()
    (user / "pack.yaml").write_text(
        "id: user\nname: User\nversion: 1\nextends: [china_ai]\n", encoding="utf-8"
    )
    aliases = user / "aliases.yaml"
    aliases.write_text(
        "add_aliases:\n  - id: embodied_ai\n    aliases: [몸을 가진 인공지능]\n", encoding="utf-8"
    )
    mine = runtime.knowledge_for(str(user))
    assert "몸을 가진 인공지능" in mine.surfaces("embodied_ai")
    aliases.write_text(
        "add_aliases:\n  - id: embodied_ai\n    aliases: [체현형 지능체]\n", encoding="utf-8"
    )
    assert "체현형 지능체" not in mine.surfaces("embodied_ai")  # built once
    runtime.invalidate(str(user))
    assert "체현형 지능체" in mine.surfaces("embodied_ai")  # read again
    assert runtime.knowledge_for(str(user)) is mine and runtime.knowledge_for() is k


def _imports(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
            out += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return out


def test_analysis_never_sees_the_workspace():
    for path in ANALYSIS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [m for m in _imports(tree) if m.startswith("policyscope.workspace")], path
        names = [a.arg for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                 for a in f.args.args]  # fmt: skip
        assert "ws" not in names, f"{path} takes a workspace"
