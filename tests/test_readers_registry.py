"""Readers register themselves; a new format is one new module in ingest/readers/."""

from __future__ import annotations

import sys
import textwrap

import pytest

import policyscope.ingest.readers as readers_pkg
from policyscope.errors import ReadError
from policyscope.ingest.readers import SUPPORTED_SUFFIXES, read_file, registry, sniff

NEW_READER = textwrap.dedent(
    '''
    """A made-up format for the test: a magic line, then text."""

    from pathlib import Path

    from policyscope.ingest.readers.registry import reader
    from policyscope.model import RawDocument

    MAGIC = b"ZZDOC1\\n"


    def is_zz(data: bytes) -> bool:
        return data.startswith(MAGIC)


    @reader("zz", suffixes=(".zz",), mimes=("application/x-zz",), sniff=is_zz,
            priority=35, binary=True, noun="a .zz document")
    def read_zz(path: Path, data: bytes) -> RawDocument:
        return RawDocument(text=data[len(MAGIC):].decode("utf-8"), format="zz", meta={})
    '''
)


@pytest.fixture
def zz_module(tmp_path, monkeypatch):
    """A reader module in a folder added to the readers package, as if dropped in it."""
    folder = tmp_path / "more_readers"
    folder.mkdir()
    (folder / "zz_format.py").write_text(NEW_READER, encoding="utf-8")
    monkeypatch.setattr(readers_pkg, "__path__", [*readers_pkg.__path__, str(folder)])
    monkeypatch.setattr(registry, "_READERS", dict(registry._READERS))
    monkeypatch.setattr(registry, "_discovered", set())
    yield folder
    sys.modules.pop("policyscope.ingest.readers.zz_format", None)


def test_the_shipped_formats_are_registered():
    got = registry.readers()
    assert {"pdf", "docx", "hwpx", "hwp", "html", "txt", "md"} <= set(got)
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".hwpx", ".hwp"}
    assert {r.name for r in got.values() if r.binary} == {"docx", "hwp", "hwpx", "pdf"}
    assert registry.by_suffix("") is got["txt"]
    assert registry.suffix_for_mime("application/pdf; charset=binary") == ".pdf"
    assert registry.suffix_for_mime("application/hwp+zip") == ".hwpx"
    assert registry.suffix_for_mime("image/png") is None


def test_a_reader_in_a_new_module_is_discovered(zz_module, tmp_path):
    assert "zz" not in registry._READERS
    registry.discover()
    assert registry.readers()["zz"].noun == "a .zz document"
    f = tmp_path / "note.zz"
    f.write_bytes(b"ZZDOC1\nhello registry")
    raw = read_file(f)
    assert (raw.text, raw.format) == ("hello registry", "zz")
    # its sniffer also wins over a wrong suffix, and names the format read
    g = tmp_path / "note.txt"
    g.write_bytes(b"ZZDOC1\nsniffed")
    assert sniff(g.read_bytes()) == "zz"
    raw = read_file(g)
    assert (raw.text, raw.meta["sniffed"]) == ("sniffed", "zz")
    # a binary format's suffix on other content is refused with its noun
    h = tmp_path / "bad.zz"
    h.write_bytes(b"plain words, no magic")
    with pytest.raises(ReadError, match="not a .zz document"):
        read_file(h)
