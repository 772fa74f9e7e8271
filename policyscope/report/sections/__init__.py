"""Sections of a briefing, one module each (see `policyscope.report.registry`)."""
