"""Knowledge packs (concepts, entities, metrics, series) and the mention linker.

The names below load on first use: the loader and its pydantic schema cost 0.3 s of CPU,
which a query command that needs only the cached term list (`termcache`) never pays."""

from __future__ import annotations

import importlib

_WHERE = {
    "Linker": "linker",
    "Mention": "linker",
    "Pack": "loader",
    "PackError": "loader",
    "load_default_pack": "loader",
    "load_pack": "loader",
    "load_with_user_packs": "loader",
    "merge_packs": "loader",
    "norm_alias": "loader",
    "add_alias": "useredit",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
