"""One watch run at a time per workspace: a row in `watch_lock`, taken in a transaction.

The primary key makes taking it atomic on SQLite and PostgreSQL alike. A lock left by a
process that died (same host, pid gone) or older than STALE_HOURS is taken over.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from policyscope.errors import PolicyScopeError
from policyscope.watch import tables as T

STALE_HOURS = 6


class WatchBusy(PolicyScopeError):
    pass


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _dead(holder: str, since: str) -> bool:
    host, _, pid = holder.rpartition(":")
    started = datetime.fromisoformat(since)
    if datetime.now(UTC) - started > timedelta(hours=STALE_HOURS):
        return True
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def acquire(engine, name: str = "run") -> str:
    T.ensure(engine)
    me = _holder()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for _attempt in range(2):
        try:
            with engine.begin() as conn:
                conn.execute(T.lock.insert().values(name=name, holder=me, since=now))
            return me
        except IntegrityError:
            with engine.begin() as conn:
                row = conn.execute(select(T.lock).where(T.lock.c.name == name)).first()
                if row and not _dead(row.holder, row.since):
                    raise WatchBusy(
                        f"another watch run holds the workspace ({row.holder}, since "
                        f"{row.since}); wait for it to finish"
                    ) from None
                conn.execute(T.lock.delete().where(T.lock.c.name == name))
    raise WatchBusy("could not take the watch lock; try again")


def release(engine, holder: str, name: str = "run") -> None:
    with engine.begin() as conn:
        conn.execute(T.lock.delete().where(T.lock.c.name == name).where(T.lock.c.holder == holder))
