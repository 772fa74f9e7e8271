"""CLI command `verify`: registered on `policyscope.cli.app` when the CLI is imported."""

from __future__ import annotations
