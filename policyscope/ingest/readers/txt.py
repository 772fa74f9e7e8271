"""Plain text and Markdown files."""

from __future__ import annotations

from pathlib import Path

from policyscope.model import RawDocument

from .encoding import decode_bytes
from .registry import reader


def read_text(path: Path, data: bytes, *, fmt: str = "txt") -> RawDocument:
    """A .txt/.md file (or one without a suffix) as it is, decoded."""
    warnings: list[str] = []
    text = decode_bytes(data, path, warnings=warnings)
    return RawDocument(text=text, format=fmt, meta={"warning": warnings[0]} if warnings else {})


@reader("txt", suffixes=(".txt", ""), mimes=("text/plain",), noun="a text file")
def read_txt(path: Path, data: bytes) -> RawDocument:
    """A .txt file, or one without a suffix."""
    return read_text(path, data)


@reader("md", suffixes=(".md",), mimes=("text/markdown",), noun="a Markdown file")
def read_md(path: Path, data: bytes) -> RawDocument:
    return read_text(path, data, fmt="md")
