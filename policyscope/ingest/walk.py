"""Which files an ingest call covers: named files as given, folders walked recursively.

A path that cannot be taken (missing, a FIFO, a symlink loop) is reported and the others go
on. File names that are not UTF-8 (CP949 names from a Korean Windows zip) are kept as bytes
and shown in a decoded form.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".hwpx", ".hwp"}

# Encodings tried for a name that is not UTF-8, most likely first (Korean Windows zips
# carry CP949; Chinese ones GBK). Used only to show the name: the bytes are what is kept.
_NAME_ENCODINGS = ("cp949", "gbk", "shift_jis")


def expand(
    paths: Sequence[str | os.PathLike[str]],
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(files to ingest in a stable order, [(path, why it was skipped)]). Hidden files and
    folders are skipped in walks; a file named explicitly is always taken (so an unsupported
    one fails loudly)."""
    out: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for given in paths:
        p = Path(given)
        problem = _unusable(p)
        if problem:
            skipped.append((p, problem))
            continue
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            found = [p]
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out, skipped


def _unusable(p: Path) -> str | None:
    """Why a path named on the command line cannot be ingested, or None."""
    try:
        mode = p.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop; point it at a real file or folder"
        if p.is_symlink():
            return "a symbolic link to nothing (its target is missing)"
        if exc.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot open it ({exc.strerror})"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return None
    kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "not a regular file"
    return f"{kind}; give a file or a folder"


def shown(path: str | Path) -> str:
    """`path` fit to store and print: itself when it is valid Unicode, else its name decoded
    from the likeliest legacy encoding (undecodable bytes as \\xNN)."""
    s = str(path)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        pass
    # part by part: the folders may well be UTF-8 while the name is CP949
    return "/".join(_decoded(part) for part in os.fsencode(s).split(b"/"))


def _decoded(raw: bytes) -> str:
    for enc in ("utf-8", *_NAME_ENCODINGS):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


def raw_bytes(path: str | Path) -> str | None:
    """The name's bytes as hex when they are not UTF-8 (what `shown` cannot give back)."""
    s = str(path)
    try:
        s.encode("utf-8")
        return None
    except UnicodeEncodeError:
        return os.fsencode(s).hex()
