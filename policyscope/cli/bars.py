"""Progress bars of the long commands, built when such a command runs: importing
rich.progress costs every start-up (`policyscope --help` too) about 15 ms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.cli.app import err

if TYPE_CHECKING:
    from rich.progress import Progress


def counter() -> Progress:
    """A bar with done/total that disappears when the command ends."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress  # noqa: PLC0415 (lazy: start-up time)

    return Progress(BarColumn(), MofNCompleteColumn(), console=err, transient=True)


def labelled(label: str, detail: bool = False) -> Progress:
    """A bar named `label` with done/total and the time so far (and, with `detail`, each
    task's description: the file being read) that stays on screen."""
    from rich.progress import (  # noqa: PLC0415 (lazy: start-up time)
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    if detail:
        columns.append(TextColumn("{task.description}"))
    return Progress(*columns, console=err, transient=False)
