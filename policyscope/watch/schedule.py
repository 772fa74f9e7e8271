"""`watch run --every 6h`: run, sleep until the next slot, run again, until interrupted.

The next run starts `every` after the previous one started (not ended), so runs keep their
rhythm; a run longer than the interval is followed at once by the next.
"""

from __future__ import annotations

import re
import time

from policyscope.errors import BadArgument

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$", re.IGNORECASE)


def parse_interval(text: str) -> float:
    """'6h' -> 21600.0; '30m', '1d', '45s' too."""
    match = _EVERY.match(text or "")
    if not match or float(match.group(1)) <= 0:
        raise BadArgument(f"--every {text!r}: give a number and a unit, e.g. 30m, 6h or 1d")
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


def loop(run_once, every: float, times: int | None = None, sleep=time.sleep, clock=time.monotonic):
    """Call `run_once()` every `every` seconds (`times` runs, or forever)."""
    n = 0
    while times is None or n < times:
        started = clock()
        run_once()
        n += 1
        if times is not None and n >= times:
            break
        sleep(max(0.0, started + every - clock()))
