"""Workspace methods for briefings (cited, charted reports). Mixed into Workspace."""

from __future__ import annotations


class ReportMixin:
    pass
