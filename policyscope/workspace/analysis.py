"""Workspace methods for text analytics over document series (trend, first appearance,
compare, co-occurrence, term lists). Mixed into `policyscope.workspace.Workspace`.

Nothing here prints; every method returns dataclasses. Counting rules, denominators and
how a series picks its documents are documented in `policyscope.analysis.counting` and
`policyscope.analysis.series`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from policyscope.corpus import Corpus
from policyscope.errors import BadArgument
from policyscope.model import Claim
from policyscope.workspace.base import WorkspaceBase

if TYPE_CHECKING:
    from policyscope.analysis.compare import CompareResult
    from policyscope.analysis.cooc import CoocRow
    from policyscope.analysis.counting import CountResult
    from policyscope.analysis.ledger import Ledger
    from policyscope.analysis.series import SeriesDocs
    from policyscope.analysis.terms import TermRow
    from policyscope.analysis.trend import FirstRow, TrendResult
    from policyscope.model import KwicLine


class AnalysisMixin(WorkspaceBase):
    corpus: Corpus  # the Workspace's
    _ledger_facts: Callable[..., list[Claim]]

    # -- counting ---------------------------------------------------------------------
    def count_term(
        self,
        term: str,
        rule: str = "literal",
        series: str | None = None,
        doc=None,
        lang: str | None = None,
    ) -> dict[int, CountResult]:
        """{doc_id: CountResult} for `term` under `rule` over the filtered documents
        (`lang` here filters documents by their main language)."""
        from policyscope.analysis.counting import count_term  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        ids = self._analysis_doc_ids(series=series, doc=doc, lang=lang)
        return count_term(self.corpus, term, ids, rule)

    def count_kwic(self, result, window: int = 30) -> list[KwicLine]:
        """The KWIC lines behind one CountResult."""
        from policyscope.analysis.counting import count_kwic  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        return count_kwic(self.corpus, result, window=window)

    def series_docs(
        self, series: str, lang: str | None = None, term: str | None = None
    ) -> SeriesDocs:
        """The documents of a series, one per member, with the missing members."""
        from policyscope.analysis.series import series_docs  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        return series_docs(self.corpus, series, lang=lang, term=term)

    # -- series -----------------------------------------------------------------------
    def trend(
        self,
        terms: list[str] | str,
        series: str,
        rule: str = "literal",
        per: str = "raw",
        lang: str | None = None,
    ) -> TrendResult:
        """TrendResult: count and per-10k of each term in each member of the series."""
        from policyscope.analysis.trend import trend  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        return trend(self.corpus, terms, series, rule=rule, per=per, lang=lang)

    def first(
        self,
        terms: list[str] | str,
        series: str,
        rule: str = "literal",
        lang: str | None = None,
    ) -> list[FirstRow]:
        """[FirstRow]: first/last member where each term occurs, with a warning naming
        members missing from the store before the first appearance."""
        from policyscope.analysis.trend import first_appearance  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        return first_appearance(self.corpus, terms, series, rule=rule, lang=lang)

    def ledger(
        self,
        series: str,
        metric: list[str] | str | None = None,
        year_from: str | None = None,
        year_to: str | None = None,
    ) -> Ledger:
        """Ledger: per metric, each year's target beside the outcome a later member of the
        series reports for it (`policyscope.analysis.ledger`). Only certain figures."""
        from policyscope.analysis.ledger import build_ledger  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        sd = self.series_docs(series)
        metrics = [metric] if isinstance(metric, str) else metric
        known = self.corpus.knowledge.pack.metrics
        for m in metrics or []:
            if m not in known:
                raise BadArgument(f"unknown metric {m!r}; the pack has: {', '.join(sorted(known))}")
        facts = self._ledger_facts(None, None, False, series=series)
        return build_ledger(
            facts,
            sd.members,
            sd.missing,
            year_range=(year_from, year_to),
            series=series,
            metrics=metrics,
            labels={m.id: m.labels.en or m.id for m in known.values()},
            measures={m.id: m.measure for m in known.values()},
        )

    # -- documents ----------------------------------------------------------------------
    def compare(self, doc_a, doc_b, top: int | None = 30, min_g2: float = 3.84) -> CompareResult:
        """CompareResult: keyness (G² and log ratio) of B's content words against A's."""
        from policyscope.analysis.compare import compare_docs  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        return compare_docs(self.corpus, doc_a, doc_b, top=top, min_g2=min_g2)

    def cooc(
        self,
        term: str,
        window: str | int = "sentence",
        measure: str = "pmi",
        series: str | None = None,
        doc=None,
        top: int | None = 30,
        min_count: int = 2,
        lang: str | None = None,
    ) -> list[CoocRow]:
        """[CoocRow]: words co-occurring with a literal term or concept:ID / entity:ID.
        With `series`, one document per member (as trend picks them); with `doc`, those
        documents; else every document (of language `lang` if given)."""
        from policyscope.analysis.cooc import MEASURES, cooc, parse_window  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        if measure not in MEASURES:
            raise BadArgument(f"measure {measure!r}: use pmi, llr or jaccard")
        win = parse_window(window)
        if series and doc is None:
            ids = self.series_docs(series, lang=lang, term=term).doc_ids
        else:
            ids = self._analysis_doc_ids(series=series, doc=doc, lang=lang)
        return cooc(self.corpus, term, ids, win, measure, top=top, min_count=min_count)

    def cooc_graph(self, rows, center: str | None = None) -> Any:
        """A networkx graph of cooc rows (target in the middle)."""
        from policyscope.analysis.cooc import cooc_graph  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        return cooc_graph(rows, center)

    def terms(
        self,
        doc=None,
        series: str | None = None,
        top: int | None = 50,
        pos: bool = False,
        lang: str | None = None,
    ) -> list[TermRow]:
        """[TermRow]: most frequent content words (stopwords and punctuation left out)."""
        from policyscope.analysis.terms import frequency  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        ids = self._analysis_doc_ids(series=series, doc=doc, lang=lang)
        if not ids:
            raise BadArgument("no documents match; list them with 'policyscope docs'")

        def per_doc():
            for d in ids:
                dt = self.corpus.tokens(d)
                yield dt.tokens, dt.content

        return frequency(per_doc(), top=top, pos=pos)

    # -- helpers ------------------------------------------------------------------------
    def _analysis_doc_ids(self, series=None, doc=None, lang=None) -> list[int]:
        """Document ids by series / doc refs, and by main language (not paragraphs)."""
        return self.corpus.doc_ids_where(series=series, doc=doc, lang=lang)
