"""Verification rules are a registry: one module per claim type, found by scanning the
package, so a rule in a new module is picked up without being named anywhere else."""

from __future__ import annotations

import pytest

from policyscope import Workspace
from policyscope.analysis import verify_rules
from policyscope.analysis.verify import verify_claims
from policyscope.errors import BadArgument

RULE_MODULE = """
from policyscope.analysis.verify_common import Outcome
from policyscope.analysis.verify_rules import register


@register("demo_claim")
def check(sx, claim):
    return Outcome(sx.name(claim.key), f"demo {claim.term}", "supported", "by the demo rule")
"""


@pytest.fixture
def w(tmp_path):
    (tmp_path / "a.txt").write_text("推进互联网+，发展数字经济。", encoding="utf-8")
    ws = Workspace(tmp_path / "w.db")
    ws.ingest([tmp_path / "a.txt"], meta={"series": "toys", "series_key": "2020"}, workers=1)
    yield ws
    ws.close()


@pytest.fixture
def extra_rule_dir(tmp_path, monkeypatch):
    """A folder on the package's search path holding a new rule module."""
    folder = tmp_path / "more_rules"
    folder.mkdir()
    (folder / "demo_claim.py").write_text(RULE_MODULE, encoding="utf-8")
    monkeypatch.setattr(verify_rules, "__path__", [*verify_rules.__path__, str(folder)])
    yield folder
    verify_rules._RULES.pop("demo_claim", None)
    verify_rules._loaded.discard("demo_claim")


def test_every_claim_type_has_its_own_module():
    rules = verify_rules.rules()
    assert set(rules) >= {"count", "first_appearance", "presence", "attributed_figure"}
    for claim_type in ("count", "first_appearance", "presence", "attributed_figure"):
        assert rules[claim_type].__module__ == f"policyscope.analysis.verify_rules.{claim_type}"
    assert verify_rules.rule_for("no_such_type") is None


def test_a_rule_in_a_new_module_is_picked_up(w, extra_rule_dir):
    assert verify_rules.rule_for("demo_claim") is not None
    [v] = verify_claims(w.corpus, [{"type": "demo_claim", "term": "X", "key": "2020"}], "toys")
    assert (v.claim_type, v.verdict, v.checked) == ("demo_claim", "supported", "demo X")
    assert v.primary == "toys 2020 (not in the store)"  # the demo names no document
    assert v.evidence == "by the demo rule"


def test_unknown_claim_types_are_refused_naming_the_claim(w):
    with pytest.raises(BadArgument, match="claim 1: type 'nonsense'"):
        verify_claims(w.corpus, [{"type": "nonsense", "term": "X", "key": "2020"}], "toys")


def test_a_claim_type_has_one_rule():
    def other(sx, claim):
        raise AssertionError("never called")

    with pytest.raises(ValueError, match="has a rule already"):
        verify_rules.register("count")(other)
    assert verify_rules.rule_for("count") is not other


def test_hand_written_claims_default_to_the_packs_main_series(w):
    # the shipped pack's first series is cn-gwr, which this store lacks
    with pytest.raises(Exception, match="cn-gwr"):
        verify_claims(w.corpus, [{"type": "count", "term": "互联网+", "key": "2020", "count": 1}])
    [v] = verify_claims(
        w.corpus, [{"type": "count", "term": "互联网+", "key": "2020", "count": 1}], "toys"
    )
    assert v.verdict == "supported" and v.primary.startswith("toys 2020")
