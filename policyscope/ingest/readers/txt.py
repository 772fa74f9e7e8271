"""Plain text and Markdown files."""

from __future__ import annotations

from pathlib import Path

from policyscope.model import RawDocument

from .encoding import decode_bytes


def read_text(path: Path, data: bytes, *, fmt: str = "txt") -> RawDocument:
    """A .txt/.md file (or one without a suffix) as it is, decoded."""
    warnings: list[str] = []
    text = decode_bytes(data, path, warnings=warnings)
    return RawDocument(text=text, format=fmt, meta={"warning": warnings[0]} if warnings else {})
