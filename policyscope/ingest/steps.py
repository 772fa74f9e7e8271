"""Enrichment steps: work a higher layer plugs into ingest without ingest importing it.

A step is a frozen dataclass, registered with `@step`, whose fields are its named
parameters and whose `__call__` does the work. Frozen dataclasses of plain values pickle
(by class and fields), so a step reaches the worker processes of ingest, `enrich` and
`reindex` as it is, and hashes (the tokenizer of a process is cached per terms step).

    @step("terms")
    @dataclass(frozen=True)
    class PackTerms:
        packs: tuple[str, ...] = ()

        def __call__(self) -> list[str]: ...

Roles, and what `prepare` calls:
- "terms": `step() -> list[str]`, more terms the tokenizers keep whole;
- "finder": `step(text) -> [(kind, item_id, surface, start, end)]`, spans to store;
- "extractor": `step(text, doc_date=..., doc_title=...) -> (claims, events)`, facts to store;
- "literal": `step(paragraph_text)`, the store's literal-index columns, computed in the
  workers because they run in parallel and the store's one writer does not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

__all__ = ["ROLES", "Enrichment", "registered", "step"]

ROLES = ("terms", "finder", "extractor", "literal")
MentionRow = tuple[str, str, str, int, int]  # kind, item_id, surface, start, end

T = TypeVar("T", bound=type)

_STEPS: dict[str, tuple[str, type]] = {}  # class name -> (role, class)


class TermsStep(Protocol):
    def __call__(self) -> list[str]: ...


class FinderStep(Protocol):
    def __call__(self, text: str) -> list[MentionRow]: ...


class ExtractorStep(Protocol):
    def __call__(
        self, text: str, *, doc_date: str | None, doc_title: str | None
    ) -> tuple[list[Any], list[Any]]: ...


class LiteralStep(Protocol):
    def __call__(self, paragraph: str) -> Any: ...


def step(role: str) -> Callable[[T], T]:
    """Register a frozen dataclass as an enrichment step of a role (see ROLES)."""
    if role not in ROLES:
        raise ValueError(f"unknown step role {role!r}; one of {', '.join(ROLES)}")

    def register(cls: T) -> T:
        params = getattr(cls, "__dataclass_params__", None)
        if params is None or not params.frozen:
            raise TypeError(f"{cls.__name__}: a step is a frozen dataclass (it crosses processes)")
        _STEPS[f"{cls.__module__}.{cls.__qualname__}"] = (role, cls)
        return cls

    return register


def registered(role: str | None = None) -> dict[str, type]:
    """The registered step classes (of one role), by qualified name."""
    return {name: cls for name, (r, cls) in _STEPS.items() if role is None or r == role}


@dataclass(frozen=True)
class Enrichment:
    """The steps ingest runs on each document (None: not run)."""

    terms: TermsStep | None = None
    finder: FinderStep | None = None
    extractor: ExtractorStep | None = None
    literal: LiteralStep | None = None

    def only_terms(self) -> Enrichment:
        """The terms step alone: what indexing needs."""
        return dataclasses.replace(self, finder=None, extractor=None)
