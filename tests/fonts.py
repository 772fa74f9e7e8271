"""Tests that need a CJK font on a machine without one.

Charts refuse to draw CJK labels without a Noto CJK font (BadArgument "no CJK font found").
On a developer's machine without fonts-noto-cjk such a test is skipped with the reason;
in CI (CI=true), where `.ci/run` installs the font, it fails as it should.
"""

from __future__ import annotations

import os

import pytest

MISSING_FONT = "no CJK font found"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


_FONT: list[bool] = []


def font_installed() -> bool:
    if not _FONT:
        from policyscope.analysis import charts
        from policyscope.errors import BadArgument

        try:
            charts.cjk_font()
            _FONT.append(True)
        except BadArgument:
            _FONT.append(False)
    return _FONT[0]


def _for_want_of_a_font(call, report) -> bool:
    if MISSING_FONT in str(call.excinfo.value):
        return True
    # reports leave the chart out ("Chart not drawn") rather than fail: their tests then
    # fail on the missing PNG, which only the missing font explains when none is installed
    return "png" in report.longreprtext.lower() and not font_installed()


def skip_if_font_missing(call, report) -> None:
    """Turn a failure caused by a missing CJK font into a skip, outside CI."""
    if report.when != "call" or not report.failed or call.excinfo is None or in_ci():
        return
    if not _for_want_of_a_font(call, report):
        return
    report.outcome = "skipped"
    reason = (
        "no CJK font installed (apt-get install fonts-noto-cjk, or `make fonts`); "
        "CI runs this test"
    )
    report.longrepr = (str(report.fspath), report.location[1] or 0, f"Skipped: {reason}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    skip_if_font_missing(call, outcome.get_result())
