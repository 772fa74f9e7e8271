"""Key points: the box at the top of a briefing, chosen by the rules of
`report.key_points`. Built last: the rules read the conflicts, verdicts and events the
other sections kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.key_points import choose
from policyscope.report.model import KeyPoints, Section
from policyscope.report.registry import section

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing


@section("key_points", position=10, stage=3)
def key_points(b: Briefing) -> Section:
    sec = Section("key_points", b.L["key_points"])
    chosen = choose(b)
    if not chosen:
        sec.blocks.append(b.nodata("findings"))
        return sec
    # the section heading names the box already
    sec.blocks.append(KeyPoints("", chosen))
    return sec
