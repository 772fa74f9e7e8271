"""Workspace methods for verifying a secondary report's claims against primary sources.
Mixed into `policyscope.workspace.Workspace`. Rules and verdicts: `policyscope.analysis.verify`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.corpus import Corpus
from policyscope.errors import BadArgument
from policyscope.workspace.base import WorkspaceBase

if TYPE_CHECKING:
    from policyscope.analysis.verify import Verdict


class VerifyMixin(WorkspaceBase):
    corpus: Corpus  # the Workspace's

    def verify(
        self, doc=None, against: str | None = None, claims_file: str | None = None
    ) -> list[Verdict]:
        """[Verdict] for every checkable claim in document `doc` (counts of mentions, first
        appearances, figures attributed to a member of series `against`), and for the
        hand-written claims of `claims_file` (YAML list of {type, term, series, key,
        count?, value?, unit?}). `against` defaults to the pack's main series. Each verdict
        is supported, contradicted or not_checkable, with the evidence (numbers per counting
        rule, KWIC lines, the primary's span)."""
        from policyscope.analysis.verify import load_claims_file, verify_claims, verify_document  # noqa: PLC0415 (lazy: analysis loads the pack; not at start-up)

        if doc is None and not claims_file:
            raise BadArgument("give a document to verify (--doc) or a claims file (--claims)")
        out = []
        if doc is not None:
            out += verify_document(self.corpus, doc, against=against)
        if claims_file:
            out += verify_claims(self.corpus, load_claims_file(claims_file), against=against)
        return out
