"""Knowledge-pack format: loading, validation errors with file:line, merging user packs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from policyscope.errors import PolicyScopeError
from policyscope.knowledge import (
    Linker,
    PackError,
    add_alias,
    load_default_pack,
    load_pack,
    merge_packs,
)
from policyscope.knowledge.loader import DEFAULT_PACK_DIR

PACK_YAML = "id: t\nname: Test\nversion: 1\n"


def write_pack(root: Path, files: dict[str, str], pack_yaml: str = PACK_YAML) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text(pack_yaml, encoding="utf-8")
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


CONCEPTS_OK = """\
concepts:
  - id: alpha
    kind: concept
    labels: {en: Alpha, zh: 阿尔法}
    variants: [ALF]
  - id: beta
    kind: technology
    labels: {en: Beta}
    broader: [alpha]
"""


# ---------------------------------------------------------------- the shipped pack


def test_default_pack_loads_once_and_is_cached():
    # how fast it loads is measured in bench/, not here (a loaded CI machine is no timer)
    load_default_pack.cache_clear()
    pack = load_default_pack()
    assert load_default_pack() is pack
    assert len(pack.concepts) >= 40
    assert len(pack.entities) > 150
    assert len(pack.metrics) >= 14


def test_default_pack_contents():
    pack = load_default_pack()
    types = {e.type for e in pack.entities.values()}
    assert types >= {
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
    }
    im = pack.entities["genai_interim_measures"]
    assert im.attributes["date"] == "2023-07-10"
    assert im.attributes["effective_date"] == "2023-08-15"
    assert set(im.attributes["issuer"]) == {
        "cac",
        "ndrc",
        "moe_china",
        "most",
        "miit",
        "mps",
        "nrta",
    }
    assert pack.entities["new_generation_ai_development_plan"].attributes["date"] == "2017-07-20"
    assert pack.entities["deepseek_r1"].attributes["developer"] == "deepseek"
    assert pack.entities["li_keqiang"].attributes["end"] == "2023-03-11"
    assert pack.entities["shenzhen"].attributes["parent"] == "guangdong"
    assert "embodied_ai" in pack.concepts
    assert "humanoid_robot" in pack.narrower("intelligent_robot")
    for item in list(pack.concepts.values()) + list(pack.entities.values()):
        assert item.citations, f"{item.id} has no citation"


def test_series_has_every_year_including_2023():
    s = load_default_pack().series["cn-gwr"]
    assert [m.key for m in s.members] == [str(y) for y in range(2014, 2026)]
    m2023 = next(m for m in s.members if m.key == "2023")
    assert m2023.corpus == [] and m2023.date == "2023-03-05"
    assert next(m for m in s.members if m.key == "2020").date == "2020-05-22"
    assert s.issuer == "state_council"


def test_surface_forms_and_policy_terms():
    pack = load_default_pack()
    forms = pack.all_surface_forms()
    assert ("concept", "embodied_ai") in forms["신체화 AI"]
    assert ("entity", "deepseek") in forms["딥시크"]
    terms = pack.policy_terms()
    assert "新质生产力" in terms and "임바디드 인텔리전스" in terms
    assert "R1" not in terms and "양회" not in terms and "스마트" not in terms
    assert all(len(t) >= 2 for t in terms)


# ---------------------------------------------------------------- validation errors


def test_pack_error_is_policyscope_error():
    assert issubclass(PackError, PolicyScopeError)


def test_missing_field_names_file_line_and_field(tmp_path):
    root = write_pack(
        tmp_path / "p",
        {
            "concepts.yaml": CONCEPTS_OK
            + """\
  - id: gamma
    kind: concept
    labels: {zh: 伽马}
"""
        },
    )
    with pytest.raises(PackError) as ei:
        load_pack(root)
    err = ei.value
    assert err.file.endswith("concepts.yaml")
    assert err.line == 12  # the labels line of gamma
    assert "labels.en" in str(err) and "gamma" in str(err)
    assert "concepts.yaml:12" in str(err)


def test_bad_kind_and_bad_id(tmp_path):
    root = write_pack(
        tmp_path / "p",
        {
            "concepts.yaml": """\
