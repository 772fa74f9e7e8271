"""Load, validate and merge knowledge packs.

Every problem is raised as `PackError` naming the file, the line (from the YAML node
marks) and the field, e.g.::

    packs/x/concepts.yaml:14: concept 'ai_plus': broader[0]: unknown concept id 'ai_pluss'

`load_pack(path)` reads one pack folder; `load_default_pack()` the shipped China AI pack
(cached); `merge_packs(base, *user_packs)` overlays user packs, which may add new items
and add surface forms to existing ids (`aliases.yaml`: add_aliases) but never edit the
shipped files.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from policyscope.errors import PolicyScopeError
from policyscope.knowledge.schema import (
    REF_FIELDS,
    AliasAddition,
    AmbiguousVariant,
    Concept,
    Entity,
    Metric,
    PackMeta,
    Series,
)
from policyscope.knowledge.termcache import SHIPPED_PACK
from policyscope.text.normalize import fold

DEFAULT_PACK_DIR = SHIPPED_PACK  # one definition: the term cache keys on it too


class PackError(PolicyScopeError):
    """A knowledge pack is malformed. `file`, `line` and `field` say where."""

    def __init__(
        self, file: str | Path | None, line: int | None, message: str, field: str | None = None
    ):
        self.file = str(file) if file else None
        self.line = line
        self.field = field
        self.reason = message
        where = self.file or "<pack>"
        if line:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


# ---------------------------------------------------------------- YAML with line numbers

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as strings (we validate ISO dates ourselves)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)

Path_ = tuple[Any, ...]


def _line_map(node: yaml.Node, path: Path_, out: dict[Path_, int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else str(k)
            _line_map(v, (*path, key), out)
            out[(*path, key)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _line_map(v, (*path, i), out)


def read_yaml(path: Path) -> tuple[Any, dict[Path_, int]]:
    """(data, {path-in-document: 1-based line}) for one YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(path, None, f"cannot read: {exc}") from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise PackError(path, line, f"YAML syntax error: {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    if node is not None:
        _line_map(node, (), lines)
    return data, lines


@dataclass
class Origin:
    """Where an item was defined: file, line of the item, lines of its fields."""

    file: str
    line: int
    lines: dict[Path_, int] = field(default_factory=dict, repr=False)

    def line_of(self, *path: Any) -> int:
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.line


def norm_alias(s: str) -> str:
    """The comparison key of a surface form: folded, lower-cased, single-spaced."""
    return " ".join(fold(s).lower().split())


# ---------------------------------------------------------------- the Pack


Item = Concept | Entity


@dataclass
class Pack:
    meta: PackMeta
    concepts: dict[str, Concept] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    series: dict[str, Series] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict, repr=False)
    alias_additions: list[tuple[AliasAddition, Origin]] = field(default_factory=list, repr=False)
    path: Path | None = None

    # -- access
    @property
    def id(self) -> str:
        return self.meta.id

    def get(self, item_id: str) -> Concept | Entity | Metric | Series | None:
        for d in (self.concepts, self.entities, self.metrics, self.series):
            if item_id in d:
                return d[item_id]
        return None

    def kind_of(self, item_id: str) -> str | None:
        for name, d in (
            ("concept", self.concepts),
            ("entity", self.entities),
            ("metric", self.metrics),
            ("series", self.series),
        ):
            if item_id in d:
                return name
        return None

    def __contains__(self, item_id: object) -> bool:
        return isinstance(item_id, str) and self.kind_of(item_id) is not None

    def linkable(self) -> Iterator[tuple[str, Item]]:
        """(kind, item) for every concept and entity (the things the linker finds)."""
        for c in self.concepts.values():
            yield "concept", c
        for e in self.entities.values():
            yield "entity", e

    def narrower(self, concept_id: str) -> list[str]:
        return sorted(c.id for c in self.concepts.values() if concept_id in c.broader)

    def entities_of_type(self, type_: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_]

    def label(self, item_id: str, lang: str = "en") -> str:
        item = self.get(item_id)
        if item is None:
            return item_id
        labels: Any = getattr(item, "labels", None) or getattr(item, "names", None)
        return getattr(labels, lang, None) or labels.en

    # -- surface forms
    def all_surface_forms(self) -> dict[str, list[tuple[str, str]]]:
        """Every surface form as written (labels, variants, aliases and ambiguous
        variants) -> [(kind, id), ...]; kind is 'concept' or 'entity'."""
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for kind, item in self.linkable():
            forms = item.surface_forms() + [a.variant for a in item.ambiguous_variants]
            for f in forms:
                if (kind, item.id) not in out[f]:
                    out[f].append((kind, item.id))
        return dict(out)

    def ambiguous_forms(self) -> dict[str, list[tuple[str, str, AmbiguousVariant]]]:
        out: dict[str, list[tuple[str, str, AmbiguousVariant]]] = defaultdict(list)
        for kind, item in self.linkable():
            for a in item.ambiguous_variants:
                out[norm_alias(a.variant)].append((kind, item.id, a))
        return dict(out)

    def policy_terms(self) -> list[str]:
        """Multi-character surface forms (Han, Hangul, kana or Latin) to keep whole in
        tokenization, longest first. Ambiguous variants are excluded, and so is any form
        that is also an ambiguous variant of some item."""
        ambiguous = set(self.ambiguous_forms())
        seen: set[str] = set()
        terms: list[str] = []
        for _kind, item in self.linkable():
            for f in item.surface_forms():
                key = norm_alias(f)
                if key in seen or key in ambiguous or len(key) < 2:
                    continue
                if not any(ch.isalpha() for ch in key):
                    continue
                seen.add(key)
                terms.append(f)
        terms.sort(key=lambda t: (-len(t), t))
        return terms

    def metric_triggers(self, lang: str | None = None) -> dict[str, list[str]]:
        """trigger word -> [metric ids], for one language or all."""
        out: dict[str, list[str]] = defaultdict(list)
        for m in self.metrics.values():
            words = getattr(m.triggers, lang) if lang else m.triggers.all()
            for w in words:
                if m.id not in out[w]:
                    out[w].append(m.id)
        return dict(out)

    # -- validation
    def _err(self, item_id: str, message: str, *path: Any) -> PackError:
        o = self.origins.get(item_id)
        fld = ".".join(str(p) for p in path) if path else None
        kind = self.kind_of(item_id) or "item"
        msg = f"{kind} '{item_id}': {fld + ': ' if fld else ''}{message}"
        if o is None:
            return PackError(None, None, msg, fld)
        return PackError(o.file, o.line_of(*path), msg, fld)

    def validate(self, check_refs: bool = True) -> None:
        """Raise PackError on the first problem: unknown references, broader cycles,
        alias collisions not listed in allow_shared."""
        if check_refs:
            self._check_refs()
        self._check_cycles()
        self._check_collisions()

    def _check_refs(self) -> None:
        for c in self.concepts.values():
            for fld in ("broader", "related"):
                for i, ref in enumerate(getattr(c, fld)):
                    if ref not in self.concepts:
                        raise self._err(c.id, f"unknown concept id {ref!r}", fld, i)
        for e in self.entities.values():
            for fld, is_list, concept in REF_FIELDS.get(e.type, ()):
                val = e.attributes.get(fld)
                if val is None:
                    continue
                refs = val if is_list else [val]
                for i, ref in enumerate(refs):
                    ok = ref in self.concepts if concept else ref in self.entities
                    if not ok:
                        what = "concept" if concept else "entity"
                        path = ("attributes", fld, i) if is_list else ("attributes", fld)
                        raise self._err(e.id, f"unknown {what} id {ref!r}", *path)
            for i, role in enumerate(e.attributes.get("former_roles", []) or []):
                org = role.get("organization") if isinstance(role, dict) else None
                if org and org not in self.entities:
                    raise self._err(
                        e.id,
                        f"unknown entity id {org!r}",
                        "attributes",
                        "former_roles",
                        i,
                        "organization",
                    )
        for s in self.series.values():
            if s.issuer not in self.entities:
                raise self._err(s.id, f"unknown entity id {s.issuer!r}", "issuer")
            for i, m in enumerate(s.members):
                if m.speaker and m.speaker not in self.entities:
                    raise self._err(
                        s.id, f"unknown entity id {m.speaker!r}", "members", i, "speaker"
                    )
        for sa in self.meta.allow_shared:
            for ref in sa.ids:
                if ref not in self:
                    o = self.origins.get("__pack__")
                    raise PackError(
                        o.file if o else None,
                        o.line_of("allow_shared") if o else None,
                        f"allow_shared {sa.alias!r}: unknown id {ref!r}",
                        "allow_shared",
                    )

    def _check_cycles(self) -> None:
        state: dict[str, int] = {}

        def visit(cid: str, trail: list[str]) -> None:
            st = state.get(cid)
            if st == 2:
                return
            if st == 1:
                cyc = " -> ".join([*trail[trail.index(cid) :], cid])
                raise self._err(cid, f"cycle in broader: {cyc}", "broader")
            state[cid] = 1
            c = self.concepts.get(cid)
            for b in c.broader if c else []:
                if b in self.concepts:
                    visit(b, [*trail, cid])
            state[cid] = 2

        for cid in self.concepts:
            visit(cid, [])

    def _check_collisions(self) -> None:
        allowed: dict[str, set[str]] = {}
        for sa in self.meta.allow_shared:
            allowed.setdefault(norm_alias(sa.alias), set()).update(sa.ids)
        owners: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        for kind, item in self.linkable():
            forms = item.surface_forms() + [a.variant for a in item.ambiguous_variants]
            for f in forms:
                owners[norm_alias(f)].setdefault(item.id, (kind, f))
        for key, by_id in owners.items():
            if len(by_id) < 2:
                continue
            ids = set(by_id)
            if ids <= allowed.get(key, set()):
                continue

            # report a user-added form at its own file/line (aliases.yaml) first
            def origin(i: str, key: str = key, by_id: dict = by_id) -> Origin | None:
                return self.origins.get(f"__alias__:{i}:{by_id[i][1]}") or self.origins.get(i)

            first, second = sorted(
                ids, key=lambda i: (f"__alias__:{i}:{by_id[i][1]}" not in self.origins, i)
            )[:2]
            o1, o2 = origin(first), origin(second)
            where2 = f"{o2.file}:{o2.line}" if o2 else "?"
            raise PackError(
                o1.file if o1 else None,
                o1.line if o1 else None,
                f"alias collision: {by_id[first][1]!r} names both '{first}' and "
                f"'{second}' ({where2}); remove one, or list it under allow_shared in "
                "pack.yaml",
                "aliases",
            )


