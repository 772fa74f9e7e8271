"""Enrichment steps: registered, picklable dataclasses with named parameters."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, dataclass

import pytest

from policyscope.ingest.prepare import tokenizer
from policyscope.ingest.steps import Enrichment, registered, step
from policyscope.workspace import Workspace
from policyscope.workspace.enrich import (
    EnrichJob,
    ExtractFacts,
    LinkMentions,
    LiteralColumns,
    PackTerms,
    enrich_text,
    pack_enrichment,
)
from tests.test_enrich import _folder, _snapshot


def test_the_pack_steps_are_registered_by_role():
    assert set(registered("terms").values()) >= {PackTerms}
    assert set(registered("finder").values()) >= {LinkMentions}
    assert set(registered("extractor").values()) >= {ExtractFacts}
    assert set(registered("literal").values()) >= {LiteralColumns}


def test_a_step_is_a_frozen_dataclass():
    with pytest.raises(ValueError, match="unknown step role"):
        step("colour")

    class Loose:
        pass

    with pytest.raises(TypeError, match="frozen dataclass"):
        step("terms")(Loose)

    @dataclass
    class Mutable:
        packs: tuple[str, ...] = ()

    with pytest.raises(TypeError, match="frozen dataclass"):
        step("terms")(Mutable)
    with pytest.raises(FrozenInstanceError):
        PackTerms(("a",)).packs = ()  # type: ignore[misc]


def test_steps_cross_processes_as_they_are():
    steps = pack_enrichment(("/packs/extra",), "policyscope.store.sqlite_fts:literal_columns")
    job = EnrichJob(7, "x.db", "2025-03-05", "报告", steps)
    back = pickle.loads(pickle.dumps(job))
    assert back == job
    assert back.steps.finder == LinkMentions(packs=("/packs/extra",))
    assert back.steps.literal == LiteralColumns("policyscope.store.sqlite_fts:literal_columns")
    # the tokenizer of a process is cached per terms step
    assert hash(back.steps.terms) == hash(PackTerms(("/packs/extra",)))
    assert steps.only_terms() == Enrichment(
        terms=PackTerms(("/packs/extra",)), literal=steps.literal
    )


def test_the_steps_do_what_the_runtime_functions_did():
    steps = pack_enrichment(())
    text = "2024年人工智能核心产业规模达到5000亿元。"
    found, claims, _events = enrich_text(text, "2025-03-05", "报告", steps)
    assert ("concept", "artificial_intelligence", "人工智能", 5, 9) in found
    assert any(c.metric == "ai_core_industry_size" and c.value == "5000" for c in claims)
    columns = LiteralColumns("policyscope.store.sqlite_fts:literal_columns")("人工智能")
    assert columns[0] is not None
    assert steps.terms is not None and "新质生产力" in steps.terms()
    assert tokenizer(steps.only_terms()) is tokenizer(pack_enrichment(()).only_terms())


def test_link_and_extract_again_store_what_ingest_stored(tmp_path):
    with Workspace(tmp_path / "w.db") as w:
        w.ingest([_folder(tmp_path)], workers=1)
        before = _snapshot(w)
        mentions, claims, events = (len(rows) for rows in before)
        assert mentions > 5 and claims > 2  # the texts hold both
        assert w.link() == mentions
        assert w.extract() == (claims, events)
        assert _snapshot(w) == before
