"""PolicyScope: a source-cited knowledge base over AI-policy documents."""

from policyscope.version import __version__

__all__ = ["Workspace", "__version__"]


def __getattr__(name: str):
    # Lazy, so that importing a lower layer (text, knowledge, extract) does not load the store.
    if name == "Workspace":
        from policyscope.workspace import Workspace  # noqa: PLC0415 (lazy: start-up time)

        return Workspace
    raise AttributeError(name)
