"""Commands for watching sources (`watch add/list/remove/run/runs/samples`), `diff` and
`digest`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from policyscope.cli.app import FormatOpt, app, err, out, ws
from policyscope.errors import BadArgument, PolicyScopeError
from policyscope.output import Format, emit
from policyscope.watch.render import diff_lines, digest_html, digest_markdown
from policyscope.watch.schedule import loop, parse_interval

watch_app = typer.Typer(
    help="Watch sources: collect new and changed documents.",
    epilog="Example: policyscope watch add https://ministry.example/rss.xml --kind feed",
)
app.add_typer(watch_app, name="watch")

Opt = typer.Option


@watch_app.command(
    "add",
    epilog="Example: policyscope watch add https://example.gov.cn/rss.xml --kind feed "
    "--series miit --issuer 工业和信息化部 --country CN --lang zh --follow-attachments",
)
def watch_add(
    url: Annotated[str | None, typer.Argument(help="The feed, sitemap, listing or page")] = None,
    kind: Annotated[str, Opt(help="feed | sitemap | listing | page")] = "page",
    series: Annotated[str | None, Opt(help="Series of the documents it yields")] = None,
    issuer: Annotated[str | None, Opt(help="Issuing body")] = None,
    country: Annotated[str | None, Opt(help="Country code, e.g. CN, KR")] = None,
    lang: Annotated[str | None, Opt("--lang", help="Main language ko|zh|ja|en")] = None,
    doc_type: Annotated[str | None, Opt("--doc-type", help="e.g. regulation, plan")] = None,
    include: Annotated[str | None, Opt(help="Keep item URLs matching this regex")] = None,
    exclude: Annotated[str | None, Opt(help="Drop item URLs matching this regex")] = None,
    selector: Annotated[
        str | None, Opt(help="Listing: CSS selector of item links, or re:URL-REGEX")
    ] = None,
    next_page: Annotated[str | None, Opt("--next", help="Listing: CSS selector of next")] = None,
    max_pages: Annotated[int, Opt("--max-pages", help="Listing: pages to follow")] = 5,
    follow_attachments: Annotated[
        bool, Opt("--follow-attachments", help="Also collect linked PDF/DOCX/HWP/HWPX")
    ] = False,
    sample: Annotated[
        str | None, Opt("--sample", help="Add a shipped sample source by name (or 'all')")
    ] = None,
) -> None:
    """Watch a source (adding a URL again updates its options)."""
    with ws() as w:
        if sample:
            from policyscope.watch.samples import (  # noqa: PLC0415 (lazy: start-up time, yaml)
                sample_sources,
            )

            added = [w.watch_add(**s) for s in sample_sources(sample)]
        elif url:
            added = [w.watch_add(url, kind, series=series, issuer=issuer, country=country,
                                 lang=lang, doc_type=doc_type, include=include,
                                 exclude=exclude, selector=selector, next_page=next_page,
                                 max_pages=max_pages,
                                 follow_attachments=follow_attachments)]  # fmt: skip
        else:
            raise BadArgument("give a URL to watch, or --sample NAME (see 'watch samples')")
        for src in added:
            out.print(f"watching {src.id}: {escape(src.url)} ({src.kind})")


@watch_app.command("list", epilog="Example: policyscope watch list --format json")
def watch_list(fmt: FormatOpt = Format.table) -> None:
    """The watched sources."""
    with ws() as w:
        rows = [dict(id=s.id, url=s.url, kind=s.kind, **s.options()) for s in w.watch_sources()]
    for r in rows:
        r.pop("extra", None)
    emit(rows, fmt, columns=["id", "kind", "url", "series", "follow_attachments"])


@watch_app.command("remove", epilog="Example: policyscope watch remove 3")
def watch_remove(source: Annotated[str, typer.Argument(help="Source id or URL")]) -> None:
    """Stop watching a source (the documents it yielded stay)."""
    with ws() as w:
        src = w.watch_remove(source)
    out.print(f"removed {src.id}: {escape(src.url)}")


@watch_app.command("samples", epilog="Example: policyscope watch samples")
def watch_samples(fmt: FormatOpt = Format.table) -> None:
    """Sources for Chinese and Korean government sites that ship with PolicyScope (not
    watched until added with 'watch add --sample NAME')."""
    from policyscope.watch.samples import load_samples  # noqa: PLC0415 (lazy: start-up time, yaml)

    emit(load_samples(), fmt, columns=["name", "kind", "url", "note"])


@watch_app.command(
    "run", epilog="Example: policyscope watch run --every 6h   (a foreground loop; Ctrl-C stops)"
)
def watch_run(
    source: Annotated[str | None, Opt("--source", help="Only this source (id or URL)")] = None,
    max_items: Annotated[int | None, Opt("--max-items", help="Items per source, at most")] = None,
    every: Annotated[str | None, Opt("--every", help="Run again every 30m / 6h / 1d")] = None,
    delay: Annotated[float, Opt(help="Seconds between two requests to one host")] = 1.0,
    timeout: Annotated[float, Opt(help="Seconds to wait for a server")] = 20.0,
    retries: Annotated[int, Opt(help="Retries after a timeout, 429 or 5xx (with backoff)")] = 2,
    max_mb: Annotated[float, Opt("--max-mb", help="Largest response to download, MB")] = 50.0,
    fmt: FormatOpt = Format.table,
) -> None:
    """Collect the watched sources now: new and changed items and their attachments."""
    from policyscope.watch.fetch import Politeness  # noqa: PLC0415 (lazy: httpx, start-up time)

    if retries < 0 or delay < 0 or timeout <= 0 or max_mb <= 0:
        raise BadArgument("--retries and --delay take 0 or more; --timeout and --max-mb more")
    polite = Politeness(
        timeout=timeout, retries=retries, backoff=min(1.0, timeout), delay=delay,
        max_bytes=int(max_mb * 1_000_000),
    )  # fmt: skip
    interval = parse_interval(every) if every else None
    failed = []

    def once() -> None:
        try:
            with ws() as w:
                report = w.watch_run(source, max_items=max_items, politeness=polite)
        except PolicyScopeError as exc:
            if interval is None:
                raise
            # in the loop, a run that cannot start (another one holds the lock) waits its turn
            err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
            return
        _show_run(report, fmt)
        failed.append(bool(report.errors()))

    if interval is None:
        once()
        raise typer.Exit(1 if failed[-1] else 0)
    try:
        loop(once, interval)
    except KeyboardInterrupt:
        err.print("stopped")


def _show_run(report, fmt: Format) -> None:
    if fmt != Format.table:
        emit([i for s in report.sources for i in s.items], fmt)
    else:
        for s in report.sources:
            counts = ", ".join(f"{n} {k}" for k, n in sorted(s.counts().items()))
            counts = "failed (below)" if s.error else counts or "no items"
            out.print(f"source {s.source_id} {escape(s.url)}: {counts}", soft_wrap=True)
    for url, cause in report.errors():
        err.print(f"[red]failed:[/red] {escape(url)}: {escape(str(cause))}", soft_wrap=True)
    out_stream = sys.stderr if fmt != Format.table else None
    msg = f"run {report.run_id}: {report.requests} requests, {report.counts()}"
    (print(msg, file=out_stream) if out_stream else out.print(escape(msg), soft_wrap=True))


@watch_app.command("runs", epilog="Example: policyscope watch runs --limit 5")
def watch_runs(
    limit: Annotated[int, Opt(help="How many runs")] = 10, fmt: FormatOpt = Format.table
) -> None:
    """The last runs, newest first, with their counts and errors."""
    with ws() as w:
        runs = w.watch_runs(limit)
    rows = [
        dict(run_id=r.run_id, started_at=r.started_at, finished_at=r.finished_at,
             requests=r.requests, counts=json.dumps(r.counts()),
             n_errors=len(r.errors()), errors="; ".join(f"{u}: {c}" for u, c in r.errors()))
        for r in runs
    ]  # fmt: skip
    emit(rows, fmt, columns=["run_id", "started_at", "requests", "counts", "n_errors"])


@app.command(
    epilog="Example: policyscope diff 42 (against its previous version); "
    "policyscope diff 42 --against v1; policyscope diff final.pdf --against draft.pdf"
)
def diff(
    doc: Annotated[str, typer.Argument(help="Document id or path")],
    against: Annotated[
        str | None, Opt("--against", help="vN (a version of DOC) or another document")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Paragraph-level differences between two versions or two documents: added, removed
    and changed paragraphs (changes marked [-old-]{+new+}), and the figures, dates,
    obligations and terms that appeared or disappeared."""
    with ws() as w:
        d = w.diff(doc, against)
    if fmt != Format.table:
        emit(d.changes, fmt) if fmt != Format.json else print(
            json.dumps(d.to_dict(), ensure_ascii=False, indent=1)
        )
        return
    out.print(f"doc {d.old_doc_id} (v{d.old_version}) → doc {d.new_doc_id} (v{d.new_version})")
    for line in diff_lines(d):
        out.print(escape(line), soft_wrap=True)
    out.print(escape(d.summary()), soft_wrap=True)


