"""Which SQLite the embedded store runs on, and whether it can keep the text once.

The store's full-text indexes hold no copy of what they index (`content=''`) and still
delete by rowid (`contentless_delete=1`, SQLite 3.43, 2023). Python's own sqlite3 is often
older (3.40 on Debian 12), so pysqlite3-binary, which bundles a current SQLite, is used when
it is installed (a dependency on Linux x86_64). Elsewhere Python's sqlite3 is used; when it
is older than 3.43 the indexes keep their own copy of the text (a larger store, the same
answers), and a store built the lean way says what to install to open it.
"""

from __future__ import annotations

from types import ModuleType

try:
    from pysqlite3 import dbapi2 as _module
except ImportError:  # not on this platform: Python's own
    import sqlite3 as _module

dbapi: ModuleType = _module
VERSION: tuple[int, int, int] = _module.sqlite_version_info
# FTS5 tables that store no text and still delete by rowid
LEAN: bool = VERSION >= (3, 43, 0)
LEAN_HINT = (
    "it needs SQLite 3.43 or newer: install pysqlite3-binary (pip install pysqlite3-binary) "
    "or use a Python whose sqlite3 is newer"
)
