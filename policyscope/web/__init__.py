"""The web face: a FastAPI app (JSON API under /api/v1 and server-rendered pages) over
`policyscope.workspace.Workspace`. Build it with `create_app(db, token)`."""

from policyscope.web.app import create_app

__all__ = ["create_app"]