@app.command(
    epilog="Example: policyscope digest --since 7d --format md --lang ko --out d.md; "
    "policyscope digest --since 24h --smtp mail.example.org:587 --starttls --mail-to me@example.org"
)
def digest(
    since: Annotated[str, Opt(help="A date (2025-03-01) or an age (24h, 7d, 2w)")] = "7d",
    fmt: Annotated[str, Opt("--format", "-f", help="md | html | json")] = "md",
    topic: Annotated[str | None, Opt(help="A watched concept, e.g. concept:embodied_ai")] = None,
    lang: Annotated[str, Opt("--lang", help="Labels in en | ko")] = "en",
    out_path: Annotated[Path | None, Opt("--out", help="Write to this file")] = None,
    smtp: Annotated[str | None, Opt(help="Send by e-mail through HOST[:PORT]")] = None,
    mail_to: Annotated[list[str] | None, Opt("--mail-to", help="Recipient; repeatable")] = None,
    mail_from: Annotated[str, Opt("--mail-from", help="Sender")] = "policyscope@localhost",
    starttls: Annotated[bool, Opt("--starttls", help="Encrypt the SMTP session")] = False,
) -> None:
    """What was collected since a moment: new documents by source, changed ones with what
    changed, terms appearing for the first time, new targets, the watched concept; each
    with its citation."""
    if fmt not in ("md", "html", "json"):
        raise BadArgument(f"--format {fmt!r}: use md, html or json")
    with ws() as w:
        dg = w.digest(since, topic=topic)
    if fmt == "json":
        text = json.dumps(dg.to_dict(), ensure_ascii=False, indent=1) + "\n"
    else:
        text = (digest_html if fmt == "html" else digest_markdown)(dg, lang)
    if smtp:
        from policyscope.watch.deliver import (  # noqa: PLC0415 (lazy: smtplib, start-up time)
            send_digest,
        )

        send_digest(dg, smtp, mail_from, mail_to or [], lang, starttls=starttls)
        err.print(f"sent to {escape(', '.join(mail_to or []))}")
    if out_path:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(text, encoding="utf-8")
        err.print(f"wrote {escape(str(out_path))}")
    elif not smtp:
        sys.stdout.write(text)
