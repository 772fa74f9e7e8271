"""Charts: PNG, SVG and HTML files that hold what they should."""

from __future__ import annotations

import struct

import pytest

from policyscope.analysis import charts
from policyscope.analysis.cooc import CoocRow
from policyscope.analysis.trend import TrendResult, TrendRow
from policyscope.errors import BadArgument


@pytest.fixture
def result():
    rows = []
    for i, key in enumerate(["2021", "2022", "2024", "2025"]):
        rows.append(TrendRow(key, i + 1, "具身智能", "literal", int(key == "2025"), 0.5))
        rows.append(TrendRow(key, i + 1, "人工智能", "literal", i, i * 0.4))
    return TrendResult(
        series="cn-gwr",
        rule="literal",
        per="raw",
        rows=rows,
        missing=["2023"],
        keys=["2021", "2022", "2023", "2024", "2025"],
        langs={"具身智能": "zh", "人工智能": "zh"},
        units={"具身智能": "chars", "人工智能": "chars"},
        missing_by_term={"具身智能": ["2023"], "人工智能": ["2023"]},
    )


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_trend_chart_png_svg_html(result, tmp_path):
    png = charts.write_trend_chart(result, tmp_path / "t.png")
    w, h = png_size(png)
    assert w >= 500 and h >= 300 and png.stat().st_size > 10_000
    svg = charts.write_trend_chart(result, tmp_path / "t.svg", per="10k").read_text("utf-8")
    assert "具身智能" in svg and "2023" in svg and "not in store" in svg
    page = charts.write_trend_chart(result, tmp_path / "t.html").read_text("utf-8")
    assert page.startswith("<!doctype html>") and "<svg" in page and "<table>" in page
    assert page.count("<tr>") == 1 + 2 * 5  # header + every (term, key), the gap included
    assert "具身智能" in page


def test_cooc_chart(tmp_path):
    rows = [
        CoocRow("人工智能", w, 3, 5, 8, 100, 2.5, "pmi", "sentence")
        for w in ("大模型", "算力", "机器人")
    ]
    svg = charts.write_cooc_chart(rows, tmp_path / "g.svg", center="人工智能").read_text("utf-8")
    assert "人工智能" in svg and "大模型" in svg
    assert png_size(charts.write_cooc_chart(rows, tmp_path / "g.png"))[0] >= 500


def test_bad_chart_name_and_missing_font(result, tmp_path, monkeypatch):
    with pytest.raises(BadArgument, match=".png, .svg or .html"):
        charts.write_trend_chart(result, tmp_path / "t.pdf")
    monkeypatch.setattr(charts, "_FONT_PREFS", ("No Such Font CJK",))
    with pytest.raises(BadArgument, match="install fonts-noto-cjk"):
        charts.write_trend_chart(result, tmp_path / "t.png")


def test_font_installed_after_matplotlib_cached_its_list(monkeypatch):
    """fonts-noto-cjk installed after matplotlib's first run: its cached list lacks the font,
    which must still be found (the error message tells users to install it and retry)."""
    from matplotlib import font_manager

    fm = font_manager.fontManager
    if charts._preferred({f.name for f in fm.ttflist}) is None:
        pytest.skip("no Noto CJK font installed (fonts-noto-cjk)")
    monkeypatch.setattr(fm, "ttflist", [f for f in fm.ttflist if "CJK" not in f.name])
    assert charts._preferred({f.name for f in fm.ttflist}) is None  # the stale list
    assert charts.cjk_font().startswith("Noto Sans CJK")
