"""One watch run over a workspace: take the lock, collect every source, record the run.

report = run_watch(ws, sources, folder, politeness=Politeness(delay=1.0), max_items=None)
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from policyscope.watch import lock
from policyscope.watch import tables as T
from policyscope.watch.fetch import Fetcher, Politeness
from policyscope.watch.report import RunReport
from policyscope.watch.run import Collector
from policyscope.watch.sources import Source, now


def run_watch(
    ws,
    sources: list[Source],
    folder: str | Path,
    politeness: Politeness | None = None,
    max_items: int | None = None,
    transport=None,
    on_source=None,
) -> RunReport:
    engine = ws.store.engine
    holder = lock.acquire(engine)
    report = RunReport(started_at=now())
    try:
        with engine.begin() as conn:
            report.run_id = conn.execute(
                T.runs.insert().returning(T.runs.c.id), dict(started_at=report.started_at)
            ).scalar_one()
        with Fetcher(politeness, transport=transport) as fetcher:
            collector = Collector(ws, fetcher, folder, max_items=max_items)
            for src in sources:
                done = collector.source(src)
                report.sources.append(done)
                if on_source:
                    on_source(done)
            report.requests = fetcher.requests
        report.finished_at = now()
    finally:
        summary = json.dumps(report.to_dict(), ensure_ascii=False)
        with engine.begin() as conn:
            if report.run_id is not None:
                conn.execute(
                    T.runs.update()
                    .where(T.runs.c.id == report.run_id)
                    .values(finished_at=report.finished_at, summary_json=summary)
                )
        lock.release(engine, holder)
    return report


def last_runs(engine, limit: int = 10) -> list[RunReport]:
    T.ensure(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(T.runs).order_by(T.runs.c.id.desc()).limit(limit)).all()
    out = []
    for row in rows:
        data = json.loads(row.summary_json) if row.summary_json else {}
        report = RunReport.from_dict(data) if data else RunReport(started_at=row.started_at)
        report.run_id = row.id
        out.append(report)
    return out
