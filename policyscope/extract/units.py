"""Unit tables for the quantity extractor.

Everything here is data: the surface forms a unit is written with, the base unit it
maps to and the factor from the written unit to the base unit. Scale words (만/억/조,
万/亿, 億/兆, million/billion) are separate from units: the parser multiplies them in.

Base units
- currencies: ISO 4217 codes (CNY, KRW, USD, JPY, EUR, GBP, HKD, TWD);
- ``count`` (things: companies, jobs, items, vehicles...), ``people``, ``person_times``;
- ``percent``, ``percentage_point``, ``ratio`` (N배 / N倍 / N times);
- durations ``year`` / ``month`` (only for explicit durations such as N년간; a plain
  year like 2025년 is a date, never a quantity);
- physical: ``W``, ``Wh``, ``km``, ``km2``, ``hectare``, ``mu``, ``tonne``, ``jin``,
  ``kg``, ``FLOPS``, ``byte``.
"""

from __future__ import annotations

from dataclasses import dataclass

from policyscope.lang import numerals

CURRENCIES = frozenset({"CNY", "KRW", "USD", "JPY", "EUR", "GBP", "HKD", "TWD"})


@dataclass(frozen=True)
class UnitDef:
    text: str  # surface form
    base: str  # base unit
    factor: float = 1.0  # written unit -> base unit
    script: str = "en"  # 'ko' | 'zh' | 'ja' | 'en' | 'sym' (decides the boundary rules)


# Scale words and Chinese digits are numerals: policyscope.lang.numerals owns them.
BIG_SCALES = numerals.BIG_SCALES
SMALL_SCALES = numerals.SMALL_SCALES
CN_DIGITS = numerals.CN_DIGITS

# English scale words (after the number, separated by a space or nothing for bn/mn).
EN_SCALES: dict[str, float] = {
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
# One-letter scales, accepted only right after a currency-prefixed number ($20B, $3.5M).
EN_LETTER_SCALES: dict[str, float] = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}

# Currency written before the number: '$20 billion', 'RMB 100 billion', 'US$138.3 billion'.
PREFIX_CURRENCIES: dict[str, str] = {
    "US$": "USD",
    "US $": "USD",
    "U.S.$": "USD",
    "HK$": "HKD",
    "NT$": "TWD",
    "$": "USD",
    "USD": "USD",
    "RMB": "CNY",
    "CNY": "CNY",
    "EUR": "EUR",
    "JPY": "JPY",
    "KRW": "KRW",
    "GBP": "GBP",
    "€": "EUR",
    "£": "GBP",
    "₩": "KRW",
    "￦": "KRW",
    "￥": "CNY",
    "¥": "CNY",  # JPY when the language is Japanese (see quantities._prefix_currency)
}


def _u(script: str, base: str, factor: float, *forms: str) -> list[UnitDef]:
    return [UnitDef(f, base, factor, script) for f in forms]


_KO: list[UnitDef] = [
    *_u("ko", "CNY", 1, "위안", "위안화", "중국 위안"),
    *_u("ko", "HKD", 1, "홍콩 달러", "홍콩달러"),
    *_u("ko", "TWD", 1, "대만 달러", "대만달러"),
    *_u("ko", "KRW", 1, "원", "원화"),
    *_u("ko", "USD", 1, "달러", "미 달러", "미국 달러", "미달러"),
    *_u("ko", "JPY", 1, "엔", "엔화"),
    *_u("ko", "EUR", 1, "유로"),
    *_u("ko", "GBP", 1, "파운드"),
    *_u("ko", "count", 1, "개", "개 사", "개사", "사", "개국", "개소", "곳", "건"),
    *_u("ko", "count", 1, "번", "회", "대", "편", "종"),
    *_u("ko", "people", 1, "명", "인", "인구"),
    *_u("ko", "ratio", 1, "배"),
    *_u("ko", "percent", 1, "퍼센트", "프로"),  # 프로: spoken Korean for percent
    *_u("ko", "percentage_point", 1, "퍼센트포인트", "%포인트", "% 포인트", "%p", "%P"),
    *_u("ko", "year", 1, "년간", "개년간"),
    *_u("ko", "month", 1, "개월", "개월간"),
]

