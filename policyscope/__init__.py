"""PolicyScope: a source-cited knowledge base over AI-policy documents."""

__version__ = "0.1.0"
__all__ = ["Workspace", "__version__"]


def __getattr__(name: str):
    # Lazy, so that importing a lower layer (text, knowledge, extract) does not load the store.
    if name == "Workspace":
        from policyscope.workspace import Workspace

        return Workspace
    raise AttributeError(name)
