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
- English figures written only in words ('twenty percent', 'a buck') are dropped:
  policy documents write figures in digits, and find_quantities reads digits and CJK
  numerals only. Chinese discount idioms (打对折, 六五折) are dropped: shop talk.
Everything else is kept, including what find_quantities gets wrong.
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
# Copyright (c) Microsoft Corporation. MIT License: permission is hereby granted, free of
# charge, to any person obtaining a copy of this software and associated documentation
# files (the "Software"), to deal in the Software without restriction, subject to the
# condition that the copyright notice and this permission notice be included in all copies
# or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT
# WARRANTY OF ANY KIND.
# Chosen by bench/numbers_recognizers.py (see its docstring for the rules).
# Columns: lang <TAB> input <TAB> expected figures ('value base_unit' joined by ' | ').
"""


def _figure(lang: str, kind: str, res: dict) -> str | None:
    text = res.get("Text", "")
    resolution = res.get("Resolution") or {}
    value = str(resolution.get("value", ""))
    if kind == "Percent":
        if "折" in text:
            return None
        base, value = "percent", value.rstrip("%")
    else:
        base = CURRENCY.get(resolution.get("unit") or "")
        if base is None:
            return None
    if lang == "en" and not re.search(r"[0-9]", text):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
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
