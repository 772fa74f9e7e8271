"""`make test` on a fresh machine: a test that fails for want of a CJK font is skipped
with the reason, except in CI, where the font is installed and the test must run."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

FAILING = """
from policyscope.errors import BadArgument

def test_chart():
    raise BadArgument("no CJK font found for charts (looked for Noto Sans CJK): install it")

def test_other_failure():
    raise BadArgument("something else")
"""


@pytest.mark.parametrize("ci", ["", "true"])
def test_missing_cjk_font_skips_outside_ci_and_fails_in_ci(pytester, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    pytester.makeconftest('pytest_plugins = ["tests.fonts"]')
    pytester.makepyfile(FAILING)
    result = pytester.runpytest("-rs")
    if ci:
        result.assert_outcomes(failed=2)
    else:
        result.assert_outcomes(skipped=1, failed=1)
        result.stdout.fnmatch_lines(["*no CJK font installed*CI runs this test*"])
