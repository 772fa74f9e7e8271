"""Pydantic models of a knowledge pack.

A pack is a folder (see `loader.py`)::

    pack.yaml            id, name, version, description, languages, extends, allow_shared
    concepts.yaml        concepts: [Concept, ...]
    entities/*.yaml      type: <default EntityType>   entities: [Entity, ...]
    metrics.yaml         metrics: [Metric, ...]
    series.yaml          series: [Series, ...]
    aliases.yaml         add_aliases: [{id, aliases}]  (user packs: extra surface forms)

Every item has an `id` (snake_case, unique across concepts, entities, metrics and series),
labels or names in en/zh/ko/ja, surface forms (`variants` / `aliases`), `citations` for
anything that is not common knowledge, and optional `ambiguous_variants`: short or
polysemous surface forms that the linker only accepts when a `MatchRule` holds.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ISO_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
LANGS = ("en", "zh", "ko", "ja")

ConceptKind = Literal["policy_slogan", "technology", "industry", "programme", "concept"]
EntityType = Literal[
    "organization",
    "company",
    "person",
    "ai_model",
    "policy_document",
    "regulation",
    "law",
    "place",
    "programme",
    "event",
]
UnitKind = Literal["currency", "count", "people", "percent", "ratio"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _iso(v: Any) -> Any:
    """YAML may hand us a date object or an int year; keep ISO strings."""
    if v is None:
        return v
    if hasattr(v, "isoformat"):
        return v.isoformat()
    v = str(v)
    if not ISO_DATE_RE.match(v):
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {v!r}")
    return v


def _check_id(v: str) -> str:
    if not ID_RE.match(v):
        raise ValueError(f"id must be snake_case ([a-z][a-z0-9_]*): {v!r}")
    return v


def _iso_fields(*names: str):
    """A before-validator that turns YAML dates into ISO strings, for the named fields."""

    def _v(cls, v: Any) -> Any:
        return _iso(v)

    return field_validator(*names, mode="before")(_v)


class Citation(_Strict):
    """Where a fact comes from. `doc` is a corpus path ('cn-gwr/2025.zh.txt'), a seed file
    name ('seed 000' / '000_59329f84dd77c02e.txt') or a named public source; `where` says
    which part (section, table, article, paragraph)."""

    doc: str = Field(min_length=1)
    where: str = Field(min_length=1)
    note: str | None = None


class Labels(_Strict):
    """Preferred name per language; `en` is required, the others when known."""

    en: str = Field(min_length=1)
    zh: str | None = None
    ko: str | None = None
    ja: str | None = None

    def values(self) -> list[str]:
        return [v for v in (self.en, self.zh, self.ko, self.ja) if v]


class MatchRule(_Strict):
    """When an ambiguous surface form may be linked. All given conditions must hold.

    - `never`: never link (the form is listed only to document why it is left out);
    - `case_sensitive`: the text must spell the form exactly as written here;
    - `near`: at least one of these words occurs within `window` characters before the
      start or after the end of the match (case-insensitive);
    - `not_near`: none of these words occurs within `window` characters;
    - `not_preceded_by`: the text before the match (whitespace in between ignored) does
      not end with any of these strings (e.g. '기획' before 재정부 = Korea's 기획재정부,
      '미국' before 상무부 = the US Department of Commerce);
    - `not_followed_by`: the text right after the match does not start with any of these;
    - `followed_by`: a regular expression that must match right after the match
      (e.g. a Korean particle after 인도, a Hangul syllable after the OCR form 'Al').
    """

    never: bool = False
    case_sensitive: bool = False
    near: list[str] = Field(default_factory=list)
    not_near: list[str] = Field(default_factory=list)
    window: int = Field(default=30, ge=1, le=5000)
    not_preceded_by: list[str] = Field(default_factory=list)
    not_followed_by: list[str] = Field(default_factory=list)
    followed_by: str | None = None

    @field_validator("followed_by")
    @classmethod
    def _regex_compiles(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"followed_by is not a valid regular expression: {exc}") from exc
        return v

    @model_validator(mode="after")
    def _has_condition(self) -> MatchRule:
        if not (
            self.never
            or self.case_sensitive
            or self.near
            or self.not_near
            or self.not_preceded_by
            or self.not_followed_by
            or self.followed_by
        ):
            raise ValueError("a rule needs at least one condition (or never: true)")
        return self


class AmbiguousVariant(_Strict):
    variant: str = Field(min_length=1)
    rule: MatchRule
    reason: str = Field(min_length=1, description="why the form is ambiguous / left out")


class _Item(_Strict):
    id: str
    notes: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    ambiguous_variants: list[AmbiguousVariant] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _snake(cls, v: str) -> str:
        return _check_id(v)

    def surface_forms(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError


class Concept(_Item):
    kind: ConceptKind
    labels: Labels
    variants: list[str] = Field(default_factory=list)
    broader: list[str] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)

    @field_validator("variants")
    @classmethod
    def _nonempty(cls, v: list[str]) -> list[str]:
        for s in v:
            if not str(s).strip():
                raise ValueError("empty variant")
        return [str(s) for s in v]

    def surface_forms(self) -> list[str]:
        return _dedupe(self.labels.values() + self.variants)


# ---- entity attributes, typed per entity type (unknown extra keys are kept) ----


class _Attrs(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)


class Role(_Strict):
    role: str
    organization: str | None = None
    start: str | None = None
    end: str | None = None

    _d = _iso_fields("start", "end")


class PersonAttrs(_Attrs):
    role: str
    organization: str | None = None
    start: str | None = None
    end: str | None = None
    former_roles: list[Role] = Field(default_factory=list)

    _d = _iso_fields("start", "end")


class AiModelAttrs(_Attrs):
    developer: str
    released: str | None = None
    open_source: bool | None = None

    _d = _iso_fields("released")


class DocumentAttrs(_Attrs):
    """policy_document, regulation and law."""

    issuer: list[str]
    date: str | None = None
    effective_date: str | None = None
    doc_number: str | None = None
    period: str | None = None

    @field_validator("issuer", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    _d = _iso_fields("date", "effective_date")


class PlaceAttrs(_Attrs):
    place_kind: Literal["country", "province", "city", "district", "region", "bloc"]
    parent: str | None = None
    ai_city_tier: str | None = None


class CompanyAttrs(_Attrs):
    hq: str | None = None
    parent: str | None = None
    founded: str | None = None

    _d = _iso_fields("founded")


class OrganizationAttrs(_Attrs):
    country: str | None = None
    parent: str | None = None


class ProgrammeAttrs(_Attrs):
    owner: list[str] = Field(default_factory=list)
    country: str | None = None
    start: str | None = None

    @field_validator("owner", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    _d = _iso_fields("start")


class EventAttrs(_Attrs):
    date: str | None = None
    end_date: str | None = None
    place: str | None = None
    part_of: str | None = None
    organizer: str | None = None

    _d = _iso_fields("date", "end_date")


ATTRS_BY_TYPE: dict[str, type[_Attrs]] = {
    "person": PersonAttrs,
    "ai_model": AiModelAttrs,
    "policy_document": DocumentAttrs,
    "regulation": DocumentAttrs,
    "law": DocumentAttrs,
    "place": PlaceAttrs,
    "company": CompanyAttrs,
    "organization": OrganizationAttrs,
    "programme": ProgrammeAttrs,
    "event": EventAttrs,
}

# Attribute fields that hold ids of other items: (field, is_list, must be a concept?)
REF_FIELDS: dict[str, tuple[tuple[str, bool, bool], ...]] = {
    "person": (("organization", False, False),),
    "ai_model": (("developer", False, False),),
    "policy_document": (("issuer", True, False),),
    "regulation": (("issuer", True, False),),
    "law": (("issuer", True, False),),
    "place": (("parent", False, False), ("ai_city_tier", False, True)),
    "company": (("hq", False, False), ("parent", False, False)),
    "organization": (("country", False, False), ("parent", False, False)),
    "programme": (("owner", True, False), ("country", False, False)),
    "event": (("place", False, False), ("part_of", False, False), ("organizer", False, False)),
}


class Entity(_Item):
    type: EntityType
    names: Labels
    aliases: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict, validate_default=True)

    @field_validator("attributes")
    @classmethod
    def _typed_attrs(cls, v: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        model = ATTRS_BY_TYPE.get(info.data.get("type", ""))
        if model is None:
            return v
        try:
            return model.model_validate(v).model_dump(exclude_none=True)
        except ValidationError as exc:
            e = exc.errors()[0]
            sub = ".".join(str(x) for x in e["loc"])
            msg = e["msg"].removeprefix("Value error, ")
            # '[path] message': the loader turns the path into a field and a line number
            raise ValueError(f"[{sub}] {msg}") from None

    @field_validator("aliases")
    @classmethod
    def _nonempty(cls, v: list[str]) -> list[str]:
        for s in v:
            if not str(s).strip():
                raise ValueError("empty alias")
        return [str(s) for s in v]

    def surface_forms(self) -> list[str]:
        return _dedupe(self.names.values() + self.aliases)

    @property
    def labels(self) -> Labels:  # same access path as Concept
        return self.names


class Triggers(_Strict):
    en: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)
    ko: list[str] = Field(default_factory=list)
    ja: list[str] = Field(default_factory=list)

    def all(self) -> list[str]:
        return _dedupe(self.en + self.zh + self.ko + self.ja)


class Observation(_Strict):
    """A value reported in a source (our own summary, always cited)."""

    period: str
    value: float
    unit: str
    kind: Literal["actual", "target", "forecast", "estimate"] = "actual"
    scope: str | None = None
    citation: Citation

    @field_validator("period", mode="before")
    @classmethod
    def _str(cls, v: Any) -> str:
        return str(v)


MetricMeasure = Literal["level", "growth_rate", "share", "average", "per_unit", "count", "rank"]


class Metric(_Strict):
    id: str
    labels: Labels
    triggers: Triggers
    unit_kind: UnitKind
    default_unit: str | None = None
    # what the metric's own values measure; a figure of another measure named by the same
    # words is not a value of it ('GDP grew 5.2%' is not a GDP level)
    measure: MetricMeasure = "level"
    # the metric that a growth rate of this one is filed under (gdp_size -> gdp_growth)
    growth_metric: str | None = None
    # 'max': more is better (a target is a floor); 'min': a ceiling (CPI, unemployment)
    direction: Literal["max", "min"] = "max"
    scope: str | None = None  # what is and is not counted, in a sentence
    notes: str | None = None
    citations: list[Citation] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _snake(cls, v: str) -> str:
        return _check_id(v)


class SeriesMember(_Strict):
    key: str
    title: str
    date: str
    source: str
    corpus: list[str] = Field(default_factory=list)
    speaker: str | None = None
    session: str | None = None
    note: str | None = None

    @field_validator("key", mode="before")
    @classmethod
    def _key_str(cls, v: Any) -> str:
        return str(v)

    _d = _iso_fields("date")


class Series(_Strict):
    id: str
    names: Labels
    order_key: Literal["year"] = "year"
    issuer: str
    doc_type: str | None = None
    notes: str | None = None
    members: list[SeriesMember]

    @field_validator("id")
    @classmethod
    def _id_ok(cls, v: str) -> str:
        if not re.match(r"^[a-z][a-z0-9_-]*$", v):
            raise ValueError(f"series id must be lower-case ([a-z][a-z0-9_-]*): {v!r}")
        return v

    @model_validator(mode="after")
    def _keys(self) -> Series:
        keys = [m.key for m in self.members]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate member keys")
        if self.order_key == "year":
            for k in keys:
                if not re.match(r"^\d{4}$", k):
                    raise ValueError(f"member key {k!r} is not a year")
        return self


class SharedAlias(_Strict):
    alias: str
    ids: list[str] = Field(min_length=2)
    reason: str


class PackMeta(_Strict):
    id: str
    name: str
    version: str
    description: str = ""
    languages: list[str] = Field(default_factory=lambda: list(LANGS))
    extends: list[str] = Field(default_factory=list)
    allow_shared: list[SharedAlias] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def _ver(cls, v: Any) -> str:
        return str(v)


class AliasAddition(_Strict):
    """A user pack's extra surface forms for an item defined in another pack."""

    id: str
    aliases: list[str] = Field(min_length=1)


def _dedupe(forms: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for f in forms:
        if f and f not in seen:
            seen.add(f)
            out.append(f)
    return out
