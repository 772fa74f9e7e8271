"""Metadata manifests: TSV, CSV or YAML, one row per file, paths relative to the manifest.

Recognised columns (others are kept as extra metadata): file|path|filename, title,
date, year, issuer, country, language|lang, doc_type|type, series, series_key, url.
When `series` is missing, a file in a sub-folder takes the folder's name as its
series (so `cn-gwr/2024.zh.txt` is in series `cn-gwr`); `series_key` falls back to
`year`, then to the year of `date`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policyscope.errors import ManifestError
from policyscope.model import DocMeta

_PATH_KEYS = ("file", "path", "filename", "source_path")
_ALIASES = {"lang": "language", "type": "doc_type", "source_url": "url"}
_ISO_IN_TITLE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")


@dataclass
class ManifestEntry:
    meta: DocMeta
    extra: dict[str, Any] = field(default_factory=dict)


def read_manifest(path: str | Path) -> dict[Path, ManifestEntry]:
    """Entries keyed by the resolved path of each file the manifest names."""
    path = Path(path)
    if not path.is_file():
        raise ManifestError(path, "manifest not found; give the path of a .tsv, .csv or .yaml file")
    rows = _rows(path)
    base = path.parent
    out: dict[Path, ManifestEntry] = {}
    for line, row in rows:
        key = next((k for k in _PATH_KEYS if row.get(k)), None)
        if key is None:
            raise ManifestError(path, f"row has no file column ({'/'.join(_PATH_KEYS)})", line)
        rel = Path(str(row[key]))
        out[(base / rel).resolve()] = _entry(row, rel)
    return out


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    suffix = path.suffix.lower()
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(path, f"not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    if suffix in (".yaml", ".yml"):
        data = yaml.safe_load(raw) or []
        if isinstance(data, dict):
            data = [{"file": k, **(v or {})} for k, v in data.items()]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ManifestError(path, "YAML manifest must be a list of mappings or a mapping")
        return [(i + 1, _clean(r)) for i, r in enumerate(data)]
    if suffix not in (".tsv", ".csv", ".tab", ".txt"):
        raise ManifestError(path, "unknown manifest type; use .tsv, .csv or .yaml")
    delimiter = "," if suffix == ".csv" else "\t"
    reader = csv.DictReader(raw.splitlines(), delimiter=delimiter)
    if not reader.fieldnames:
        raise ManifestError(path, "empty manifest: the first line must name the columns")
    return [(i + 2, _clean(r)) for i, r in enumerate(reader)]


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if k is None:
            continue
        key = _ALIASES.get(k.strip().lower(), k.strip().lower())
        out[key] = v.strip() if isinstance(v, str) else v
    return out


def _entry(row: dict[str, Any], rel: Path) -> ManifestEntry:
    title = row.get("title") or None
    date = str(row["date"]) if row.get("date") else None
    year = str(row["year"]) if row.get("year") else None
    if not date and title:
        m = _ISO_IN_TITLE.search(title)
        if m:
            date = "-".join(m.groups())
    date = date or year
    series = row.get("series") or (rel.parts[0] if len(rel.parts) > 1 else None)
    series_key = row.get("series_key") or year or (date[:4] if date else None)
    meta = DocMeta(
        title=title,
        date=date,
        issuer=row.get("issuer") or None,
        country=row.get("country") or None,
        language=row.get("language") or None,
        doc_type=row.get("doc_type") or None,
        series=series,
        series_key=str(series_key) if series_key else None,
        url=row.get("url") or None,
    )
    known = set(DocMeta.columns()) | set(_PATH_KEYS) | {"year"}
    extra = {k: v for k, v in row.items() if k not in known and v not in (None, "")}
    return ManifestEntry(meta, extra)
