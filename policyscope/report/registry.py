"""The sections of a briefing and the rules of its key points register themselves.

    @section("figures", position=80)
    def figures(b: Briefing) -> Section | None: ...

    @rule("R3", order=3)
    def conflicts(b: Briefing, n: int) -> list[Sentence]: ...

A section is a function of one module in `policyscope.report.sections`; every module
there is imported when a briefing is built (`pkgutil`), so adding a section is adding a
file. `position` orders the sections in the briefing (small first); `stage` orders
their building: a section that reads what others gathered (the key points read the
conflicts, verdicts and events kept) takes a later stage; within a stage they are built
by position. Building order is also the order of the coverage notes in the colophon.
A section returns None to be left out.

A key-point rule (`policyscope.report.rules`) offers at most `n` sentences, best first;
`report.key_points` takes the rules in turn by `order`. A `fill` rule is asked only when
the others gave fewer than three points.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

# the packages only: their modules are imported when a briefing asks for them
from policyscope.report import rules as rule_modules
from policyscope.report import sections as section_modules

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing
    from policyscope.report.model import Section, Sentence

SectionFn = Callable[["Briefing"], "Section | None"]
RuleFn = Callable[["Briefing", int], "list[Sentence]"]


@dataclass(frozen=True)
class SectionSpec:
    id: str
    position: int
    stage: int
    make: SectionFn


@dataclass(frozen=True)
class RuleSpec:
    name: str
    order: int
    fill: bool
    make: RuleFn


_SECTIONS: dict[str, SectionSpec] = {}
_RULES: dict[str, RuleSpec] = {}


def section(id: str, *, position: int, stage: int = 1) -> Callable[[SectionFn], SectionFn]:
    """Register a section builder under `id` (the id of the Section it returns)."""

    def register(fn: SectionFn) -> SectionFn:
        _SECTIONS[id] = SectionSpec(id, position, stage, fn)
        return fn

    return register


def rule(name: str, *, order: int, fill: bool = False) -> Callable[[RuleFn], RuleFn]:
    """Register a key-point rule under `name` (R1, R2, ...: shown in the colophon)."""

    def register(fn: RuleFn) -> RuleFn:
        _RULES[name] = RuleSpec(name, order, fill, fn)
        return fn

    return register


def _import_all(package: ModuleType) -> None:
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)


def sections() -> list[SectionSpec]:
    """Every registered section, in building order (stage, then position)."""
    _import_all(section_modules)
    return sorted(_SECTIONS.values(), key=lambda s: (s.stage, s.position))


def rules() -> list[RuleSpec]:
    """Every registered key-point rule, by order."""
    _import_all(rule_modules)
    return sorted(_RULES.values(), key=lambda r: r.order)
