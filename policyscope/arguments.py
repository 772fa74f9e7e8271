"""Query arguments checked before they run: a typo in a filter is an error that lists what
the store holds, not a silent empty answer; text that cannot be searched is named."""

from __future__ import annotations

import re

from sqlalchemy import text

from policyscope.errors import BadArgument

# Paragraph languages the detector gives (text.langid); a store may hold others from
# metadata, which are added from the documents table.
BASE_LANGS = ("en", "ja", "ko", "zh", "und")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def check_text(value: str, what: str) -> None:
    """A search term or query: no NUL (SQLite ends strings there) and valid Unicode
    (bytes that were not UTF-8 reach here as lone surrogates)."""
    if "\x00" in value:
        raise BadArgument(f"{what} {_shown(value)} holds a NUL character; remove it")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadArgument(
            f"{what} {_shown(value)} is not valid UTF-8; type it again in a UTF-8 terminal"
        ) from None


def check_filter(store, series=None, lang=None, date_from=None, date_to=None) -> None:
    """Empty values mean no filter (as in DocFilter)."""
    for value, what in ((series, "series"), (lang, "language")):
        if value:
            check_text(value, what)
    for value, what in ((date_from, "--from"), (date_to, "--to")):
        if value and not _DATE.match(str(value)):
            raise BadArgument(f"{what} {value!r}: give a date as 2025, 2025-03 or 2025-03-05")
    if series:
        known = _distinct(store, "series")
        if series not in known:
            raise BadArgument(f"unknown series {series!r}; the store has: {_listing(known)}")
    if lang:
        known = sorted(set(BASE_LANGS) | set(_distinct(store, "language")))
        if lang not in known:
            raise BadArgument(f"unknown language {lang!r}; use one of: {', '.join(known)}")


def _distinct(store, column: str) -> list[str]:
    sql = f"SELECT DISTINCT {column} FROM documents WHERE superseded_by IS NULL"
    with store.engine.connect() as conn:
        return sorted(r[0] for r in conn.execute(text(sql)) if r[0])


def _listing(values: list[str]) -> str:
    if not values:
        return "no series (set one with 'ingest --series' or a manifest)"
    shown = ", ".join(values[:20])
    return shown + (f" and {len(values) - 20} more" if len(values) > 20 else "")


def _shown(value: str) -> str:
    """The value as typed: bytes that were not UTF-8 as \\xNN."""
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "backslashreplace")
    return "'" + raw.decode("utf-8", "backslashreplace").replace("\x00", "\\x00") + "'"
