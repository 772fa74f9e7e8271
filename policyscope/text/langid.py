"""Language of a paragraph: 'ko' | 'zh' | 'ja' | 'en' | 'und'.

Script rules first (they are exact and fast), lingua only for what they leave open:
1. no Hangul, kana, Han or Latin letter at all (digits, punctuation, other scripts) -> 'und';
2. substantial Hangul -> 'ko': at least 2 Hangul syllables/jamo making up at least 10% of
   the letters, or at least 20 of them. So a Korean paragraph with Chinese terms in
   brackets ('새로운 질의 생산력(新质生产力)') is 'ko';
3. any kana -> 'ja' (the katakana middle dot ・ and the long-vowel mark ー don't count:
   Korean and Chinese text use them as punctuation); in text of 200+ letters the kana must
   be at least 1% of the Han+kana letters, so one stray の in a Chinese page does not flip it;
4. Han at least half of the letters -> 'zh' (a kanji-only Japanese heading is 'zh' here;
   `pipeline.analyze_text` fixes that from the document's other paragraphs);
5. Latin only -> 'en';
6. otherwise (Han mixed with more Latin) lingua, restricted to KOREAN, CHINESE, JAPANESE,
   ENGLISH, low-accuracy mode, built once per process on first use; 'und' if it abstains.
"""

from __future__ import annotations

import re

from policyscope.lang.scripts import HAN, HANGUL, KANA, LATIN

# script ranges: policyscope.lang.scripts (one definition for every layer)
_HANGUL = re.compile(f"[{HANGUL}]+")
_KANA = re.compile(f"[{KANA}]+")
_HAN = re.compile(f"[{HAN}]+")
_LATIN = re.compile(f"[{LATIN}]+")

# at least 20 Hangul letters (stops at the 20th; possessive: no backtracking)
_20_HANGUL = re.compile(f"(?:[^{HANGUL}]*+[{HANGUL}]){{20}}").match

_detector = None


def _lingua():
    global _detector
    if _detector is None:
        from lingua import Language, LanguageDetectorBuilder  # noqa: PLC0415 (lazy: loads models)

        _detector = (
            LanguageDetectorBuilder.from_languages(
                Language.KOREAN, Language.CHINESE, Language.JAPANESE, Language.ENGLISH
            )
            .with_low_accuracy_mode()
            .build()
        )
    return _detector


_LINGUA_CODES = {"KOREAN": "ko", "CHINESE": "zh", "JAPANESE": "ja", "ENGLISH": "en"}


def _count(pat: re.Pattern[str], text: str) -> int:
    return sum(map(len, pat.findall(text)))


def script_counts(text: str) -> tuple[int, int, int, int]:
    """(hangul, kana, han, latin) letter counts."""
    return _count(_HANGUL, text), _count(_KANA, text), _count(_HAN, text), _count(_LATIN, text)


# any letter of the three CJK scripts above: without one, only rules 1 and 5 can apply
_CJK_ANY = re.compile("|".join(p.pattern.removesuffix("+") for p in (_HANGUL, _KANA, _HAN)))


def detect_language(text: str) -> str:
    if _CJK_ANY.search(text) is None:
        # English and other Latin text, the bulk of a foreign-analysis corpus: one search
        # instead of four counts (language per paragraph took 0.05 s per MB of English)
        return "en" if _LATIN.search(text) else "und"
    if _20_HANGUL(text):  # Korean whatever else it holds: no counting at all
        return "ko"
    hangul, kana, han, latin = script_counts(text)
    letters = hangul + kana + han + latin
    if letters == 0:
        return "und"
    if hangul >= 20 or (hangul >= 2 and hangul * 10 >= letters):
        return "ko"
    if kana and (han + kana < 200 or kana * 100 >= han + kana):
        return "ja"
    if han * 2 >= letters:
        return "zh"
    if latin == letters:
        return "en"
    lang = _lingua().detect_language_of(text)
    if lang is None:
        return "und"
    return _LINGUA_CODES.get(lang.name, "und")
