"""Verification rules, one module per claim type; adding a claim type touches one file.

A rule module registers its check for a claim type:

    @register("count")
    def check(sx: SeriesContext, claim: Detected) -> Outcome: ...

`rule_for(claim_type)` finds it; every module of this package is imported on first use
(`pkgutil`), so a new module is picked up without being named anywhere else.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the rule modules import this one: only types go the other way
    from policyscope.analysis.verify_common import Outcome, SeriesContext
    from policyscope.analysis.verify_detect import Detected

    Check = Callable[[SeriesContext, Detected], Outcome]

_RULES: dict[str, Check] = {}
_loaded: set[str] = set()
_scanned: list[str] = []  # the package path last scanned: scan again only when it changes


def register(claim_type: str) -> Callable[[Check], Check]:
    """Make the decorated function the check of `claim_type` (one check per type)."""

    def add(check: Check) -> Check:
        known = _RULES.get(claim_type)
        if known is not None and known is not check:
            raise ValueError(f"claim type {claim_type!r} has a rule already: {known.__module__}")
        _RULES[claim_type] = check
        return check

    return add


def discover() -> None:
    """Import every rule module of this package not imported yet."""
    path = list(__path__)
    if path == _scanned:
        return
    for info in pkgutil.iter_modules(path):
        if info.name.startswith("_") or info.name in _loaded:
            continue
        importlib.import_module(f"{__name__}.{info.name}")
        _loaded.add(info.name)
    _scanned[:] = path


def rules() -> dict[str, Check]:
    """Every registered check by claim type."""
    discover()
    return dict(_RULES)


def rule_for(claim_type: str) -> Check | None:
    return rules().get(claim_type)
