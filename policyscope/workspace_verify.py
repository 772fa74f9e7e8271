"""Workspace methods for verifying a secondary report's claims against primary sources.
Mixed into `policyscope.workspace.Workspace`."""

from __future__ import annotations


class VerifyMixin:
    pass