concepts:
  - id: Bad-Id
    kind: concept
    labels: {en: X}
"""
        },
    )
    with pytest.raises(PackError, match=r"concepts.yaml:2: .*id.*snake_case"):
        load_pack(root)
    root = write_pack(
        tmp_path / "q",
        {
            "concepts.yaml": """\
concepts:
  - id: ok
    kind: slogan
    labels: {en: X}
"""
        },
    )
    with pytest.raises(PackError, match=r"concepts.yaml:3: .*kind"):
        load_pack(root)


def test_unknown_broader_reference(tmp_path):
    root = write_pack(
        tmp_path / "p",
        {
            "concepts.yaml": """\
concepts:
  - id: alpha
    kind: concept
    labels: {en: Alpha}
    broader:
      - nope
"""
        },
    )
    with pytest.raises(PackError) as ei:
        load_pack(root)
    assert ei.value.line == 6 and "nope" in str(ei.value) and "broader" in str(ei.value)


def test_unknown_entity_references(tmp_path):
    root = write_pack(
        tmp_path / "p",
        {
            "entities/models.yaml": """\
type: ai_model
entities:
  - id: m1
    names: {en: Model One}
    attributes:
      developer: no_such_company
"""
        },
    )
    with pytest.raises(PackError) as ei:
        load_pack(root)
    assert "models.yaml:6" in str(ei.value) and "developer" in str(ei.value)
    # typed attributes: an ai_model needs a developer
    root = write_pack(
        tmp_path / "q",
        {
            "entities/models.yaml": """\
type: ai_model
entities:
  - id: m1
    names: {en: Model One}
"""
        },
    )
    with pytest.raises(PackError, match=r"models.yaml:3: .*attributes.developer"):
        load_pack(root)


def test_bad_date(tmp_path):
    root = write_pack(
        tmp_path / "p",
        {
            "entities/docs.yaml": """\
type: law
entities:
  - id: org
    type: organization
    names: {en: Org}
  - id: law1
    names: {en: Law One}
    attributes: {issuer: org, date: 21 June 2021}
"""
        },
    )
    with pytest.raises(PackError, match=r"docs.yaml:8: .*ISO date"):
        load_pack(root)


def test_duplicate_id_across_files(tmp_path):
    root = write_pack(
        tmp_path / "p",
        {
            "concepts.yaml": CONCEPTS_OK,
            "entities/a.yaml": "type: organization\nentities:\n  - id: alpha\n    names: {en: A}\n",
        },
    )
    with pytest.raises(PackError, match=r"a.yaml:3: duplicate id 'alpha' \(first defined at"):
        load_pack(root)


def test_alias_collision_and_allow_shared(tmp_path):
    files = {
        "concepts.yaml": CONCEPTS_OK,
        "entities/orgs.yaml": """\
type: organization
entities:
  - id: alf_org
    names: {en: ALF Org}
    aliases: [alf]
""",
    }
    root = write_pack(tmp_path / "p", files)
    with pytest.raises(PackError) as ei:
        load_pack(root)
    msg = str(ei.value)
    assert "alias collision" in msg and "alpha" in msg and "alf_org" in msg
    assert "concepts.yaml:2" in msg and "orgs.yaml:3" in msg
    shared = PACK_YAML + "allow_shared:\n  - {alias: ALF, ids: [alpha, alf_org], reason: test}\n"
    root = write_pack(tmp_path / "q", files, shared)
    pack = load_pack(root)
    mentions = Linker(pack).find("the ALF said")
    assert {m.item_id for m in mentions} == {"alpha", "alf_org"}


def test_yaml_syntax_error_has_line(tmp_path):
    root = write_pack(
        tmp_path / "p", {"concepts.yaml": "concepts:\n  - id: a\n    labels: {en: [\n"}
    )
    with pytest.raises(PackError, match=r"concepts.yaml:\d+: YAML syntax error"):
        load_pack(root)


def test_broader_cycle(tmp_path):
    root = write_pack(
        tmp_path / "p",
        {
            "concepts.yaml": """\
concepts:
  - id: a
    kind: concept
    labels: {en: A}
    broader: [b]
  - id: b
    kind: concept
    labels: {en: B}
    broader: [a]