# ---------------------------------------------------------------- loading

_LIST_KEYS: dict[str, type[Concept | Entity | Metric | Series]] = {
    "concepts": Concept,
    "entities": Entity,
    "metrics": Metric,
    "series": Series,
}
_SUBPATH = re.compile(r"^\[([\w.]+)\] ")
_SINGULAR = {"concepts": "concept", "entities": "entity", "metrics": "metric", "series": "series"}


def _pydantic_error(
    file: Path, origin_lines: dict[Path_, int], base: Path_, what: str, exc: ValidationError
) -> PackError:
    errs = exc.errors()
    parts: list[str] = []
    first_line = None
    first_field = None
    for e in errs[:3]:
        loc = tuple(e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        m = _SUBPATH.match(msg)
        if m:  # nested path reported by a field validator (typed entity attributes)
            loc = (*loc, *(int(x) if x.isdigit() else x for x in m.group(1).split(".")))
            msg = msg[m.end() :]
        p = (*base, *loc)
        line = None
        while p:
            if p in origin_lines:
                line = origin_lines[p]
                break
            p = p[:-1]
        fld = ".".join(str(x) for x in loc) or "(item)"
        if first_line is None:
            first_line, first_field = line, fld
        parts.append(f"{fld}: {msg}" + (f" (line {line})" if line and parts else ""))
    more = f" (+{len(errs) - 3} more)" if len(errs) > 3 else ""
    return PackError(file, first_line, f"{what}: " + "; ".join(parts) + more, first_field)


def _load_list(pack: Pack, file: Path, key: str, rel: str, default_type: str | None = None) -> None:
    data, lines = read_yaml(file)
    if data is None:
        return
    if not isinstance(data, dict):
        raise PackError(rel, 1, f"expected a mapping with a '{key}:' list at the top")
    allowed = {key, "type"} if key == "entities" else {key}
    for k in data:
        if k not in allowed:
            raise PackError(
                rel, lines.get((k,)), f"unknown top-level key {k!r} (expected {sorted(allowed)})", k
            )
    items = data.get(key) or []
    if not isinstance(items, list):
        raise PackError(rel, lines.get((key,)), f"'{key}' must be a list", key)
    if key == "entities":
        default_type = data.get("type", default_type)
    model = _LIST_KEYS[key]
    target = getattr(pack, key)
    # the line of every field, per item: one pass (a scan of all lines per item was
    # quadratic: 70 ms of every command that reads the pack)
    item_lines: dict[Path_, dict[Path_, int]] = {}
    for k, v in lines.items():
        if len(k) > 2:
            item_lines.setdefault(k[:2], {})[k[2:]] = v
    for i, raw in enumerate(items):
        base = (key, i)
        line = lines.get(base, 1)
        if not isinstance(raw, dict):
            raise PackError(rel, line, f"{key}[{i}]: expected a mapping")
        if key == "entities" and "type" not in raw and default_type:
            raw = {**raw, "type": default_type}
        item_id = raw.get("id", f"#{i}")
        what = f"{_SINGULAR[key]} '{item_id}'"
        try:
            item = model.model_validate(raw)
        except ValidationError as exc:
            raise _pydantic_error(Path(rel), lines, base, what, exc) from None
        sub = item_lines.get(base, {})
        if item.id in pack.origins and item.id != "__pack__":
            prev = pack.origins[item.id]
            raise PackError(
                rel,
                line,
                f"duplicate id {item.id!r} (first defined at {prev.file}:{prev.line})",
                "id",
            )
        pack.origins[item.id] = Origin(rel, line, sub)
        target[item.id] = item


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def load_pack(path: str | Path, *, validate: bool = True) -> Pack:
    """Read a pack folder. References are checked unless pack.yaml says `extends:`
    (a user pack referring to ids of its base: those are checked by `merge_packs`)."""
    root = Path(path)
    meta_file = root / "pack.yaml"
    if not meta_file.is_file():
        raise PackError(meta_file, None, "not a knowledge pack: pack.yaml is missing")
    data, lines = read_yaml(meta_file)
    rel_meta = _rel(meta_file, root)
    if not isinstance(data, dict):
        raise PackError(rel_meta, 1, "pack.yaml must be a mapping (id, name, version, ...)")
    try:
        meta = PackMeta.model_validate(data)
    except ValidationError as exc:
        raise _pydantic_error(Path(rel_meta), lines, (), "pack.yaml", exc) from None
    pack = Pack(meta=meta, path=root)
    pack.origins["__pack__"] = Origin(rel_meta, 1, lines)

    for name, key in (
        ("concepts.yaml", "concepts"),
        ("metrics.yaml", "metrics"),
        ("series.yaml", "series"),
        ("entities.yaml", "entities"),
    ):
        f = root / name
        if f.is_file():
            _load_list(pack, f, key, _rel(f, root))
    ent_dir = root / "entities"
    if ent_dir.is_dir():
        for f in sorted(ent_dir.glob("*.yaml")):
            _load_list(pack, f, "entities", _rel(f, root))

    alias_file = root / "aliases.yaml"
    if alias_file.is_file():
        rel = _rel(alias_file, root)
        adata, alines = read_yaml(alias_file)
        adds = (adata or {}).get("add_aliases", []) if isinstance(adata, dict) else None
        if not isinstance(adds, list):
            raise PackError(rel, 1, "expected 'add_aliases:' with a list of {id, aliases}")
        for i, raw in enumerate(adds):
            try:
                add = AliasAddition.model_validate(raw)
            except ValidationError as exc:
                raise _pydantic_error(
                    Path(rel), alines, ("add_aliases", i), f"add_aliases[{i}]", exc
                ) from None
            sub = {k[2:]: v for k, v in alines.items() if k[:2] == ("add_aliases", i)}
            pack.alias_additions.append((add, Origin(rel, alines.get(("add_aliases", i), 1), sub)))

    if validate:
        if pack.alias_additions and not meta.extends:
            _apply_additions(pack, pack.alias_additions)
            pack.alias_additions = []
        pack.validate(check_refs=not meta.extends)
    return pack


def _apply_additions(pack: Pack, additions: list[tuple[AliasAddition, Origin]]) -> None:
    for add, o in additions:
        if add.id in pack.concepts:
            c = pack.concepts[add.id]
            new = [a for a in add.aliases if a not in c.variants and a not in c.labels.values()]
            pack.concepts[add.id] = c.model_copy(update={"variants": [*c.variants, *new]})
        elif add.id in pack.entities:
            e = pack.entities[add.id]
            new = [a for a in add.aliases if a not in e.aliases and a not in e.names.values()]
            pack.entities[add.id] = e.model_copy(update={"aliases": [*e.aliases, *new]})
        else:
            raise PackError(
                o.file,
                o.line_of("id"),
                f"add_aliases: unknown concept or entity id {add.id!r}",
                "id",
            )
        for a in add.aliases:
            # remember where user-added forms come from, for collision messages
            pack.origins.setdefault(f"__alias__:{add.id}:{a}", o)


def merge_packs(base: Pack, *user_packs: Pack) -> Pack:
    """A new Pack: `base` plus each user pack's new items and added surface forms.

    A user pack may not redefine an id of the base (add surface forms with aliases.yaml
    instead). The merged pack is validated as a whole (references, collisions)."""
    merged = Pack(
        meta=base.meta.model_copy(deep=True),
        concepts=dict(base.concepts),
        entities=dict(base.entities),
        metrics=dict(base.metrics),
        series=dict(base.series),
        origins=dict(base.origins),
        path=base.path,
    )
    for up in user_packs:
        for key in ("concepts", "entities", "metrics", "series"):
            for item_id, item in getattr(up, key).items():
                if item_id in merged:
                    o = up.origins.get(item_id)
                    prev = merged.origins.get(item_id)
                    raise PackError(
                        o.file if o else None,
                        o.line if o else None,
                        f"id {item_id!r} is already defined in pack '{merged.id}'"
                        + (f" ({prev.file}:{prev.line})" if prev else "")
                        + "; a user pack cannot change it: add surface forms with "
                        "aliases.yaml (add_aliases) or choose a new id",
                        "id",
                    )
                getattr(merged, key)[item_id] = item
                if item_id in up.origins:
                    merged.origins[item_id] = up.origins[item_id]
        merged.meta.allow_shared.extend(up.meta.allow_shared)
        _apply_additions(merged, up.alias_additions)
        merged.meta.id = f"{merged.meta.id}+{up.meta.id}"
    merged.validate(check_refs=True)
    return merged


@functools.lru_cache(maxsize=1)
def load_default_pack() -> Pack:
    """The shipped China AI pack (parsed once per process)."""
    return load_pack(DEFAULT_PACK_DIR)


def load_with_user_packs(*user_dirs: str | Path) -> Pack:
    """The shipped pack merged with the user packs in `user_dirs` (missing dirs skipped)."""
    base = load_default_pack()
    users = [load_pack(d) for d in user_dirs if (Path(d) / "pack.yaml").is_file()]
    return merge_packs(base, *users) if users else base


__all__ = [
    "DEFAULT_PACK_DIR",
    "Origin",
    "Pack",
    "PackError",
    "load_default_pack",
    "load_pack",
    "load_with_user_packs",
    "merge_packs",
    "norm_alias",
    "read_yaml",
]
