"""Metadata manifests: TSV, CSV or YAML, one row per file, paths relative to the manifest.

Recognised columns (others are kept as extra metadata): file|path|filename, title,
date, year, issuer, country, language|lang, doc_type|type, series, series_key, url.
When `series` is missing, a file in a sub-folder takes the folder's name as its
series (so `cn-gwr/2024.zh.txt` is in series `cn-gwr`); `series_key` falls back to
`year`, then to the year of `date`.
"""

from __future__ import annotations

import csv
import datetime
import os
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


def read_manifest(path: str | os.PathLike[str]) -> dict[Path, ManifestEntry]:
    """Entries keyed by the resolved path of each file the manifest names."""
    path = Path(path)
    if not path.is_file():
        raise ManifestError(path, "manifest not found; give the path of a .tsv, .csv or .yaml file")
    rows = _rows(path)
    base = path.parent
    out: dict[Path, ManifestEntry] = {}
    lines: dict[Path, int] = {}
    for line, row in rows:
        key = next((k for k in _PATH_KEYS if row.get(k)), None)
        if key is None:
            raise ManifestError(path, f"row has no file column ({'/'.join(_PATH_KEYS)})", line)
        rel = Path(str(row[key]))
        target = (base / rel).resolve()
        if target in lines:
            raise ManifestError(
                path, f"{rel} is described twice (rows {lines[target]} and {line}); keep one", line
            )
        lines[target] = line
        try:
            out[target] = _entry(row, rel)
        except ValueError as exc:
            raise ManifestError(path, f"{rel}: {exc}", line) from None
    return out


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    suffix = path.suffix.lower()
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(path, f"not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    if suffix in (".yaml", ".yml"):
        data = _load_yaml(path, raw) or []
        if isinstance(data, dict):
            data = [{"file": k, **(v or {})} for k, v in data.items()]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ManifestError(path, "YAML manifest must be a list of mappings or a mapping")
        return [(i + 1, _clean(r)) for i, r in enumerate(data)]
    if suffix not in (".tsv", ".csv", ".tab", ".txt"):
        raise ManifestError(path, "unknown manifest type; use .tsv, .csv or .yaml")
    delimiter = "," if suffix == ".csv" else "\t"
    reader = csv.DictReader(raw.splitlines(), delimiter=delimiter)
    try:
        if not reader.fieldnames:
            raise ManifestError(path, "empty manifest: the first line must name the columns")
        return [(i + 2, _clean(r)) for i, r in enumerate(reader)]
    except csv.Error as exc:  # e.g. a cell over the csv module's 131,072 characters
        raise ManifestError(
            path,
            f"cannot read this row ({exc}); a cell holds metadata, not text",
            reader.line_num + 1,
        ) from None


# Aliases may repeat a value, not multiply a document: a manifest that would expand to more
# nodes than this is refused before it is built ("billion laughs").
MAX_YAML_NODES = 1_000_000


def _load_yaml(path: Path, raw: str) -> Any:
    try:
        root = yaml.compose(raw, Loader=yaml.SafeLoader)  # aliases stay shared here
        if root is not None and _expanded_size(root, {}) > MAX_YAML_NODES:
            raise ManifestError(
                path, f"YAML aliases expand past {MAX_YAML_NODES:,} values; write rows out"
            )
        return yaml.safe_load(raw)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ManifestError(path, f"not valid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise ManifestError(path, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise ManifestError(path, "YAML nested too deeply for a manifest") from None


def _expanded_size(node: Any, memo: dict[int, int]) -> int:
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # a recursive alias counts once instead of looping
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(n, memo) for n in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[id(node)] = size
    return size


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if k is None:
            continue
        key = _ALIASES.get(str(k).strip().lower(), str(k).strip().lower())
        out[key] = v.strip() if isinstance(v, str) else v
    return out


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _checked_date(value: Any, column: str) -> str | None:
    """An ISO date (2025, 2025-03 or 2025-03-05) that exists in the calendar, or None."""
    if value in (None, ""):
        return None
    text = str(value)
    m = _DATE.match(text)
    ok = bool(m)
    if m and m.group(2):
        try:
            datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            ok = False
    if not ok:
        raise ValueError(f"{column} {text!r} is not a date; write 2025, 2025-03 or 2025-03-05")
    return text


def _scalars(row: dict[str, Any]) -> None:
    for k in (*DocMeta.columns(), "year"):
        if isinstance(row.get(k), dict | list):
            raise ValueError(f"{k} must be text, not a {type(row[k]).__name__}")


def _entry(row: dict[str, Any], rel: Path) -> ManifestEntry:
    _scalars(row)
    title = str(row["title"]) if row.get("title") else None
    date = _checked_date(row.get("date"), "date")
    year = _checked_date(row.get("year"), "year")
    if year and len(year) != 4:
        raise ValueError(f"year {year!r} is not a year; write 2025")
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
