"""What a briefing takes from the knowledge pack: `report.yaml` beside `pack.yaml`.

    series: cn-gwr                 # the series of the trend chart, the new-term rule and
                                   # the verification when the scope names none
    trend_terms:                   # the terms charted for a series (other series: the
      cn-gwr: [人工智能, 具身智能]     # four concepts its members mention most)
    primary_languages: [zh]        # documents outside a series in these languages are
                                   # primary sources: they are not verified
    regulation:                    # the regulation box (left out without this key)
      entity: genai_interim_measures   # its pack entity (names, label, events)
      file: genai-interim-measures     # a part of the stored file's path that names it
      language: zh                     # its own language: its name in it is shown too
      obligation_words: [应当, 不得]     # a clause holding one of them is an obligation

Every key may be left out. A pack without report.yaml gets: the pack's first series,
the most mentioned concepts as trend terms, every document outside a series verified,
no regulation box. Folders read later (user packs after the shipped one) override the
keys they give.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyscope.knowledge.loader import Pack, PackError, read_yaml

FILE = "report.yaml"
KEYS = ("series", "trend_terms", "primary_languages", "regulation")


@dataclass(frozen=True)
class Regulation:
    entity: str
    file: str = ""
    language: str = ""
    obligation_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportConfig:
    series: str | None = None
    trend_terms: dict[str, list[str]] = field(default_factory=dict)
    primary_languages: tuple[str, ...] = ()
    regulation: Regulation | None = None


def load_config(pack: Pack, folders: Iterable[Path | str] = ()) -> ReportConfig:
    """The briefing settings of `pack` (its own folder first, then `folders`)."""
    merged: dict[str, Any] = {}
    dirs = ([pack.path] if pack.path is not None else []) + [Path(f) for f in folders]
    for folder in dirs:
        path = Path(folder) / FILE
        if path.is_file():
            merged.update(_read(path))
    first_series = next(iter(pack.series), None)
    return ReportConfig(
        series=merged.get("series", first_series),
        trend_terms=merged.get("trend_terms", {}),
        primary_languages=merged.get("primary_languages", ()),
        regulation=merged.get("regulation"),
    )


def _read(path: Path) -> dict[str, Any]:
    data, lines = read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PackError(path, 1, f"report.yaml must be a mapping ({', '.join(KEYS)})")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise PackError(path, lines.get((unknown[0],)), f"unknown key {unknown[0]!r}", unknown[0])
    out: dict[str, Any] = {}
    if "series" in data:
        out["series"] = _text(path, lines, data["series"], "series")
    if "trend_terms" in data:
        out["trend_terms"] = _terms(path, lines, data["trend_terms"])
    if "primary_languages" in data:
        out["primary_languages"] = _words(
            path, lines, data["primary_languages"], "primary_languages"
        )
    if "regulation" in data:
        out["regulation"] = _regulation(path, lines, data["regulation"])
    return out


def _text(path: Path, lines: dict, value: Any, *where: str) -> str:
    if not isinstance(value, str) or not value:
        raise PackError(path, lines.get(where), "expected a non-empty string", ".".join(where))
    return value


def _terms(path: Path, lines: dict, value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise PackError(
            path, lines.get(("trend_terms",)), "expected series: [terms]", "trend_terms"
        )
    out = {}
    for series, terms in value.items():
        if not isinstance(terms, list) or not terms:
            where = ("trend_terms", series)
            raise PackError(path, lines.get(where), "expected a list of terms", ".".join(where))
        out[str(series)] = [_text(path, lines, t, "trend_terms", series) for t in terms]
    return out


def _regulation(path: Path, lines: dict, value: Any) -> Regulation:
    if not isinstance(value, dict) or "entity" not in value:
        raise PackError(path, lines.get(("regulation",)), "expected entity: ID", "regulation")
    unknown = sorted(set(value) - {"entity", "file", "language", "obligation_words"})
    if unknown:
        where = ("regulation", unknown[0])
        raise PackError(path, lines.get(where), f"unknown key {unknown[0]!r}", ".".join(where))

    def text(key: str) -> str:
        return _text(path, lines, value[key], "regulation", key) if key in value else ""

    words = value.get("obligation_words", [])
    return Regulation(
        entity=text("entity"),
        file=text("file"),
        language=text("language"),
        obligation_words=_words(path, lines, words, "regulation", "obligation_words"),
    )


def _words(path: Path, lines: dict, value: Any, *where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise PackError(path, lines.get(where), "expected a list", ".".join(where))
    return tuple(_text(path, lines, w, *where) for w in value)
