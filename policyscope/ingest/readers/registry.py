"""The readers registry: each file format registers its reader where it is written.

    from policyscope.ingest.readers.registry import reader

    @reader("odt", suffixes=(".odt",), sniff=is_odt, priority=30, binary=True, noun="an .odt")
    def read_odt(path: Path, data: bytes) -> RawDocument: ...

Every module of the `policyscope.ingest.readers` package is imported on first use
(`discover`), so adding a format is adding one module there.

- `suffixes`: the file name endings (lower case, with the dot; "" for no suffix) read
  with this reader;
- `mimes`: content types a download of this format is served with;
- `sniff(data) -> bool`: whether the bytes show this format; sniffers run from the highest
  `priority` down (a PDF header wins over HTML-looking text, a .docx is told from an
  .hwpx before "some zip");
- `binary`: a container format, whose content must agree with its suffix (a .pdf that
  holds HTML is read as HTML, a .pdf that holds nothing known is refused);
- `reads_damage`: the reader itself names what is wrong with a file of its suffix whose
  bytes show no known format (a zip-based reader tells a cut-off archive precisely);
- `noun`: the format in an error message ("not a PDF (...)").
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from policyscope.model import RawDocument

__all__ = ["Reader", "discover", "reader", "readers", "sniffed_format", "suffix_for_mime"]

ReadFn = Callable[[Path, bytes], RawDocument]
F = TypeVar("F", bound=ReadFn)
PACKAGE = "policyscope.ingest.readers"


@dataclass(frozen=True)
class Reader:
    """One registered file format."""

    name: str
    read: ReadFn
    suffixes: tuple[str, ...] = ()
    mimes: tuple[str, ...] = ()
    sniff: Callable[[bytes], bool] | None = None
    priority: int = 0
    binary: bool = False
    reads_damage: bool = False
    noun: str = ""


_READERS: dict[str, Reader] = {}
_discovered: set[str] = set()


def reader(
    name: str,
    *,
    suffixes: tuple[str, ...] = (),
    mimes: tuple[str, ...] = (),
    sniff: Callable[[bytes], bool] | None = None,
    priority: int = 0,
    binary: bool = False,
    reads_damage: bool = False,
    noun: str = "",
) -> Callable[[F], F]:
    """Register the decorated function `(path, data) -> RawDocument` as the reader of a
    format (a later registration of the same name replaces the earlier one)."""

    def register(read: F) -> F:
        _READERS[name] = Reader(
            name,
            read,
            tuple(s.lower() for s in suffixes),
            tuple(mimes),
            sniff,
            priority,
            binary,
            reads_damage,
            noun or name,
        )
        return read

    return register


def discover(package: str = PACKAGE) -> None:
    """Import every module of the package once, so that its readers register."""
    if package in _discovered:
        return
    pkg = importlib.import_module(package)
    for module in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{package}.{module.name}")
    _discovered.add(package)


def readers() -> dict[str, Reader]:
    """Every registered reader by format name."""
    discover()
    return _READERS


def by_suffix(suffix: str) -> Reader | None:
    """The reader of a file name ending ('.pdf'; '' for none), or None."""
    suffix = suffix.lower()
    for r in readers().values():
        if suffix in r.suffixes:
            return r
    return None


def sniffed_format(data: bytes) -> str | None:
    """The name of the first reader, by priority, whose sniffer knows the bytes."""
    ordered = sorted(readers().values(), key=lambda r: (-r.priority, r.name))
    for r in ordered:
        if r.sniff is not None and r.sniff(data):
            return r.name
    return None


def suffix_for_mime(mime: str) -> str | None:
    """The first suffix of the reader that declares this content type, or None."""
    mime = mime.split(";", maxsplit=1)[0].strip().lower()
    for r in readers().values():
        if mime in r.mimes and r.suffixes:
            return r.suffixes[0]
    return None
