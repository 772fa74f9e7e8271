"""The Workspace: the public API every face calls (`facade.Workspace`), mixed from one part
per concern: analysis, verify, report, enrich, reindex, watch and web, each declaring what it
uses of the others in `base.WorkspaceBase`."""

from policyscope.workspace.facade import DEFAULT_DB, Workspace, default_db, display_name

__all__ = ["DEFAULT_DB", "Workspace", "default_db", "display_name"]
