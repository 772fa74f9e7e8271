"""Exceptions. Each message names the file or argument and says what to do next."""

from __future__ import annotations

from pathlib import Path


class PolicyScopeError(Exception):
    """Base class: the CLI prints these as one red line, without a traceback."""


class ReadError(PolicyScopeError):
    """A file could not be read or yielded no text."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):  # errors cross process boundaries in parallel ingest
        return (type(self), (self.path, self.reason))


class ManifestError(PolicyScopeError):
    def __init__(self, path: str | Path, reason: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        self.reason = reason
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):
        return (type(self), (self.path, self.reason, self.line))


class StoreError(PolicyScopeError):
    pass


class NotFound(PolicyScopeError):
    pass


class BadArgument(PolicyScopeError):
    pass


class MissingExtra(PolicyScopeError):
    """A feature whose packages come with an optional extra that is not installed."""
