"""PolicyScope: a source-cited knowledge base over AI-policy documents."""

__version__ = "0.1.0"

from policyscope.workspace import Workspace  # noqa: E402

__all__ = ["Workspace", "__version__"]
