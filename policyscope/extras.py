"""Optional extras: the features whose packages are not installed by default, and one clear
line when a feature's extra is missing (never a traceback from deep inside an import)."""

from __future__ import annotations

import importlib

from policyscope.errors import MissingExtra

# extra -> (what needs it, the modules it provides)
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "server": ("the web server", ("fastapi", "uvicorn")),
    "pdf": ("a PDF briefing", ("weasyprint",)),
    "postgres": ("a PostgreSQL workspace", ("psycopg",)),
}


def missing(extra: str) -> str | None:
    """What to install when a module of `extra` cannot be imported; None when all are there."""
    what, modules = EXTRAS[extra]
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            return f"{what} needs the {extra} extra: pip install 'policyscope[{extra}]'"
    return None


def require(extra: str) -> None:
    """Raise MissingExtra, naming the pip command, when `extra` is not installed."""
    message = missing(extra)
    if message:
        raise MissingExtra(message)
