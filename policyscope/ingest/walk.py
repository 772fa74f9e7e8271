"""Which files an ingest call covers: named files as given, folders walked recursively."""

from __future__ import annotations

from pathlib import Path

from policyscope.errors import ReadError

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".hwpx", ".hwp"}


def expand(paths: list[str | Path]) -> list[Path]:
    """Files to ingest, in a stable order. Hidden files and folders are skipped in walks;
    a file named explicitly is always taken (so an unsupported one fails loudly)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        elif p.is_file():
            found = [p]
        else:
            raise ReadError(p, "no such file or folder")
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out
