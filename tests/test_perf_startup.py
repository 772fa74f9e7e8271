"""What a command loads decides how fast it starts: `--help` opens no store, and a query
loads neither ingest's readers and date finders nor the extractors (0.3 s of imports)."""

import json
import subprocess
import sys

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
