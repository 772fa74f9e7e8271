"""The knowledge in use: one `Knowledge` per set of user packs (the shipped pack merged
with them), kept in a registry (`knowledge_for`) and built on first use.

The module-level functions are what the Workspace plugs into ingest (by import path, so
they reach worker processes): extra tokenizer terms, and the mentions of a text.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from policyscope.errors import NotFound
from policyscope.knowledge.termcache import cached_pack, cached_terms

if TYPE_CHECKING:  # the loader (pydantic) loads only when a pack is needed, not for terms
    from policyscope.knowledge.linker import Linker
    from policyscope.knowledge.loader import Pack

Mention = tuple[str, str, str, int, int]  # (kind, item_id, surface, start, end)
ITEM_PREFIXES = ("concept:", "entity:")


def item_ref(term: str) -> str | None:
    """The pack id in 'concept:ID' or 'entity:ID', else None."""
    for prefix in ITEM_PREFIXES:
        if term.startswith(prefix):
            return term[len(prefix) :]
    return None


class Knowledge:
    """The pack, its linker and surface forms for one ordered set of user pack folders;
    each built once, until `invalidate()` (a pack on disk changed)."""

    def __init__(self, user_dirs: tuple[str, ...] = ()) -> None:
        self.user_dirs = tuple(user_dirs)

    def invalidate(self) -> None:
        """Forget everything built from the packs: they are read again on next use."""
        for name in ("pack", "linker", "surfaces_by_item"):
            self.__dict__.pop(name, None)

    @cached_property
    def pack(self) -> Pack:
        from policyscope.knowledge.loader import (  # noqa: PLC0415 (lazy: pydantic start-up)
            Pack,
            load_default_pack,
            load_with_user_packs,
        )

        def build() -> Pack:
            return load_with_user_packs(*self.user_dirs) if self.user_dirs else load_default_pack()

        return cached_pack(self.user_dirs, Pack, build)

    @cached_property
    def linker(self) -> Linker:
        from policyscope.knowledge.linker import (  # noqa: PLC0415 (lazy: pydantic start-up)
            Linker,
        )

        return Linker(self.pack)

    @cached_property
    def surfaces_by_item(self) -> dict[str, list[str]]:
        """Every item's unambiguous surface forms, longest first."""
        from policyscope.knowledge.loader import (  # noqa: PLC0415 (lazy: pydantic start-up)
            norm_alias,
        )

        pack = self.pack
        ambiguous = {norm_alias(f) for f in pack.ambiguous_forms()}
        out: dict[str, set[str]] = {}
        for form, targets in pack.all_surface_forms().items():
            if norm_alias(form) in ambiguous:
                continue
            for _kind, item_id in targets:
                out.setdefault(item_id, set()).add(form)
        return {k: sorted(v, key=lambda f: (-len(f), f)) for k, v in out.items()}

    def surfaces(self, item_id: str) -> list[str]:
        """The unambiguous surface forms of a concept or entity, longest first."""
        return self.surfaces_by_item.get(item_id, [])

    def policy_terms(self) -> list[str]:
        """Surface forms the tokenizers keep whole, cached on disk across processes."""
        return cached_terms(self.user_dirs, lambda: self.pack.policy_terms())

    def link(self, text: str) -> list[Mention]:
        return [(m.kind, m.item_id, m.surface, m.start, m.end) for m in self.linker.find(text)]

    @property
    def main_series(self) -> str | None:
        """The series the pack declares first: the default primary source to check against
        (the shipped pack's Government Work Reports)."""
        return next(iter(self.pack.series), None)

    def require_item(self, item_id: str) -> None:
        if item_id not in self.pack:
            raise NotFound(
                f"no concept or entity {item_id!r} in the pack; "
                "find ids with 'policyscope concepts' or 'policyscope entities'"
            )

    def item_ids(self, item_id: str, narrower: bool = False) -> list[str]:
        """`item_id` (which must be in the pack) and, with `narrower`, every concept below
        it, breadth first."""
        self.require_item(item_id)
        ids = [item_id]
        if narrower:
            todo = [item_id]
            while todo:
                for child in self.pack.narrower(todo.pop()):
                    if child not in ids:
                        ids.append(child)
                        todo.append(child)
        return ids


_REGISTRY: dict[tuple[str, ...], Knowledge] = {}


def knowledge_for(*user_dirs: str) -> Knowledge:
    """The one Knowledge of these user packs (in this order) in this process."""
    key = tuple(user_dirs)
    found = _REGISTRY.get(key)
    if found is None:
        found = _REGISTRY[key] = Knowledge(key)
    return found


def invalidate(folder: str | None = None) -> None:
    """A pack folder changed on disk: every Knowledge built with it reads it again (all of
    them when `folder` is None; the shipped pack is in each)."""
    for key, knowledge in _REGISTRY.items():
        if folder is None or folder in key:
            knowledge.invalidate()


def pack_for(*user_dirs: str) -> Pack:
    return knowledge_for(*user_dirs).pack


def linker_for(*user_dirs: str) -> Linker:
    return knowledge_for(*user_dirs).linker


def policy_terms(*user_dirs: str) -> list[str]:
    """Surface forms the tokenizers keep whole (so adding an alias changes tokenisation);
    cached on disk across processes (`termcache`)."""
    return knowledge_for(*user_dirs).policy_terms()


def surfaces(item_id: str, *user_dirs: str) -> list[str]:
    """The unambiguous surface forms of a concept or entity, longest first."""
    return knowledge_for(*user_dirs).surfaces(item_id)
