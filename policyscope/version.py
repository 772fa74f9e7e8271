"""The version of PolicyScope, in a module of its own so that lower layers (the watcher's
User-Agent) can name it without importing the package's front door."""

__version__ = "0.1.0"
