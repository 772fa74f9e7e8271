"""Korean particles after a value: '경제성장률을', '목표를', '4% 내외로', '2025년에' ...

    josa("도시조사실업률", "을", "를") -> '도시조사실업률을'
    josa("4% 내외", "으로", "로")      -> '4% 내외로'
    josa("具身智能", "이", "가")        -> '具身智能이(가)'  (Han: the reading is not known)

The particle follows the last sound of the word as read aloud: a Hangul syllable's final
consonant, a digit's Sino-Korean reading (일 칠 팔 end in ㄹ, 영 삼 육 in others), '%'
read 퍼센트. Closing quotes and brackets are skipped, and a bracketed gloss is read
past (the word before it is what is read). Unknown endings get both forms, '이(가)'.
"""

from __future__ import annotations

__all__ = ["josa"]

_DIGIT_FINAL = {
    "0": "ㅇ",
    "1": "ㄹ",
    "2": "",
    "3": "ㅁ",
    "4": "",
    "5": "",
    "6": "ㄱ",
    "7": "ㄹ",
    "8": "ㄹ",
    "9": "",
}
_CLOSERS = "’”」』》〉'\" "
_PAIRS = {")": "(", "）": "（"}


def _final(word: str) -> str | None:
    """'' (open syllable), 'ㄹ', another final consonant (a non-empty string), or None."""
    s = word.rstrip(_CLOSERS)
    while s and s[-1] in _PAIRS:
        i = s.rfind(_PAIRS[s[-1]])
        if i <= 0:
            break
        s = s[:i].rstrip(_CLOSERS)
    if not s:
        return None
    c = s[-1]
    if "가" <= c <= "힣":
        jong = (ord(c) - 0xAC00) % 28
        return "" if jong == 0 else ("ㄹ" if jong == 8 else "x")
    if c in _DIGIT_FINAL:
        return _DIGIT_FINAL[c]
    if c == "%":
        return ""
    if c.isascii() and c.isalpha():
        return "ㄹ" if c.lower() == "l" else ("x" if c.lower() in "mn" else "")
    return None


def josa(word, with_final: str, without: str) -> str:
    """`word` followed by the particle its last sound takes (see the module docstring)."""
    word = str(word)
    f = _final(word)
    if f is None:
        return f"{word}{with_final}({without})"
    if with_final == "으로":  # 로 also after ㄹ
        return word + ("로" if f in ("", "ㄹ") else "으로")
    return word + (without if f == "" else with_final)
