"""Turning the bytes of a text file into `str`.

Order of trust: a byte-order mark, then strict UTF-8, then an encoding the
file declares (HTML `<meta charset>`), then charset-normalizer restricted to the
encodings policy documents actually come in (Korean, Chinese, Japanese legacy
code pages and Windows-1252). Short CJK texts are where detectors go wrong, so
the detector's guess is checked against the script of the text it produces.

Binary content (NUL bytes, many control bytes, nothing decodes cleanly) raises
`ReadError(path, "not a text file (binary content)")`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from policyscope.errors import ReadError
from policyscope.lang.scripts import CJK_UNIFIED, HANGUL_SYLLABLES, KANA_BLOCKS, bounds

BINARY_REASON = "not a text file (binary content)"

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# What charset-normalizer may choose from. Order matters for ties: the superset
# code pages (cp949 ⊃ EUC-KR, gb18030 ⊃ GBK ⊃ GB2312, cp932 ⊃ Shift_JIS) come first.
CANDIDATES: tuple[str, ...] = ("cp949", "gb18030", "cp932", "euc_jp", "big5", "cp1252")

# Names a file may declare, mapped to the superset code page we decode with.
_SUPERSETS = {
    "euc_kr": "cp949",
    "ks_c_5601_1987": "cp949",
    "uhc": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "ms_kanji": "cp932",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "utf-8",
}

# Control characters that do not occur in text (tab, LF, FF, CR and ESC do).
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_CONTROL_DELETE = bytes(sorted(_CONTROL_BYTES))


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when `data` starts with a byte-order mark."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def canonical_codec(name: str | None) -> str | None:
    """Python codec name for a declared charset (None when unknown)."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    key = codec.replace("-", "_")
    return _SUPERSETS.get(key, codec)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: mostly ASCII, so every other byte is NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.3 * half and even_nuls == 0:
        codec = "utf-16-le"
    elif even_nuls > 0.3 * half and odd_nuls == 0:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return text if _looks_like_text(text) else None


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    # per distinct character: a document has a few thousand, not millions
    bad = sum(
        text.count(ch)
        for ch in set(text)
        if (unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\t\n\r\f\x1b")
        or ch == "\ufffd"
    )
    return bad <= max(1, len(text) // 200)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_DELETE))
    return controls > max(2, len(sample) // 100)


# Frequent characters, for telling a right decode from a wrong one on short texts:
# legacy CJK code pages overlap, so GB2312 bytes read as cp949 give valid but rare
# Hangul, and EUC-KR bytes read as GB18030 give valid but rare hanzi.
_COMMON_HANGUL = frozenset(
    "이다의는에하고을를가한지로서기은도리사자대수정인적시있어나해들일국부보제전그여위것"
    "주장성라게상아구조요야으우면만원과경비소무발관화연법안공생개계방동등업진교통회물내중"
    "결실합행선단문신용설모세분산민체간명학추표호후확규본현차및저데터능책각년월날할함된될"
    "받했않없까또더며였습니께씩점째번항목조항호령칙령규칙시행령부칙별첨련담당운영활력향강"
    "변환협력지원육성촉진기술산업혁신데이터인공능형신뢰윤리준수의무위험관리평가검증인증"
    "개인정보보호처리이용제공공개투명설명책임사업자협회센터연구소과학통신장관총리청"
    "우리나라미래세계글로벌디지털전략추진과제계획기본목표방향성과예산투자확대필요"
)
_COMMON_HAN = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下"
    "自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部"
    "其些主样理心本前开但因只从想实日者意无力它与长把机十民第公此已工使情明性知全三又关点"
    "正业外将两高间由问很最重并物手应向头文体政相见被利什二等产或新己制身果加月话合回特代"
    "内信表化给世位次度门任常先海通教原东声提立及比员解水名真论处走义各入几口认条平系气题"
    "活更别打变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直资命山金指许统"
    "区保至队形社便空决治展科司五基书非则听白却界达光放强即像难且权思王象完设式色路记南品"
    "住告类求据程北边张该交规万取格望觉术领共确传师观清今切院让识候带导争运改收根干造言联"
    "持组每济车亲极林服快办议往元英士证近失转夫令准布始存未远台单影具字爱流备连调深商算质"
    "团集百需价党华城石级整府离况亚请技际约示复究线似官断精满支视消越器容照须九增研写称企"
    "八功包片史委查轻易早农找装广显标谈图念六引历首医局专费号另周较注语仅考落青随选列响推"
    "势参希古众构房半节土投案维革划致律足态护七兴派验责营星够章音底站严例防族供效续施留讲"
    "型料终答紧绝奇察京段依批群项故按河米围江织害境客纪采举低友诉止细愿千值网热助育属限职"
    "速刻否状率独球般普创假久错承印试股预益若微继送急素药适省初源食险待述陆习置居劳财环排"
    "福纳获模充负云停疑层略范室异激村策演简判担静积余检差富协角占配征修胜降阶审坚善读超免"
    "压银执副乱抗犯帮宣航优著田控税份艺背阵概块守央户评版宝座释景顾登货互付换闻危核介讨良"
    "序升监永域架括测败温困封救贵缺县移画智短遗固秘幸均销藏票损巨旧端探录附吸予礼港板庭归"
    "输补谓督油疗旅材逐词择博授载健堂借禁谋避荣束训私翻访弱典扩弃甲申缓售络抵纯筑培措宽促"
    "延震伟链盟障碍挑风险治理监管法规条例办法通知意见指导标准算法模型数据平台网络安全个人"
    "信息保护隐私伦理透明可信赖责任评估备案审查生成式智能服务提供者使用用户训练内容开发应用"
    "推动鼓励支持加强完善健全建立促进规范发展创新研究产业经济社会国家政府部门地方机关单位组织"
    "関係規定施行法律条約政府国会省庁総務経済産業文部科学厚生労働内閣府大臣令和平成"
)


_SYL, _KANA, _HAN = bounds(HANGUL_SYLLABLES), bounds(KANA_BLOCKS), bounds(CJK_UNIFIED)


def _plausible(ch: str, codec: str) -> bool:
    if codec == "cp949":
        return _SYL[0] <= ch <= _SYL[1]
    if codec in ("cp932", "euc_jp"):
        return _KANA[0] <= ch <= _KANA[1] or _HAN[0] <= ch <= _HAN[1]
    if codec in ("gb18030", "big5"):
        return _HAN[0] <= ch <= _HAN[1]
    return ch <= "\u024f"  # cp1252 and the like: Latin letters


_COMMON_LATIN = frozenset("éèêëàâäçüûùöôóòíìîïáñßœæÉÈÀÇÖÜÄÑ")


def _common(ch: str) -> bool:
    return (
        ch in _COMMON_HANGUL
        or ch in _COMMON_HAN
        or "\u3041" <= ch <= "\u30fa"
        or ch in _COMMON_LATIN
    )


def _plausibility(text: str, codec: str) -> float:
    """0..2: share of non-ASCII letters in the codec's script, plus share of frequent ones."""
    letters = [ch for ch in text if ord(ch) > 0x7F and ch.isalpha()]
    if not letters:
        return 2.0
    script = sum(1 for ch in letters if _plausible(ch, codec)) / len(letters)
    common = sum(1 for ch in letters if _common(ch)) / len(letters)
    return script + common


def _detect(data: bytes) -> str | None:
    """The candidate code page that decodes `data` into the most plausible text.

    charset-normalizer supplies its chaos (mess) measure for the candidates it
    accepts; a candidate it rejected is penalised but can still win when it alone
    gives frequent characters of its script (short texts trip the detector)."""
    from charset_normalizer import from_bytes  # noqa: PLC0415 (lazy: only for legacy encodings)

    chaos: dict[str, float] = {}
    for match in from_bytes(data, cp_isolation=list(CANDIDATES)):
        codec = canonical_codec(match.encoding)
        if codec is not None and codec not in chaos:
            chaos[codec] = match.chaos
    scored: list[tuple[float, int, str]] = []
    for rank, codec in enumerate(CANDIDATES):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _looks_like_text(text):
            continue
        score = _plausibility(text, codec) - chaos.get(codec, 0.5)
        scored.append((score, -rank, codec))
    if not scored:
        return None
    score, _, codec = max(scored)
    return codec if score >= 1.0 else None


# A UTF-8 file may carry this many invalid bytes per million (at least 4) and still be
# read as UTF-8, each replaced by U+FFFD with a warning: one bad byte in a report from a
# careless converter should not lose the whole report.
STRAY_PER_MILLION = 100


def _utf8_with_strays(data: bytes, warnings: list[str] | None) -> str | None:
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    if bad > max(4, len(data) * STRAY_PER_MILLION // 1_000_000):
        return None
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F)
    if multibyte < 10 * bad:  # too few real UTF-8 sequences to trust it is UTF-8 at all
        return None
    if warnings is not None:
        warnings.append(f"{bad} invalid UTF-8 byte(s) replaced by U+FFFD")
    return text


def _utf16_cjk(data: bytes) -> str | None:
    """UTF-16 text without a BOM and without ASCII (Chinese, Korean): no NUL bytes to see,
    so both byte orders are decoded and the one that gives frequent CJK characters wins."""
    if len(data) < 8 or len(data) % 2 or _valid_utf8(data[:8192]):
        return None
    sample = data[:8192]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        letters = [ch for ch in text if not ch.isspace() and not ch.isascii()]
        if len(letters) < 0.8 * len(text.split()) or len(letters) < 4:
            continue
        if sum(1 for ch in letters if _common(ch)) >= 0.5 * len(letters):
            try:
                full = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return full if _looks_like_text(full) else None
    return None


def _valid_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3  # cut in the middle of the last character
    return True


def decode_bytes(
    data: bytes,
    path: str | Path,
    *,
    declared: str | None = None,
    warnings: list[str] | None = None,
) -> str:
    """Decode a text file's bytes; `declared` is an encoding the file itself names.
    What was repaired (a stray invalid byte) is appended to `warnings`.

    Raises ReadError when the bytes are not text in any encoding we accept.
    """
    found = bom_encoding(data)
    if found:
        codec, skip = found
        try:
            return data[skip:].decode(codec)
        except UnicodeDecodeError as exc:
            raise ReadError(
                path,
                f"starts with a {codec} byte-order mark but is not valid {codec} "
                f"(byte {exc.start + skip}); re-save the file as UTF-8",
            ) from None
    if not data:
        return ""
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    utf16 = _utf16_cjk(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data):
        raise ReadError(path, BINARY_REASON)
    # Valid UTF-8 first: pages that declare Latin-1 yet are UTF-8 are common, while
    # legacy CJK bytes almost never happen to form valid UTF-8 -- nor UTF-8 with a few
    # stray bytes (which a detector would otherwise read as cp1252, silently).
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    repaired = _utf8_with_strays(data, warnings)
    if repaired is not None:
        return repaired
    declared_codec = canonical_codec(declared)
    if declared_codec:
        try:
            text = data.decode(declared_codec)
            if _looks_like_text(text):
                return text
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; fall through to detection
    detected = _detect(data)
    if detected is None:
        raise ReadError(
            path,
            f"{BINARY_REASON}: not UTF-8 and no known encoding fits "
            f"(tried {', '.join(CANDIDATES)}); re-save the file as UTF-8",
        )
    return data.decode(detected)


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML/XML file declares in its first 4 KB, if any."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None