_ZH: list[UnitDef] = [
    *_u("zh", "CNY", 1, "元", "人民币", "人民币元", "元人民币"),
    *_u("zh", "USD", 1, "美元", "美圆"),
    *_u("zh", "JPY", 1, "日元"),
    *_u("zh", "EUR", 1, "欧元"),
    *_u("zh", "KRW", 1, "韩元"),
    *_u("zh", "HKD", 1, "港元", "港币"),
    *_u("zh", "TWD", 1, "新台币", "台币"),
    *_u("zh", "GBP", 1, "英镑"),
    *_u("zh", "people", 1, "人", "名", "人口", "位"),
    *_u("zh", "person_times", 1, "人次"),
    *_u("zh", "count", 1, "个", "家", "项", "台", "辆", "座", "款", "件", "条", "篇", "套"),
    *_u("zh", "count", 1, "个国家", "所"),
    *_u("zh", "ratio", 1, "倍"),
    *_u("zh", "percentage_point", 1, "个百分点", "百分点", "個百分點", "百分點"),
    # 成 = tenths (九成 = 90%); 三成半 = 35% (quantities reads the 半)
    *_u("zh", "percent", 10, "成"),
    *_u("zh", "W", 1e3, "千瓦"),
    *_u("zh", "Wh", 1e3, "千瓦时"),
    *_u("zh", "km", 1, "公里", "千米"),
    *_u("zh", "km2", 1, "平方公里"),
    *_u("zh", "mu", 1, "亩"),
    *_u("zh", "hectare", 1, "公顷"),
    *_u("zh", "tonne", 1, "吨"),
    *_u("zh", "jin", 1, "斤"),
    *_u("zh", "kg", 1, "公斤"),
    *_u("zh", "year", 1, "年间"),
]

_JA: list[UnitDef] = [
    *_u("ja", "JPY", 1, "円"),
    *_u("ja", "USD", 1, "ドル", "米ドル"),
    *_u("ja", "CNY", 1, "人民元"),
    *_u("ja", "EUR", 1, "ユーロ"),
    *_u("ja", "KRW", 1, "ウォン"),
    *_u("ja", "HKD", 1, "香港ドル"),
    *_u("ja", "TWD", 1, "台湾ドル", "ニュー台湾ドル"),
    *_u("ja", "count", 1, "社", "個", "カ国", "か国", "ヶ国", "ケ国", "カ所", "か所", "ヶ所"),
    *_u("ja", "percentage_point", 1, "ポイント"),
    *_u("ja", "percent", 1, "パーセント"),
    # 割 = tenths (約2割 = 20%); 分 / 厘 after it are read by quantities (3割5分 = 35%)
    *_u("ja", "percent", 10, "割"),
    *_u("ja", "year", 1, "年間"),
    *_u("ja", "month", 1, "カ月", "か月", "ヶ月", "ケ月"),
]

_SYM: list[UnitDef] = [
    *_u("sym", "percent", 1, "%", "‰"),
    *_u("sym", "EUR", 1, "€"),  # '5 €': written after the number in much of Europe
]
# '‰' is per mille: fix its factor.
_SYM[1] = UnitDef("‰", "percent", 0.1, "sym")

_PEOPLE_NOUNS = (
    "people persons residents students workers graduates researchers engineers taxpayers "
    "users individuals employees professionals scientists teachers doctors children "
    "farmers migrants citizens visitors tourists talents patients retirees "
    "person resident student worker graduate researcher engineer user"
).split()
_COUNT_NOUNS = (
    "jobs companies enterprises firms businesses projects units cities countries patents "
    "models papers households items institutions universities schools hospitals centers "
    "centres zones parks vehicles cars robots houses homes apartments stations "
    "startups products platforms chips devices villages counties programs programmes "
    "job company enterprise firm business project unit city country patent model paper"
).split()

