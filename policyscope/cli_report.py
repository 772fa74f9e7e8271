"""CLI command `report`: registered on `policyscope.cli.app` when the CLI is imported."""

from __future__ import annotations
