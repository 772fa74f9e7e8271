"""Knowledge packs (concepts, entities, metrics, series) and the mention linker."""

from policyscope.knowledge.linker import Linker, Mention
from policyscope.knowledge.loader import (
    Pack,
    PackError,
    load_default_pack,
    load_pack,
    load_with_user_packs,
    merge_packs,
    norm_alias,
)
from policyscope.knowledge.useredit import add_alias

__all__ = [
    "Linker",
    "Mention",
    "Pack",
    "PackError",
    "add_alias",
    "load_default_pack",
    "load_pack",
    "load_with_user_packs",
    "merge_packs",
    "norm_alias",
]
