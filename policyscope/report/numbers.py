"""Figures written in the briefing's language, from the normalised value (never the
source's own spelling: '8000亿元' or '2%左右' must not reach a Korean sentence).

    say(5.784e11, "CNY", "exact", "ko")          -> '5,784억 위안'
    say(1.3e12, "CNY", "exact", "ko")            -> '1조 3,000억 위안'
    say(5.0, "percent", "approx", "ko")          -> '5% 내외'
    say(1.2e7, "people", "lower_bound", "ko")    -> '1,200만 명 이상'
    say(5.784e11, "CNY", "exact", "en")          -> 'RMB 578.4 billion'
    say(5.0, "percent", "approx", "en")          -> 'about 5%'
    say(1.2e7, "people", "lower_bound", "en")    -> 'at least 12 million people'

Korean groups by 10^4 (만, 억, 조) with a thousands comma inside each group; English by
10^3 (thousand, million, billion, trillion). The unit comes from the figure's base unit,
or the metric's unit kind (`unit_kind: people` -> 명 / people, never 개).
"""

from __future__ import annotations

__all__ = ["say", "plain_number"]

_KO_CURRENCY = {"CNY": "위안", "USD": "달러", "KRW": "원", "EUR": "유로", "JPY": "엔"}
_EN_CURRENCY = {"CNY": "RMB", "USD": "USD", "KRW": "KRW", "EUR": "EUR", "JPY": "JPY"}
_KO_COUNT = {"people": "명", "count": "개", "jin": "근", "tonnes": "톤", "ton": "톤"}
_EN_COUNT = {"people": "people", "count": "", "jin": "jin", "tonnes": "tonnes", "ton": "tonnes"}
_KO_QUAL = {"approx": "{} 내외", "lower_bound": "{} 이상", "upper_bound": "{} 이내"}
_EN_QUAL = {"approx": "about {}", "lower_bound": "at least {}", "upper_bound": "at most {}"}
_KO_GROUPS = ((1e12, "조"), (1e8, "억"), (1e4, "만"))
_EN_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def plain_number(x: float, digits: int = 2) -> str:
    """'5', '5.5', '1,234', '0.2': no trailing zeros, thousands commas."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".")


def _ko_big(x: float) -> str:
    """Korean grouping by 10^4: 1.3e12 -> '1조 3,000억', 5.784e11 -> '5,784억'."""
    if abs(x) < 1e4:
        return plain_number(x)
    parts: list[str] = []
    rest: float = round(abs(x))
    for size, word in _KO_GROUPS:
        n = int(rest // size)
        if n:
            parts.append(f"{n:,}{word}")
            rest -= n * size
    if rest >= 1:
        parts.append(f"{int(rest):,}")
    return ("-" if x < 0 else "") + " ".join(parts)


def _en_scaled(x: float) -> str:
    for size, word in _EN_SCALES:
        if abs(x) >= size:
            return f"{plain_number(x / size, 2)} {word}"
    return plain_number(x)


def say(
    value: float | None,
    base_unit: str,
    qualifier: str = "exact",
    lang: str = "ko",
    unit_kind: str = "",
    high: float | None = None,
) -> str:
    """The figure in words of `lang` (ko | en); '' when there is no value."""
    if value is None:
        return ""
    unit = (base_unit or "").strip()
    if unit_kind == "people" and unit in ("count", ""):
        unit = "people"
    if unit in ("percent", "%"):
        body = _percent(value, high, lang, "%")
    elif unit in ("percentage_point", "pp"):
        body = _percent(value, high, lang, "%p" if lang == "ko" else " percentage points")
    elif unit in _KO_CURRENCY:
        body = _money(value, high, unit, lang)
    else:
        body = _count(value, high, unit, lang)
    table = _KO_QUAL if lang == "ko" else _EN_QUAL
    return table.get(qualifier, "{}").format(body)


def _percent(value: float, high: float | None, lang: str, sign: str) -> str:
    if high is not None and high != value:
        return (
            f"{plain_number(value)}~{plain_number(high)}{sign}"
            if lang == "ko"
            else (f"{plain_number(value)}–{plain_number(high)}{sign}")
        )
    return f"{plain_number(value)}{sign}"


def _money(value: float, high: float | None, unit: str, lang: str) -> str:
    if lang == "ko":
        span = _ko_big(value) + (f"~{_ko_big(high)}" if high not in (None, value) else "")
        return f"{span} {_KO_CURRENCY[unit]}"
    span = _en_scaled(value) + (f"–{_en_scaled(high)}" if high not in (None, value) else "")
    return f"{_EN_CURRENCY[unit]} {span}"


def _count(value: float, high: float | None, unit: str, lang: str) -> str:
    if lang == "ko":
        span = _ko_big(value) + (f"~{_ko_big(high)}" if high not in (None, value) else "")
        word = _KO_COUNT.get(unit, "")
        return f"{span}{word}" if word == "개" else f"{span} {word}".strip()
    span = _en_scaled(value) + (f"–{_en_scaled(high)}" if high not in (None, value) else "")
    word = _EN_COUNT.get(unit, unit)
    return f"{span} {word}".strip()
