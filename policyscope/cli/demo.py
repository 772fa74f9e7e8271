"""The `demo` command: the script itself is `policyscope.demo`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policyscope.cli.app import STATE, app, err, out


@app.command(epilog="Example: policyscope demo --out demo-out --shared ../shared")
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the demo workspace")] = Path(
        "demo-out"
    ),
    shared: Annotated[Path | None, typer.Option(help="The shared data folder")] = Path("../shared"),
    corpus: Annotated[
        Path | None, typer.Option(help="Use this folder instead of shared data")
    ] = None,
) -> None:
    """Build a fresh workspace from the sample inputs and show what it can answer."""
    from policyscope import demo as script  # noqa: PLC0415 (lazy: start-up time, it opens the store)

    p = script.plan(out_dir, shared, corpus)
    STATE["db"] = str(p.db)
    script.run(p, out_dir, out, err)
