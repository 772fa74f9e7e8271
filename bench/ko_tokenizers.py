"""Korean analysers side by side on the seeds: MeCab-ko, Kiwi, lindera (ko-dic).

    python bench/ko_tokenizers.py              # the seeds, repeated to --kb
    python bench/ko_tokenizers.py --kb 2000

Prints, for each analyser measured in this run:
- load: seconds from import to the first analysed sentence, in a fresh process (what a
  one-shot CLI query pays);
- bare MB/s: UTF-8 bytes of paragraphs per CPU second, the analyser alone (CPU time, not
  wall time: the machine is shared, and its load swings wall times by 2-3x);
- facade MB/s: the same through PolicyScope's Tokenizer (policy terms cut out first, Han
  runs to the Chinese backend, index forms), for the two it can use;
- terms whole: of the term dictionary's Hangul terms that occur in the seeds, how many the
  analyser alone keeps as one token (the term dictionary keeps them all whole anyway);
- retrieval: for queries written here, paragraphs the index finds (the query's index forms
  in a row in the paragraph's) against paragraphs holding the query literally: recall and
  precision, summed over the queries.
lindera is measured only when its wheel is installed (`pip install lindera-python-ko-dic`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from policyscope.text.tokenize import Tokenizer, ko  # noqa: E402

QUERIES = [
    "인공지능",
    "반도체",
    "데이터",
    "정책",
    "산업",
    "투자",
    "규제",
    "기술",
    "로봇",
    "신체화",
    "생성형",
    "경쟁력",
    "공급망",
    "인재",
    "전략",
    "연구개발",
    "디지털",
    "플랫폼",
    "중국",
    "미국",
]

LOAD = {
    "mecab": "import mecab; m = mecab.MeCab(); m.parse('인공지능 정책')",
    "kiwi": "from kiwipiepy import Kiwi; k = Kiwi(num_workers=1); k.tokenize('인공지능 정책')",
    "lindera": (
        "import lindera; tk = lindera.TokenizerBuilder().set_dictionary('embedded://ko-dic')"
        ".set_mode('normal').build(); tk.tokenize('인공지능 정책')"
    ),
}


def seeds_paragraphs() -> list[str]:
    paras = []
    for p in sorted((SHARED / "seeds").glob("*.txt")):
        paras += [line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not paras:
        raise SystemExit(f"no seeds under {SHARED}/seeds: set POLICYSCOPE_SHARED")
    return paras


def repeated(paras: list[str], kb: float) -> list[str]:
    out, size = [], 0
    while size < kb * 1000:
        for line in paras:
            out.append(line)
            size += len(line.encode())
    return out


def load_seconds(name: str) -> float | None:
    code = f"import time; t0 = time.perf_counter(); {LOAD[name]}; print(time.perf_counter() - t0)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(r.stdout.split()[-1]) if r.returncode == 0 else None


def bare(name: str):
    """A function cutting one paragraph into (surface, tag) pairs with the analyser alone."""
    if name == "mecab":
        return lambda p: [(p[s:e], t) for s, e, t in ko._mecab_text(p, [])]
    if name == "kiwi":
        k = ko.kiwi()
        return lambda p: [(t.form, t.tag) for t in k.tokenize(p)]
    import lindera

    t = lindera.TokenizerBuilder().set_dictionary("embedded://ko-dic").set_mode("normal").build()
    return lambda p: [(x.surface, x.details[0]) for x in t.tokenize(p)]


def cpu_mb_s(fn, paras: list[str]) -> float:
    n = sum(len(p.encode()) for p in paras)
    fn(paras[0])
    t = time.process_time()
    for p in paras:
        fn(p)
    return n / (time.process_time() - t) / 1e6


def terms_whole(cut, paras: list[str], terms: list[str]) -> tuple[int, int]:
    text = "\n".join(paras)
    present = [t for t in terms if ko._HANGUL_ONLY.match(t) and t in text]
    return sum(1 for t in present if [s for s, _ in cut(t)] == [t]), len(present)


def retrieval(tok: Tokenizer, paras: list[str]) -> tuple[float, float]:
    forms = [tok.tokenize_for_index(p, "ko") for p in paras]
    found = relevant = both = 0
    for q in QUERIES:
        qf = tok.tokenize_for_index(q, "ko")
        for p, f in zip(paras, forms, strict=True):
            lit = q in p
            hit = bool(qf) and any(f[i : i + len(qf)] == qf for i in range(len(f)))
            relevant += lit
            found += hit
            both += lit and hit
    return both / max(relevant, 1), both / max(found, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kb", type=float, default=1000, help="seeds repeated to this size")
    args = ap.parse_args()
    one = seeds_paragraphs()
    paras = repeated(one, args.kb)
    names = ["mecab", "kiwi"]
    try:
        import lindera  # noqa: F401

        names.append("lindera")
    except ImportError:
        pass
    table = Table(title=f"Korean analysers on the seeds ({args.kb:g} kB, CPU time)")
    for c in ("analyser", "load s", "bare MB/s", "x Kiwi", "facade MB/s", "terms whole"):
        table.add_column(c, justify="right")
    table.add_column("recall / precision", justify="right")
    terms = Tokenizer().terms.terms
    speeds = {n: cpu_mb_s(bare(n), paras) for n in names}
    for name in names:
        load = load_seconds(name)
        whole, present = terms_whole(bare(name), one, terms)
        facade, quality = "-", "-"
        if name in ko.BACKENDS:
            ko.use(name)
            tok = Tokenizer()
            facade = f"{cpu_mb_s(lambda p, t=tok: t.tokenize_for_index(p, 'ko'), paras):.2f}"
            r, p = retrieval(tok, one)
            quality = f"{r:.3f} / {p:.3f}"
        table.add_row(
            name,
            "?" if load is None else f"{load:.2f}",
            f"{speeds[name]:.2f}",
            f"{speeds[name] / speeds['kiwi']:.1f}",
            facade,
            f"{whole}/{present}",
            quality,
        )
    Console().print(table)


if __name__ == "__main__":
    main()
