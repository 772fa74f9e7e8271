"""Streamed exports: every row of a big list as CSV or JSON lines, written as it is produced
so that no answer has to hold the whole list as one string."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator

from fastapi.responses import StreamingResponse

MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
CHUNK = 200  # rows per written piece


def csv_lines(rows: Iterable[dict]) -> Iterator[str]:
    buf = io.StringIO()
    writer = None
    for i, row in enumerate(rows, 1):
        if writer is None:
            writer = csv.DictWriter(buf, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})
        if i % CHUNK == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _cell(v):
    return json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v


def json_lines(rows: Iterable[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def export_response(
    records: list, name: str, fmt: str, public: Callable[[dict], dict] = dict
) -> StreamingResponse:
    """`public(row)` makes each row fit to leave the server (no server paths)."""
    rows = (public(r) for chunk in _chunks(records) for r in _plain(chunk))
    body = csv_lines(rows) if fmt == "csv" else json_lines(rows)
    return StreamingResponse(
        body,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _plain(records: list) -> list[dict]:
    # one level deep, as policyscope.web.api.plain (asdict copies recursively, slowly)
    return [{c: getattr(r, c) for c in r.columns()} for r in records]


def _chunks(records: list) -> Iterator[list]:
    for i in range(0, len(records), CHUNK):
        yield records[i : i + CHUNK]
