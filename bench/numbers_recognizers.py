"""Select the Microsoft Recognizers-Text spec cases that find_quantities should read, and
write them as tests/data/numbers/recognizers_{ko,zh,ja,en}.tsv.

    python bench/numbers_recognizers.py SPECS_DIR [--commit HASH]

SPECS_DIR is the `Specs` folder of a checkout of github.com/microsoft/Recognizers-Text
(MIT licence). Nothing is downloaded: run it on a local checkout.

How cases are chosen (by category, never by whether they pass):
- files: Number/<Lang>/PercentModel.json and NumberWithUnit/<Lang>/CurrencyModel.json for
  Korean, Chinese, Japanese, English: the figures with units or percentages. The bare
  number, ordinal and range models are left out (a number without a unit is no figure
  to find_quantities);
- a case is kept when it has at least one expected result and every result has a single
  numeric value and, for currencies, a currency PolicyScope models (USD, CNY, JPY, KRW,
  EUR, GBP, HKD, TWD; the spec's plain 'Dollar' is USD). A case with any other currency
  (cent, pence, franc, bitcoin...) is dropped whole: its other figures would count as
  extras;
- figures written only in words are dropped: English ('twenty percent'), Hangul
  Sino-Korean (이십 퍼센트), kana (にせん...): policy documents write figures in digits
  or Han numerals, which is what find_quantities reads;
- shop talk is dropped: discounts (打对折, 六五折, 5割引), and amounts in a major plus a
  minor unit (五元三毛, 2ドル3セント, 10円5銭, 3 달러 50 센트, 15 dollars 50);
- fractions (2/100, 百分の二) are dropped: find_quantities reads per-words (百分之,
  千分之) and percent signs, not fractions;
- typed-in oddities are dropped: a Chinese/Japanese figure broken by spaces (六 点 五 成,
  パ ーセ ント, 7 万 円), 'k' for thousand in a percentage (15k个百分点), and English
  input tokenized Penn-Treebank style ('$ 75 million', ' , ', ' .'), which no document
  reads like.
Everything else is kept, including what find_quantities gets wrong (and the few cases
whose expected value looks wrong, e.g. 2억 4천 4백만 given as 254,000,000).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

LANGS = {"Korean": "ko", "Chinese": "zh", "Japanese": "ja", "English": "en"}
CURRENCY = {
    "Dollar": "USD",
    "United States dollar": "USD",
    "Chinese yuan": "CNY",
    "Japanese yen": "JPY",
    "South Korean won": "KRW",
    "Korean won": "KRW",
    "Euro": "EUR",
    "Pound": "GBP",
    "British pound": "GBP",
    "Hong Kong dollar": "HKD",
    "New Taiwan dollar": "TWD",
}
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "numbers"
HEADER = """# Selected from Microsoft Recognizers-Text, {src}
# at commit {commit} (https://github.com/microsoft/Recognizers-Text).
# Chosen by bench/numbers_recognizers.py (see its docstring for the rules).
# Columns: lang <TAB> input <TAB> expected figures ('value base_unit' joined by ' | ').
#
# MIT License
#
# Copyright (c) Microsoft Corporation. All rights reserved.
#
# Permission is hereby granted, free of charge, to any person obtaining a copy
# of this software and associated documentation files (the "Software"), to deal
# in the Software without restriction, including without limitation the rights
# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
# copies of the Software, and to permit persons to whom the Software is
# furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all
# copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
# FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
# LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
# SOFTWARE.
"""


_NUMERAL = re.compile(
    "[0-9０-９零〇一二两兩三四五六七八九十百千万萬亿億兆壹贰叁肆伍陆柒捌玖拾佰仟]"
)
_MINOR = re.compile(r"[角毛銭]|美分|分(?!之)|セント|센트|마오|cents?\b|pence|penny", re.IGNORECASE)
_CJK = "\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e"
_SPACED = re.compile(f"[{_CJK}] |[0-9] [{_CJK}]")
_TOKENIZED = re.compile(r"[$£€] [0-9]| [,.](?: |$)")


def _drop_case(lang: str, text: str) -> bool:
    return lang == "en" and _TOKENIZED.search(text) is not None


def _figure(lang: str, kind: str, res: dict) -> str | None:
    text = res.get("Text", "")
    resolution = res.get("Resolution") or {}
    value = str(resolution.get("value", ""))
    if not _NUMERAL.search(text) or _MINOR.search(text):
        return None
    if lang in ("zh", "ja") and _SPACED.search(text):
        return None
    if "/100" in text or "分の" in text:
        return None  # fractions: find_quantities reads per-words (百分之), not fractions
    if kind == "Percent":
        if "折" in text or "割引" in text or "引き" in text or re.search("[0-9][kK]", text):
            return None
        base, value = "percent", value.rstrip("%")
    else:
        base = CURRENCY.get(resolution.get("unit") or "")
        if base is None:
            return None
    try:
        number = float(value)
    except ValueError:
        return None
    if kind == "Currency" and number != int(number) and not re.search("[.．点點]", text):
        return None  # '15 dollars 50', '100ユーロと30': a minor unit without its name
    return f"{number:.10g} {base}"


def select(specs: Path) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {code: [] for code in LANGS.values()}
    for lang_dir, code in LANGS.items():
        for kind, rel in (
            ("Percent", f"Number/{lang_dir}/PercentModel.json"),
            ("Currency", f"NumberWithUnit/{lang_dir}/CurrencyModel.json"),
        ):
            cases = json.loads((specs / rel).read_text(encoding="utf-8-sig"))
            for case in cases:
                results = case.get("Results") or []
                if _drop_case(code, case["Input"]):
                    continue
                figures = [_figure(code, kind, r) for r in results]
                if not figures or None in figures:
                    continue
                text = " ".join(case["Input"].split())
                rows[code].append(f"{code}\t{text}\t{' | '.join(figures)}")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("specs", type=Path)
    ap.add_argument("--commit", default="unknown")
    args = ap.parse_args()
    src = "Specs/Number/<Lang>/PercentModel.json and Specs/NumberWithUnit/<Lang>/CurrencyModel.json"
    for code, lines in select(args.specs).items():
        path = OUT / f"recognizers_{code}.tsv"
        path.write_text(HEADER.format(src=src, commit=args.commit) + "\n".join(lines) + "\n")
        print(f"{path.name}: {len(lines)} cases")


if __name__ == "__main__":
    main()
