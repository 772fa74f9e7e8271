"""The demo job: a fresh workspace over the sample inputs, then the questions analysts ask.

Inputs: `<shared>/seeds` and `<shared>/corpus` (with its MANIFEST.tsv) when present,
or any folder given as `corpus`. `run` prints to the consoles it is given (the CLI's), so
that this script is the one place the demo is written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from policyscope import extras
from policyscope.errors import BadArgument
from policyscope.output import clip, figure_text
from policyscope.workspace import Workspace

T = TypeVar("T")
Steps = list[tuple[str, float]]

SEARCHES = ("新质生产力", "신체화", "embodied intelligence")
KWICS: tuple[tuple[str, str | None], ...] = (
    ("具身智能", "cn-gwr"),
    ("人工智能+", "cn-gwr"),
    ("concept:embodied_ai", None),
    ("concept:new_quality_productive_forces", None),
)
FIRSTS = ["人工智能+", "具身智能", "新质生产力", "互联网+", "智能+"]
LEDGER = ["gdp_growth", "cpi_growth", "urban_new_jobs", "urban_surveyed_unemployment"]


@dataclass
class DemoInput:
    path: Path
    manifest: Path | None = None


@dataclass
class DemoPlan:
    db: Path
    inputs: list[DemoInput] = field(default_factory=list)


def plan(out: Path, shared: Path | None, corpus: Path | None) -> DemoPlan:
    out.mkdir(parents=True, exist_ok=True)
    p = DemoPlan(db=out / "demo.db")
    if corpus:
        if not corpus.exists():
            raise BadArgument(f"--corpus {corpus}: no such folder")
        manifest = next(
            (
                corpus / n
                for n in ("MANIFEST.tsv", "manifest.tsv", "manifest.csv", "manifest.yaml")
                if (corpus / n).is_file()
            ),
            None,
        )
        p.inputs.append(DemoInput(corpus, manifest))
    elif shared:
        if (shared / "seeds").is_dir():
            p.inputs.append(DemoInput(shared / "seeds"))
        if (shared / "corpus").is_dir():
            m = shared / "corpus" / "MANIFEST.tsv"
            p.inputs.append(DemoInput(shared / "corpus", m if m.is_file() else None))
    if not p.inputs:
        raise BadArgument(
            f"no demo input found (looked for {shared}/seeds and {shared}/corpus); "
            "give a folder of documents with --corpus DIR (make demo DEMO_CORPUS=DIR)"
        )
    return p


def fresh_workspace(db: Path) -> Workspace:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return Workspace(db)


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - t0


class Demo:
    """One run of the demo: each step prints its answer to `out` and records its time."""

    def __init__(self, w: Workspace, out: Console, err: Console):
        self.w, self.out, self.err = w, out, err
        self.steps: Steps = []

    def step(self, name: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        result, secs = timed(fn, *args, **kwargs)
        self.steps.append((name, secs))
        return result

    def ingest(self, inp: DemoInput) -> None:
        extra = f" (manifest {inp.manifest})" if inp.manifest else ""
        self.err.print(f"[bold]ingest[/bold] {inp.path}{extra}")
        bar = Progress(BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       console=self.err, transient=True)  # fmt: skip
        with bar:
            task = bar.add_task("", total=None)
            outcomes, secs = timed(
                self.w.ingest,
                [inp.path],
                manifest=inp.manifest,
                on_total=lambda n: bar.update(task, total=n),
                on_result=lambda o: bar.update(task, advance=1),
            )
        for o in outcomes:
            if o.status == "failed":
                self.err.print(f"[red]✗ {escape(o.error or o.path)}[/red]")
        self.steps.append((f"ingest {inp.path.name} ({len(outcomes)} files)", secs))

    def search(self) -> None:
        for q in SEARCHES:
            hits = self.step(f"search {q}", self.w.search, q, limit=5)
            self.out.rule(f"search {q}: {len(hits)} top hits")
            for h in hits:
                snippet = escape(h.snippet).replace("«", "[bold yellow]").replace("»", "[/]")
                self.out.print(
                    f"[cyan]#{h.doc_id}[/] {escape(clip(h.title or '', 40))} "
                    f"[dim]{h.date or ''}[/] {snippet}"
                )

    def kwic(self, series_present: set[str]) -> None:
        for term, series in KWICS:
            if series and series not in series_present:
                continue  # a corpus of one's own (--corpus) may hold no Government Work Report
            lines = self.step(f"kwic {term}", self.w.kwic, term, window=18, series=series)
            where = f" in {series}" if series else ""
            self.out.rule(f"kwic {term}{where}: {len(lines)} lines")
            for k in lines[:8]:
                self.out.print(
                    f"[cyan]#{k.doc_id}[/] {k.series_key or k.date or '':>6} "
                    f"{escape(k.left):>20}[bold yellow]{escape(k.match)}[/]{escape(k.right)}"
                )

    def first(self) -> None:
        firsts = self.step("first appearances", self.w.first, FIRSTS, "cn-gwr")
        self.out.rule("first appearance in the Government Work Reports (cn-gwr)")
        for f in firsts:
            warn = f"  [dim]({escape(f.warning)})[/]" if f.warning else ""
            self.out.print(f"{escape(f.term):>10} {f.first_key}{warn}")

    def ledger(self) -> None:
        """The last four years' targets beside the outcomes the next report gives."""
        led = self.step("targets ledger", self.w.ledger, "cn-gwr", metric=LEDGER)
        years = led.years[-4:]
        self.out.rule(
            "targets (T) and outcomes (A) in the Government Work Reports: policyscope ledger"
        )
        for r in led.rows:
            cells = []
            for y in years:
                c = r.cells[y]
                t = figure_text(c.target) or "–"
                a = figure_text(c.actual) or "–"
                cells.append(f"{y} T {t} A {a} {c.status}")
            self.out.print(f"{escape(r.label):>34}  " + " | ".join(escape(x) for x in cells))

    def verify(self) -> None:
        seeds = [x for x in self.w.documents() if x.series is None and x.language == "ko"]
        for doc in seeds[:2]:
            name = Path(doc.source_path or "").name
            verdicts = self.step(f"verify {name}", self.w.verify, doc.id)
            tally: dict[str, int] = {}
            for v in verdicts:
                tally[v.verdict] = tally.get(v.verdict, 0) + 1
            self.out.rule(f"verify {escape(name)}: {tally}")
            for v in [v for v in verdicts if v.verdict == "contradicted"][:3]:
                self.out.print(
                    f"[red]contradicted[/] {escape(v.quote[:60])} — {escape(v.evidence[:140])}"
                )

    def briefings(self, out_dir: Path) -> None:
        self.out.rule("briefings")
        no_pdf = extras.missing("pdf")
        if no_pdf:
            self.err.print(f"[yellow]no PDF briefings: {escape(no_pdf)}[/]")
        for lang in ("ko", "en"):
            for fmt in ("html",) if no_pdf else ("html", "pdf"):
                target = out_dir / f"briefing.{lang}.{fmt}"
                path = self.step(
                    f"briefing {lang} {fmt}", self.w.report, lang=lang, fmt=fmt, out=target
                )
                self.out.print(f"[green]{path}[/]")

    def timings(self, db: Path) -> None:
        self.out.rule("timings")
        for name, secs in self.steps:
            self.out.print(f"{secs:8.2f} s  {escape(name)}")
        self.out.print(f"workspace: {db}")


def run(p: DemoPlan, out_dir: Path, out: Console, err: Console) -> None:
    """Build the workspace of plan `p` and show what it can answer, with each step's time."""
    with fresh_workspace(p.db) as w:
        demo = Demo(w, out, err)
        for inp in p.inputs:
            demo.ingest(inp)
        demo.search()
        series = {d.series for d in w.documents() if d.series}
        demo.kwic(series)
        if "cn-gwr" in series:
            demo.first()
            demo.ledger()
        demo.verify()
        demo.briefings(out_dir)
    demo.timings(p.db)
