"""Sentence templates (Jinja2): `templates/<lang>/sentences.j2`, overridable per file by a
user folder (`--templates DIR` holding e.g. `ko/sentences.j2`, `page.html.j2` or
`report.css`).

    t = Templates("ko", user_dir=None)
    t("kp_new_term", term="具身智能", series="cn-gwr", key="2025", count=2)
    t.labels["timeline"], t.statuses["met"], t.verdicts["contradicted"]

A sentence template only arranges the values it is given; whitespace runs are collapsed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from policyscope.errors import BadArgument
from policyscope.report.josa import josa

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment(user_dir: str | Path | None = None) -> Environment:
    loaders = []
    if user_dir:
        folder = Path(user_dir)
        if not folder.is_dir():
            raise BadArgument(f"templates folder {str(folder)!r} does not exist")
        loaders.append(FileSystemLoader(str(folder)))
    loaders.append(FileSystemLoader(str(TEMPLATES)))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["josa"] = josa  # Korean particles: {{ metric | josa("을", "를") }}
    return env


class Templates:
    def __init__(self, lang: str, user_dir: str | Path | None = None):
        self.lang = lang
        self.env = environment(user_dir)
        # the template module's variables (set in sentences.j2) are known only at run time
        self.module: Any = cast(Any, self.env.get_template(f"{lang}/sentences.j2").module)
        self.labels: dict[str, str] = dict(self.module.labels)
        self.statuses: dict[str, str] = dict(self.module.statuses)
        self.verdicts: dict[str, str] = dict(self.module.verdicts)
        self.kinds: dict[str, str] = dict(self.module.kinds)
        self.actions: dict[str, str] = dict(self.module.actions)
        self.types: dict[str, str] = dict(self.module.types)
        self.classes: dict[str, str] = dict(getattr(self.module, "classes", {}))
        self.subjects: dict[str, str] = dict(getattr(self.module, "subjects", {}))
        self.claim_types: dict[str, str] = dict(getattr(self.module, "claim_types", {}))

    def __call__(self, name: str, **values) -> str:
        macro = getattr(self.module, name)
        return " ".join(str(macro(**values)).split())
