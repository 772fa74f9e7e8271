"""The pack's policy terms, kept on disk between processes.

Every command that tokenizes (a one-word query too) needs the terms the tokenizers keep
whole, and reading the pack for them costs 0.5 s of CPU (pydantic and YAML: more than the
rest of `policyscope search`). The list is saved as JSON in the user cache directory
($POLICYSCOPE_CACHE_DIR, else $XDG_CACHE_HOME/policyscope, else ~/.cache/policyscope),
under a key made of the size and modification time of every pack file (shipped and user
packs) and of the code that derives the terms, so editing a pack, adding an alias or
upgrading PolicyScope computes the list again. A cache that cannot be read or written is
no error: the terms are computed as before.

The pack itself is kept the same way (`cached_pack`, pickled under the same key): reading
its YAML and validating it costs 0.17 s of every command that uses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

FORMAT = 1
_HERE = Path(__file__).resolve().parent
SHIPPED_PACK = _HERE / "packs" / "china_ai"
# the code policy_terms() runs: a change there changes the terms without touching a pack
_CODE = (_HERE / "loader.py", _HERE / "schema.py", _HERE.parent / "text" / "normalize.py")


def cache_dir() -> Path:
    explicit = os.environ.get("POLICYSCOPE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policyscope"


def _stamp(path: Path) -> list:
    try:
        st = path.stat()
    except OSError:
        return [str(path), None]
    return [str(path), st.st_mtime_ns, st.st_size]


def _pack_stamps(folder: Path) -> list:
    if not folder.is_dir():
        return [[str(folder), None]]
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
    return [_stamp(folder)] + [_stamp(p) for p in files]


def cache_key(user_dirs: tuple[str, ...]) -> str:
    parts = [FORMAT, [_stamp(p) for p in _CODE], _pack_stamps(SHIPPED_PACK)]
    parts += [_pack_stamps(Path(d).resolve()) for d in user_dirs]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def cached_terms(user_dirs: tuple[str, ...], compute: Callable[[], list[str]]) -> list[str]:
    """The policy terms of the shipped pack merged with `user_dirs`: from the cache when
    no file they derive from has changed, else `compute()` (then saved)."""
    try:
        path = cache_dir() / f"terms-{cache_key(user_dirs)}.json"
    except OSError:
        return compute()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, list) and all(isinstance(t, str) for t in data):
            return data
    except (OSError, ValueError):
        pass
    terms = compute()
    _save(path, json.dumps(terms, ensure_ascii=False).encode("utf-8"))
    return terms


def cached_pack(user_dirs: tuple[str, ...], kind: type[T], compute: Callable[[], T]) -> T:
    """The pack of the shipped pack merged with `user_dirs`, unpickled when no file it
    derives from has changed, else `compute()` (then saved). The file lives in the user's
    own cache directory, which is trusted as their home is; anything but a `kind` in it
    (or a file of another Python) is ignored."""
    try:
        tag = f"{sys.version_info.major}{sys.version_info.minor}"
        path = cache_dir() / f"pack-{cache_key(user_dirs)}-py{tag}.pickle"
    except OSError:
        return compute()
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if isinstance(data, kind):
            return data
    except Exception:  # unreadable, or written by another version: build it again
        pass
    pack = compute()
    try:
        data = pickle.dumps(pack, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return pack
    _save(path, data)
    return pack


def _save(path: Path, data: bytes) -> None:
    """Write atomically (another process may read it at the same time); skip on failure."""
    kind = path.name.split("-")[0]  # terms or pack
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        _prune(path.parent, f"{kind}-*{path.suffix}")
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass


def _prune(folder: Path, pattern: str = "terms-*.json", keep: int = 16) -> None:
    """Every pack edit leaves a new file: keep the newest few."""
    files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
