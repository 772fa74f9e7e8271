"""What a command loads decides how fast it starts: `--help` opens no store, and a query
loads neither ingest's readers and date finders nor the extractors (0.3 s of imports)."""

import json
import subprocess
import sys

from policyscope.knowledge import runtime, termcache
from policyscope.knowledge.loader import DEFAULT_PACK_DIR, Pack, load_pack
from policyscope.store.sql import Store
from tests.test_store import prepared

HEAVY_FOR_A_QUERY = [
    "policyscope.ingest.prepare",
    "policyscope.ingest.metadata",
    "policyscope.extract.runtime",
    "policyscope.extract.claims",
]


def _loaded(code: str, *names: str) -> list[str]:
    report = f"print(json.dumps([m for m in {list(names)!r} if m in sys.modules]))"
    probe = f"{code}\nimport json, sys\n{report}"
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_help_opens_no_store():
    code = (
        "import sys\nsys.argv = ['policyscope', '--help']\nfrom policyscope.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert _loaded(code, "sqlalchemy", "policyscope.workspace", "policyscope.store.sql") == []


def test_a_query_loads_neither_ingest_nor_the_extractors(tmp_path):
    db = tmp_path / "w.db"
    s = Store(db)
    s.add_document(prepared("甲乙丙", "a1", path="/tmp/a1.txt"))
    s.close()
    code = (
        "from policyscope.workspace import Workspace\n"
        f"hits = Workspace({str(db)!r}).search('甲')\n"
        "assert len(hits) == 1, hits"
    )
    assert _loaded(code, *HEAVY_FOR_A_QUERY, "policyscope.workspace") == ["policyscope.workspace"]


def test_the_pack_comes_back_from_the_cache_as_read(tmp_path, monkeypatch):
    # every command that uses the pack read its YAML again (0.17 s): now it is pickled once
    monkeypatch.setenv("POLICYSCOPE_CACHE_DIR", str(tmp_path))
    runtime.invalidate()
    fresh = load_pack(DEFAULT_PACK_DIR)
    assert runtime.pack_for().concepts == fresh.concepts
    assert len(list(tmp_path.glob("pack-*.pickle"))) == 1

    def fail():
        raise AssertionError("read again although no pack file changed")

    again = termcache.cached_pack((), Pack, fail)
    for part in ("meta", "concepts", "entities", "metrics", "series", "origins"):
        assert getattr(again, part) == getattr(fresh, part), part
    assert again.policy_terms() == fresh.policy_terms()
    runtime.invalidate()


def test_a_broken_pack_cache_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYSCOPE_CACHE_DIR", str(tmp_path))
    runtime.invalidate()
    runtime.pack_for()
    [cached] = tmp_path.glob("pack-*.pickle")
    cached.write_bytes(b"not a pickle")
    runtime.invalidate()
    assert "embodied_ai" in runtime.pack_for().concepts
    runtime.invalidate()


def test_a_query_that_reads_no_file_loads_no_reader(tmp_path):
    db = tmp_path / "w.db"
    s = Store(db)
    s.add_document(prepared("甲乙丙", "a1", path="/tmp/a1.txt"))
    s.close()
    code = (
        "from policyscope.workspace import Workspace\n"
        f"assert len(Workspace({str(db)!r}).documents()) == 1"
    )
    assert _loaded(code, "policyscope.ingest.readers", "policyscope.workspace") == [
        "policyscope.workspace"
    ]
    code = (
        "from policyscope.workspace import Workspace\nassert '.pdf' in Workspace.readable_suffixes"
    )
    assert _loaded(code, "policyscope.ingest.readers") == ["policyscope.ingest.readers"]
