"""The HTML briefing in a real browser: headless Chromium screenshots (skipped with the
reason when chromium is not installed). The page must not be blank, and Korean must
render as glyphs, not tofu: a line of Korean set in the briefing's own font stack must
leave ink and must differ from the same number of U+FFFF (tofu) boxes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_report import fixture_ws  # noqa: F401 - the shared fixture workspace

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
KOREAN = "중국 인공지능 정책 브리핑 한글"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not installed (apt-get install chromium); browser render skipped",
)


def screenshot(page: Path, png: Path, size: str = "1200,2000") -> Path:
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={png.parent / ('profile-' + png.stem)}",
        f"--screenshot={png}",
        f"--window-size={size}",
        page.resolve().as_uri(),
    ]
    res = subprocess.run(cmd, capture_output=True, timeout=90)
    assert png.exists(), res.stderr.decode(errors="replace")[-2000:]
    return png


def gray(png: Path):
    from PIL import Image

    return Image.open(png).convert("L")


def ink(img, box=None) -> int:
    """Dark pixels (< 128) in the region."""
    region = img.crop(box) if box else img
    return sum(1 for v in region.tobytes() if v < 128)


def variance(img) -> float:
    data = img.tobytes()
    mean = sum(data) / len(data)
    return sum((v - mean) ** 2 for v in data) / len(data)


def _font_stack() -> str:
    from policyscope.report.text import TEMPLATES

    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    start = css.index("font-family:", css.index("html {")) + len("font-family:")
    return css[start : css.index(";", start)].strip()


def test_korean_glyphs_render_not_tofu(tmp_path):
    fc = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True)
    assert "Noto Sans CJK" in fc.stdout or "Noto Serif CJK" in fc.stdout, fc.stdout[:500]
    style = (
        f"body{{margin:0;background:#fff}} p{{position:absolute;top:20px;left:20px;margin:0;"
        f"font-family:{_font_stack()};font-size:40px;color:#000}}"
    )
    pages = {}
    for name, text in (("ko", KOREAN), ("tofu", "\uffff" * len(KOREAN))):
        page = tmp_path / f"{name}.html"
        page.write_text(
            f'<!DOCTYPE html><html lang="ko"><meta charset="utf-8"><style>{style}</style>'
            f"<p>{text}</p></html>",
            encoding="utf-8",
        )
        pages[name] = gray(screenshot(page, tmp_path / f"{name}.png", "800,200"))
    box = (0, 0, 800, 120)  # where the line is set
    assert ink(pages["ko"], box) > 500, "no ink where the Korean line should be"
    assert pages["ko"].crop(box).tobytes() != pages["tofu"].crop(box).tobytes()


def test_briefing_html_renders_in_chromium(fixture_ws, tmp_path):  # noqa: F811
    ws, _root = fixture_ws
    html = ws.report(lang="ko", fmt="html", out=tmp_path / "briefing.html")
    img = gray(screenshot(html, tmp_path / "briefing.png"))
    assert img.size == (1200, 2000)
    assert variance(img) > 200, "the screenshot is (nearly) blank"
    # the title block (Korean) is at the top of the page: it must have ink
    assert ink(img, (0, 0, 1200, 140)) > 800