_EN: list[UnitDef] = [
    *_u("en", "CNY", 1, "yuan", "renminbi", "RMB", "CNY", "yuan renminbi", "rmb", "chinese yuan"),
    *_u("en", "USD", 1, "dollars", "US dollars", "U.S. dollars", "USD", "dollar", "usd"),
    *_u("en", "USD", 1, "us dollars", "us dollar", "US dollar"),
    *_u("en", "JPY", 1, "yen", "JPY"),
    *_u("en", "EUR", 1, "euros", "euro", "EUR"),
    *_u("en", "KRW", 1, "won", "KRW"),
    *_u("en", "GBP", 1, "pounds", "GBP"),
    # finance shorthand: MUSD = million US dollars
    *_u("en", "USD", 1e6, "MUSD"),
    *_u("en", "EUR", 1e6, "MEUR"),
    *_u("en", "GBP", 1e6, "MGBP"),
    *_u("en", "percent", 1, "percent", "per cent", "pct"),
    *_u(
        "en",
        "percentage_point",
        1,
        "percentage points",
        "percentage point",
        "percentage-point",
        "percentage-points",
        "pp",
    ),
    *_u("en", "percentage_point", 0.01, "basis points", "basis point", "bps", "bp"),
    *_u("en", "ratio", 1, "times", "-fold", "fold"),
    *_u("en", "people", 1, *_PEOPLE_NOUNS),
    *_u("en", "count", 1, *_COUNT_NOUNS),
    *_u("en", "km", 1, "kilometers", "kilometres", "km"),
    *_u("en", "km2", 1, "square kilometers", "square kilometres", "km2", "sq km"),
    *_u("en", "hectare", 1, "hectares", "hectare"),
    *_u("en", "mu", 1, "mu"),
    *_u("en", "tonne", 1, "metric tons", "tons", "tonnes"),
    *_u("en", "W", 1e3, "kilowatts", "kW"),
    *_u("en", "W", 1e6, "megawatts", "MW"),
    *_u("en", "W", 1e9, "gigawatts", "GW"),
    *_u("en", "Wh", 1e3, "kilowatt-hours", "kilowatt hours", "kWh"),
    *_u("en", "Wh", 1e9, "GWh"),
    *_u("en", "Wh", 1e12, "TWh"),
    *_u("en", "FLOPS", 1e15, "PFLOPS", "petaflops"),
    *_u("en", "FLOPS", 1e18, "EFLOPS", "exaflops"),
    *_u("en", "FLOPS", 1e12, "TFLOPS"),
    *_u("en", "byte", 1e12, "TB"),
    *_u("en", "byte", 1e15, "PB"),
    *_u("en", "byte", 1e18, "EB"),
    *_u("en", "year", 1, "years"),
    *_u("en", "month", 1, "months"),
]

ALL_UNITS: list[UnitDef] = [*_KO, *_ZH, *_JA, *_SYM, *_EN]

# English nouns that, when they follow a '<number> million' within a few words, decide
# whether the figure counts people or things ("13.61 million new urban jobs").
PEOPLE_NOUNS = frozenset(_PEOPLE_NOUNS)
COUNT_NOUNS = frozenset(_COUNT_NOUNS)

# Units that are ASCII and short: they must be attached or separated by one space and
# followed by a non-letter; a few are accepted only after a scale word or a digit.
EN_ADJECTIVES = frozenset(
    "new additional more urban rural key major national private small medium large "
    "registered active foreign domestic chinese".split()
)

# Characters that, right after a Chinese/Japanese unit, show the unit is really the first
# character of a word (家庭, 人民, 台湾, 条例, 元素...). Checked only for one-character units.
HAN_BLOCKERS: dict[str, str] = {
    "家": "庭长族电具居乡园属务用",
    "人": "民类才工士大代均们物格权生心",
    "台": "湾阶风",
    "项": "目",
    "条": "例件款约目",
    "元": "素宇旦首年件器",
    "个": "人体性别五",  # 十四个五年规划 is a plan name
    "名": "称义单字",
    "位": "置于",
    "座": "谈",
    "件": "事",
    "所": "以有在谓得属",
    "款": "项",
    "套": "餐",
    "社": "会長員",
    "個": "人別性",
    "割": "合引安高当込愛",  # 2割増 / 2割減 = 20% up / down: figures
    "成": "为為果本效立功绩績员員熟交型长長就都人年分份品像批片套形",
}
