"""Charts (matplotlib, Agg backend): a trend line chart and a co-occurrence network.

    write_trend_chart(trend_result, "ai.png")       # .png, .svg or .html
    write_cooc_chart(rows, "cooc.svg", center="人工智能")

The x axis of a trend chart holds every member key, missing ones included: a missing
member is a gap in each line (not a zero), shaded, with a note under the axis. Labels use a
CJK font from fonts-noto-cjk (Noto Sans CJK, else Noto Serif CJK); without one a
BadArgument says to install fonts-noto-cjk. SVG keeps text as text (so the terms are
searchable in the file). `.html` is a self-contained page: the SVG inline plus the data
table behind it (the same rows `--format csv/json` gives).
"""

from __future__ import annotations

import html
import io
import math
from pathlib import Path

from policyscope.analysis.cooc import cooc_graph
from policyscope.errors import BadArgument

FORMATS = (".png", ".svg", ".html")
_FONT_PREFS = ("Noto Sans CJK SC", "Noto Sans CJK", "Noto Serif CJK SC", "Noto Serif CJK")


def cjk_font() -> str:
    """The family name of an installed Noto CJK font (Sans preferred)."""
    from matplotlib import font_manager  # noqa: PLC0415 (lazy: matplotlib/networkx load only to draw)

    found = _preferred({f.name for f in font_manager.fontManager.ttflist})
    if found is None:
        # matplotlib caches the font list on first use: fonts installed since (as the
        # message below asks) are on disk but not in that list until it is read again
        for path in font_manager.findSystemFonts():
            if "CJK" in Path(path).name:
                font_manager.fontManager.addfont(path)
        found = _preferred({f.name for f in font_manager.fontManager.ttflist})
    if found is not None:
        return found
    raise BadArgument(
        "no CJK font found for charts (looked for Noto Sans CJK / Noto Serif CJK): "
        "install fonts-noto-cjk (apt-get install fonts-noto-cjk), then retry"
    )


def _preferred(names: set[str]) -> str | None:
    ordered = sorted(names)
    for pref in _FONT_PREFS:
        for name in ordered:
            if name.startswith(pref) and "Mono" not in name:
                return name
    return None


def _check_path(path: str | Path) -> Path:
    p = Path(path)
    if p.suffix.lower() not in FORMATS:
        raise BadArgument(f"chart file {str(p)!r}: use a .png, .svg or .html name")
    if not p.parent.exists():
        raise BadArgument(f"chart file {str(p)!r}: folder {p.parent} does not exist")
    return p


def _figure():
    import matplotlib  # noqa: PLC0415 (lazy: matplotlib/networkx load only to draw)

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt  # noqa: PLC0415 (lazy: matplotlib/networkx load only to draw)

    font = cjk_font()
    plt.rcParams["font.family"] = [font, "DejaVu Sans"]
    plt.rcParams["svg.fonttype"] = "none"  # keep text as text in SVG
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def trend_figure(result, per: str | None = None):
    """A matplotlib Figure of a TrendResult (y = count, or per 10k with per='10k')."""
    plt = _figure()
    per = per or result.per
    keys = result.keys
    xs = list(range(len(keys)))
    fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(keys) + 2), 4.2), dpi=100)
    for term in result.terms:
        by_key = {r.series_key: r for r in result.rows if r.term == term}
        ys = []
        for k in keys:
            r = by_key.get(k)
            v = None if r is None else (r.per_10k if per == "10k" else r.count)
            ys.append(math.nan if v is None else v)
        ax.plot(xs, ys, marker="o", label=term)
    for i, k in enumerate(keys):
        if k in result.missing:
            ax.axvspan(i - 0.4, i + 0.4, color="0.9", zorder=0)
            ax.annotate(
                "not in store",
                (i, 0),
                xycoords=("data", "axes fraction"),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color="0.4",
                rotation=90,
            )
    ax.set_xticks(xs, keys, rotation=45 if len(keys) > 8 else 0)
    unit = {"chars": "10,000 characters", "tokens": "10,000 tokens"}
    units = {unit.get(u, u) for u in result.units.values()}
    ylabel = f"per {' / '.join(sorted(units))}" if per == "10k" else "count"
    ax.set_ylabel(ylabel)
    ax.set_title(f"{result.series}: {', '.join(result.terms)} ({result.rule} rule)")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", fontsize=8)
    if result.missing:
        fig.text(
            0.01,
            0.01,
            f"Gaps: {', '.join(result.missing)} not in the store (not counted, not zero)",
            fontsize=7,
            color="0.35",
        )
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def cooc_figure(rows, center: str | None = None):
    """A matplotlib Figure of the co-occurrence star graph (edge width ~ score rank)."""
    import networkx as nx  # noqa: PLC0415 (lazy: matplotlib/networkx load only to draw)

    plt = _figure()
    g = cooc_graph(rows, center)
    fig, ax = plt.subplots(figsize=(7, 7), dpi=100)
    ax.set_axis_off()
    if g.number_of_nodes():
        pos = nx.spring_layout(g, seed=7, weight=None)
        center = center or (rows[0].term if rows else None)
        counts = [max(1, g.nodes[n].get("count", 1)) for n in g.nodes]
        top = max(counts)
        sizes = [300 + 1500 * c / top for c in counts]
        colors = ["#d62728" if n == center else "#1f77b4" for n in g.nodes]
        nx.draw_networkx_edges(g, pos, ax=ax, alpha=0.4)
        nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color=colors, alpha=0.25)
        for n, (x, y) in pos.items():
            ax.text(x, y, n, ha="center", va="center", fontsize=10)
        how = f" ({rows[0].measure}, window {rows[0].window})" if rows else ""
        ax.set_title(f"{center}: co-occurring words{how}")
    fig.tight_layout()
    return fig


def _save(fig, path: Path, table_rows: list[dict], title: str) -> Path:
    import matplotlib.pyplot as plt  # noqa: PLC0415 (lazy: matplotlib/networkx load only to draw)

    try:
        if path.suffix.lower() == ".png":
            fig.savefig(path, format="png")
        elif path.suffix.lower() == ".svg":
            fig.savefig(path, format="svg")
        else:
            buf = io.StringIO()
            fig.savefig(buf, format="svg")
            path.write_text(html_page(title, buf.getvalue(), table_rows), encoding="utf-8")
    finally:
        plt.close(fig)
    return path


def html_page(title: str, svg: str, rows: list[dict]) -> str:
    """A self-contained HTML page: the SVG inline and the data table."""
    svg = svg[svg.find("<svg") :] if "<svg" in svg else svg
    cols = list(rows[0].keys()) if rows else []
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
    body = "\n".join(
        "<tr>"
        + "".join(f"<td>{'' if r[c] is None else html.escape(str(r[c]))}</td>" for c in cols)
        + "</tr>"
        for r in rows
    )
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:2em}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}"
        "td:empty::after{content:'—';color:#999}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>\n<figure>{svg}</figure>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"
        "</body></html>\n"
    )


def write_trend_chart(result, path: str | Path, per: str | None = None) -> Path:
    p = _check_path(path)
    title = f"{result.series}: {', '.join(result.terms)}"
    rows = [r.to_dict() for r in result.table(include_missing=True)]
    return _save(trend_figure(result, per), p, rows, title)


def write_cooc_chart(rows, path: str | Path, center: str | None = None) -> Path:
    p = _check_path(path)
    title = f"co-occurrence: {center or (rows[0].term if rows else '')}"
    return _save(cooc_figure(rows, center), p, [r.to_dict() for r in rows], title)
