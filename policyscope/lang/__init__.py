"""One home for what every layer needs to know about scripts and numbers.

- `scripts`: character classes and ranges (Hangul, Han, kana, Latin, full-width forms),
  `is_han` / `is_hangul` / `script_of`, the dominant script of a span and a script-based
  language guess;
- `numerals`: numbers as written in Korean, Chinese, Japanese and English (Arabic digits
  with separators, Chinese numerals, mixed forms such as 4천820만 or 5万4千6百), as Decimal;
- `eras`: Japanese era years (令和/平成/昭和...) to Gregorian years.

Relative time words (去年 / 지난해 / last year) live in `timewords`.
"""
