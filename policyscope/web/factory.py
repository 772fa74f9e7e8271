"""The app for a multi-worker server: `uvicorn --factory policyscope.web.factory:app_from_env`
with `--workers N`. Each worker process builds its own app from the settings `serve` put in
the environment (workers are fresh processes, so they cannot be handed objects)."""

from __future__ import annotations

import json
import os

from policyscope.web.app import create_app

ENV = "POLICYSCOPE_WEB_CONFIG"


def settings_env(**settings) -> dict[str, str]:
    """The environment entry that carries `settings` (create_app's keyword arguments)."""
    return {ENV: json.dumps(settings)}


def app_from_env():
    settings = json.loads(os.environ[ENV])
    settings["allowed_hosts"] = set(settings.get("allowed_hosts") or ()) or None
    return create_app(**settings)