"""
        },
    )
    with pytest.raises(PackError, match="cycle"):
        load_pack(root)


# ---------------------------------------------------------------- user packs


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.yaml"))
    }


def test_user_pack_extends_shipped_pack_without_editing_it(tmp_path):
    before = _digest(DEFAULT_PACK_DIR)
    base = load_default_pack()
    user = write_pack(
        tmp_path / "user",
        {
            "concepts.yaml": """\
concepts:
  - id: sovereign_ai
    kind: concept
    labels: {en: sovereign AI, ko: 소버린 AI}
    broader: [artificial_intelligence]
""",
            "entities/models.yaml": """\
type: ai_model
entities:
  - id: deepseek_v4
    names: {en: DeepSeek-V4}
    attributes: {developer: deepseek}
""",
            "aliases.yaml": """\
add_aliases:
  - id: embodied_ai
    aliases: [체현 AI, 몸을 가진 AI]
  - id: deepseek
    aliases: [딥씨크]
""",
        },
        "id: user\nname: User\nversion: 1\nextends: [china_ai]\n",
    )
    merged = merge_packs(base, load_pack(user))
    assert "sovereign_ai" in merged.concepts and "deepseek_v4" in merged.entities
    assert "체현 AI" in merged.concepts["embodied_ai"].variants
    assert "체현 AI" not in base.concepts["embodied_ai"].variants  # base object untouched
    found = {m.item_id for m in Linker(merged).find("딥씨크와 체현 AI, 소버린 AI")}
    assert found == {"deepseek", "embodied_ai", "sovereign_ai"}
    assert _digest(DEFAULT_PACK_DIR) == before


def test_user_pack_cannot_redefine_or_collide(tmp_path):
    base = load_default_pack()
    user = write_pack(
        tmp_path / "u1",
        {
            "concepts.yaml": "concepts:\n  - id: embodied_ai\n    kind: concept\n"
            "    labels: {en: mine}\n"
        },
        "id: user\nname: U\nversion: 1\nextends: [china_ai]\n",
    )
    with pytest.raises(PackError, match=r"concepts.yaml:2: .*already defined"):
        merge_packs(base, load_pack(user))
    user = write_pack(
        tmp_path / "u2",
        {"aliases.yaml": "add_aliases:\n  - id: embodied_ai\n    aliases: [딥시크]\n"},
        "id: user\nname: U\nversion: 1\nextends: [china_ai]\n",
    )
    with pytest.raises(PackError, match=r"aliases.yaml:2: .*alias collision"):
        merge_packs(base, load_pack(user))
    user = write_pack(
        tmp_path / "u3",
        {"aliases.yaml": "add_aliases:\n  - id: no_such_item\n    aliases: [x]\n"},
        "id: user\nname: U\nversion: 1\nextends: [china_ai]\n",
    )
    with pytest.raises(PackError, match=r"aliases.yaml:2: .*unknown .*no_such_item"):
        merge_packs(base, load_pack(user))


def test_add_alias_writes_user_pack(tmp_path):
    before = _digest(DEFAULT_PACK_DIR)
    udir = tmp_path / "mine"
    path = add_alias(udir, "embodied_ai", "체현 지능")
    assert path == udir / "aliases.yaml" and (udir / "pack.yaml").is_file()
    add_alias(udir, "embodied_ai", "몸 AI")
    add_alias(udir, "deepseek", "딥씨크")
    merged = merge_packs(load_default_pack(), load_pack(udir))
    assert {"체현 지능", "몸 AI"} <= set(merged.concepts["embodied_ai"].variants)
    assert "딥씨크" in merged.entities["deepseek"].aliases
    with pytest.raises(PackError, match="unknown .*embodied_aii.*did you mean embodied_ai"):
        add_alias(udir, "embodied_aii", "x")
    with pytest.raises(PackError, match="already names deepseek"):
        add_alias(udir, "embodied_ai", "DeepSeek")
    with pytest.raises(PackError, match="empty"):
        add_alias(udir, "embodied_ai", "  ")
    assert _digest(DEFAULT_PACK_DIR) == before
