"""The pack in use, built once per process: the shipped pack merged with user packs.

Functions here are what the Workspace plugs into ingest (by import path, so they reach
worker processes): extra tokenizer terms, and the mentions of a text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from policyscope.knowledge.termcache import cached_terms

if TYPE_CHECKING:  # the loader (pydantic) loads only when a pack is needed, not for terms
    from policyscope.knowledge.linker import Linker
    from policyscope.knowledge.loader import Pack


@lru_cache(maxsize=8)
def pack_for(*user_dirs: str) -> Pack:
    from policyscope.knowledge.loader import load_default_pack, load_with_user_packs

    return load_with_user_packs(*user_dirs) if user_dirs else load_default_pack()


@lru_cache(maxsize=8)
def linker_for(*user_dirs: str) -> Linker:
    from policyscope.knowledge.linker import Linker

    return Linker(pack_for(*user_dirs))


def policy_terms(*user_dirs: str) -> list[str]:
    """Surface forms the tokenizers keep whole (so adding an alias changes tokenisation);
    cached on disk across processes (`termcache`)."""
    return cached_terms(user_dirs, lambda: pack_for(*user_dirs).policy_terms())


def link_text(*args: str) -> list[tuple[str, str, str, int, int]]:
    """(kind, item_id, surface, start, end) of every concept/entity mention in the text
    (the last argument; the ones before it name user packs)."""
    *user_dirs, text = args
    return [
        (m.kind, m.item_id, m.surface, m.start, m.end) for m in linker_for(*user_dirs).find(text)
    ]


@lru_cache(maxsize=8)
def _surfaces_by_item(*user_dirs: str) -> dict[str, list[str]]:
    from policyscope.knowledge.loader import norm_alias

    pack = pack_for(*user_dirs)
    ambiguous = {norm_alias(f) for f in pack.ambiguous_forms()}
    out: dict[str, set[str]] = {}
    for form, targets in pack.all_surface_forms().items():
        if norm_alias(form) in ambiguous:
            continue
        for _kind, item_id in targets:
            out.setdefault(item_id, set()).add(form)
    return {k: sorted(v, key=lambda f: (-len(f), f)) for k, v in out.items()}


def surfaces(item_id: str, *user_dirs: str) -> list[str]:
    """The unambiguous surface forms of a concept or entity, longest first."""
    return _surfaces_by_item(*user_dirs).get(item_id, [])
