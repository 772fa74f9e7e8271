"""Edit a user pack: add a surface form to an existing concept or entity.

The shipped pack is never touched; aliases go to `<user_pack_dir>/aliases.yaml`
(`add_aliases: [{id, aliases}]`), with a `pack.yaml` (extends: [<base id>]) created on
first use.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from policyscope.knowledge.loader import (
    Pack,
    PackError,
    load_default_pack,
    load_pack,
    merge_packs,
    norm_alias,
)


def _ensure_pack_yaml(root: Path, base: Pack) -> None:
    meta = root / "pack.yaml"
    if meta.is_file():
        return
    root.mkdir(parents=True, exist_ok=True)
    meta.write_text(
        yaml.safe_dump(
            {
                "id": "user",
                "name": "User additions",
                "version": "1",
                "description": "Local additions to the shipped knowledge pack.",
                "extends": [base.id],
            },
            allow_unicode=True,
            sort_keys=False,
        ),
        encoding="utf-8",
    )


def add_alias(
    user_pack_dir: str | Path, item_id: str, alias: str, base: Pack | None = None
) -> Path:
    """Add `alias` to concept/entity `item_id` in the user pack; return the file written.

    Raises PackError for an unknown id (with suggestions), an empty alias, or an alias
    that already names a different item. Adding a form the item already has is a no-op.
    """
    root = Path(user_pack_dir)
    base = base if base is not None else load_default_pack()
    alias = alias.strip()
    if not alias:
        raise PackError(None, None, "add_alias: the alias is empty", "alias")
    current = base
    if (root / "pack.yaml").is_file():
        current = merge_packs(base, load_pack(root))
    item = current.concepts.get(item_id) or current.entities.get(item_id)
    if item is None:
        ids = list(current.concepts) + list(current.entities)
        close = difflib.get_close_matches(item_id, ids, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise PackError(None, None, f"add_alias: unknown concept or entity id {item_id!r}{hint}")
    key = norm_alias(alias)
    for form, owners in current.all_surface_forms().items():
        if norm_alias(form) != key:
            continue
        others = [i for _, i in owners if i != item_id]
        if others:
            raise PackError(
                None,
                None,
                f"add_alias: {alias!r} already names {', '.join(others)}; not added to {item_id!r}",
                "alias",
            )
        return root / "aliases.yaml"  # already a form of this item

    _ensure_pack_yaml(root, base)
    path = root / "aliases.yaml"
    data: dict = {"add_aliases": []}
    if path.is_file():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise PackError(path, 1, "expected 'add_aliases:' at the top")
        data = loaded
        data.setdefault("add_aliases", [])
    for entry in data["add_aliases"]:
        if entry.get("id") == item_id:
            entry.setdefault("aliases", []).append(alias)
            break
    else:
        data["add_aliases"].append({"id": item_id, "aliases": [alias]})
    path.write_text(
        "# Surface forms added to items of other packs (policyscope add-alias).\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    # the result must still load and merge cleanly
    merge_packs(base, load_pack(root))
    return path


__all__ = ["add_alias"]
