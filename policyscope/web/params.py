"""Checks for every path and query parameter the web app takes, and the scrubbing of server
paths from what it answers. A bad value raises BadArgument (a JSON or page 400 naming the
parameter), never reaches the Workspace, and never becomes a 500."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from fastapi import Path as PathParam

from policyscope.errors import BadArgument

MAX_ID = 2**63 - 1
MAX_OFFSET = 10_000_000
MAX_TEXT = 200  # series, metric, subject, kind ... : short labels
MAX_QUERY = 500
MAX_TITLE = 500
MAX_REF = 1000
ITEM_PATH = PathParam(max_length=MAX_TEXT, description="Concept or entity id")
ID_PATH = PathParam(max_length=20, description="A whole number in ASCII digits")
EXPORT_WHAT = PathParam(pattern="^(facts|conflicts)$", description="facts or conflicts")
EXPORT_FMT = PathParam(pattern="^(csv|jsonl)$", description="csv or jsonl")
LANG_RE = re.compile(r"^(ko|zh|ja|en)$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ASCII_DIGITS = re.compile(r"^[0-9]+$")


def whole(name: str, value: str | int | None, default: int, lo: int = 0, hi: int = MAX_OFFSET):
    """A whole number written in ASCII digits within [lo, hi] ('²', '①', '٣' are refused)."""
    if value is None or value == "":
        return default
    if isinstance(value, int):
        n = value
    elif not ASCII_DIGITS.match(value.strip()) or len(value.strip()) > 19:
        raise BadArgument(f"{name} {value[:40]!r}: give a whole number in ASCII digits")
    else:
        n = int(value.strip())
    if not lo <= n <= hi:
        raise BadArgument(f"{name} must be between {lo} and {hi} (got {n})")
    return n


def doc_ref(value: str | None, name: str = "doc") -> str | None:
    """A document reference: an id in ASCII digits within range, or a path/title."""
    if value is None or value == "":
        return None
    if len(value) > MAX_REF:
        raise BadArgument(f"{name}: at most {MAX_REF} characters")
    if value.isdigit():  # also true for '²', '①', '٣': those are refused by whole()
        return str(whole(name, value, 0, lo=1, hi=MAX_ID))
    if "\x00" in value:
        raise BadArgument(f"{name}: contains a NUL character")
    return value


def text(name: str, value: str | None, limit: int = MAX_TEXT) -> str | None:
    if value is None or value == "":
        return None
    if len(value) > limit:
        raise BadArgument(f"{name}: at most {limit} characters (got {len(value)})")
    if "\x00" in value:
        raise BadArgument(f"{name}: contains a NUL character")
    return value


def given(name: str, value: str | None, limit: int = MAX_TEXT) -> str:
    """Like `text`, for a value that must be there."""
    checked = text(name, value, limit)
    if checked is None:
        raise BadArgument(f"{name}: give a value")
    return checked


def lang(value: str | None, name: str = "lang") -> str | None:
    if value and not LANG_RE.match(value):
        raise BadArgument(f"{name} {value[:20]!r}: use ko, zh, ja or en")
    return value or None


def date(name: str, value: str | None) -> str | None:
    """An ISO date, month or year that exists: 2025-02-31 and 2025-13 are refused."""
    if not value:
        return None
    m = DATE_RE.match(value)
    if not m:
        raise BadArgument(
            f"{name} {value[:40]!r}: use an ISO date, e.g. 2024, 2024-03 or 2024-03-05"
        )
    year, month, day = (int(x) if x else None for x in m.groups())
    try:
        _dt.date(year or 1, month or 1, day or 1)
    except ValueError:
        raise BadArgument(f"{name} {value!r}: no such date") from None
    return value


def choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise BadArgument(f"{name} {value[:40]!r}: use one of {', '.join(allowed)}")
    return value


# ------------------------------------------------------------------ server paths

_ABS = re.compile(r"(?<![\w:/.])/(?:[^\s/'\"<>(),;]+/)+[^\s/'\"<>(),;]*")


class Paths:
    """Turns server paths into what a user may see: relative to the workspace folder when
    inside it, else the bare file name."""

    def __init__(self, root: str | Path):
        self.root = str(Path(root).resolve()).rstrip("/") + "/"

    def path(self, value: str | None) -> str | None:
        if not value or not value.startswith("/"):
            return value
        if value.startswith(self.root):
            return value[len(self.root) :]
        return Path(value).name

    def message(self, msg: str) -> str:
        return _ABS.sub(lambda m: self.path(m.group(0)) or "", msg)

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for k, v in row.items():
            if k == "url" or k.endswith("_url"):  # a link into this site, not a server path
                pass
            elif isinstance(v, str) and v.startswith("/"):
                v = self.path(v)
            elif isinstance(v, str) and k in ("error", "message"):
                v = self.message(v)
            out[k] = v
        return out
