"""A local imitation of a ministry website, served on 127.0.0.1 for the watch tests.

Layout: robots.txt (disallows /private/), an RSS feed, a sitemap, a two-page listing with a
"下一页" link, article pages (one in GBK with its charset only in the HTTP header), PDF,
DOCX and HWP attachments, ETag/Last-Modified validators answered with 304, a 404, a 500,
a slow page, a redirect loop and an oversized file. `site.change_article()` rewrites one
article (a figure and a sentence), as a ministry revising a notice between two runs.
All text was written for these tests.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.builders import write_docx, write_hwp, write_pdf

A1_TITLE = "关于推进智能制造示范工厂建设的通知"
A1_PARAS = [
    "各省、自治区、直辖市工业和信息化主管部门：为加快制造业数字化转型，现就示范工厂建设有关事项通知如下。",
    "到2027年，建成50个国家级智能制造示范工厂，带动重点行业关键工序数控化率明显提升。",
    "重点企业研发投入年均增长5%以上，企业应当建立健全数据安全管理制度。",
    "各级主管部门不得以任何形式向企业摊派费用或者增加额外负担。",
]
A1_CHANGED = (
    "重点企业研发投入年均增长8%以上，企业应当建立健全数据安全管理制度，积极培育具身智能应用场景。"
)
A2_TITLE = "关于公布算力基础设施试点名单的公告"
A2_PARAS = [
    "经地方推荐和专家评审，确定首批算力基础设施高质量发展试点单位，现予公布。",
    "试点单位应当在两年内完成建设任务，并按季度报送进展情况。",
]
L_PARAS = {
    "l1": [
        "关于开展工业软件攻关行动的通知",
        "围绕设计仿真、生产控制等环节，组织开展工业软件联合攻关。",
    ],
    "l2": [
        "关于加强网络数据分类分级保护的意见",
        "数据处理者应当按照分类分级要求落实保护措施。",
    ],
}
S1_PARAS = [
    "关于促进数据标注产业发展的指导意见",
    "到2026年，培育一批数据标注骨干企业，形成规范有序的产业生态。",
]
K1_PARAS = [
    "인공지능 데이터센터 구축 지원 사업 공고",
    "정부는 2026년까지 지역 거점 데이터센터 5곳을 지정하고 "
    "사업자는 분기마다 실적을 보고하여야 한다.",
]
A3_PARAS = [
    "关于印发人工智能赋能新型工业化行动方案的通知",
    "到2028年，推动100个以上重点场景实现规模化应用，企业应当加强算法备案管理。",
]


ZH_NAV = ("首页", "政策文件", "版权所有 示例部委网站")
KO_NAV = ("홈", "보도자료", "예시 부처 누리집")


def _page(title: str, paras: list[str], links: str = "", charset: str | None = "utf-8",
          nav: tuple[str, str, str] = ZH_NAV) -> str:  # fmt: skip
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>"
        f'<nav><a href="/">{nav[0]}</a> <a href="/listing/1.html">{nav[1]}</a></nav>'
        f"<main><article><h1>{title}</h1>\n{body}\n{links}</article></main>"
        f"<footer>{nav[2]}</footer></body></html>"
    )


class Site:
    def __init__(self, folder: Path):
        self.folder = folder
        self.hits: Counter = Counter()  # path -> requests
        self.statuses: list[tuple[str, int]] = []
        self.a1_paras = list(A1_PARAS)
        self.feed_extra: list[tuple[str, str, str]] = []  # items added later to the feed
        self.agents: set[str] = set()
        self.max_age_slow = 3.0
        self._build_files()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def change_article(self) -> None:
        self.a1_paras[2] = A1_CHANGED

    def publish_new(self) -> None:
        self.feed_extra.append(("/news/a3.html", A3_PARAS[0], "Wed, 03 Dec 2025 09:00:00 GMT"))

    def _build_files(self) -> None:
        f = self.folder
        # the PDF repeats the page's text: the same work in two places
        self.pdf = write_pdf(f / "a1.pdf", [[A1_TITLE, *A1_PARAS]], title=A1_TITLE).read_bytes()
        self.docx = write_docx(f / "a1.docx").read_bytes()
        self.hwp = write_hwp(f / "a2.hwp").read_bytes()

    # -- content ----------------------------------------------------------------------
    def routes(self) -> dict:
        b = self.base
        a1_links = '<p>附件1：<a href="/files/a1.pdf">通知全文.pdf</a></p>' \
                   '<p>附件2：<a href="/files/a1.docx">申报材料.docx</a></p>'  # fmt: skip
        a2_links = '<p>붙임: <a href="/files/a2.hwp">명단.hwp</a></p>' \
                   '<p>附件：<a href="/files/big.pdf">数据包.pdf</a></p>' \
                   '<p>附件：<a href="/files/gone.pdf">已删除.pdf</a></p>'  # fmt: skip
        html = "text/html; charset=utf-8"
        return {
            "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n"),
            "/rss.xml": ("application/rss+xml", self._rss().encode("utf-8")),
            "/sitemap.xml": ("application/xml", self._sitemap().encode("utf-8")),
            "/news/a1.html": (
                "text/html; charset=GBK",
                _page(A1_TITLE, self.a1_paras, a1_links, charset=None).encode("gbk"),
            ),
            "/news/a2.html": (html, _page(A2_TITLE, A2_PARAS, a2_links).encode()),
            "/private/secret.html": (html, _page("内部", ["不应被抓取的页面。"]).encode()),
            "/listing/1.html": (html, self._listing(["l1"], "/listing/2.html").encode()),
            "/listing/2.html": (html, self._listing(["l2", "k1"], None).encode()),
            "/news/l1.html": (html, _page(L_PARAS["l1"][0], L_PARAS["l1"][1:]).encode()),
            "/news/l2.html": (html, _page(L_PARAS["l2"][0], L_PARAS["l2"][1:]).encode()),
            "/news/s1.html": (html, _page(S1_PARAS[0], S1_PARAS[1:]).encode()),
            "/news/a3.html": (html, _page(A3_PARAS[0], A3_PARAS[1:]).encode()),
            # EUC-KR, named by the page itself (no charset in the header)
            "/news/k1.html": (
                "text/html",
                _page(K1_PARAS[0], K1_PARAS[1:], charset="euc-kr", nav=KO_NAV).encode("euc-kr"),
            ),
            "/files/a1.pdf": ("application/pdf", self.pdf),
            "/files/a1.docx": (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                self.docx,
            ),
            "/files/a2.hwp": ("application/x-hwp", self.hwp),
            "/files/big.pdf": ("application/pdf", b"%PDF-1.4\n" + b"0" * 3_000_000),
            "_base": b,
        }

    def _rss(self) -> str:
        items = [
            ("/news/a1.html", A1_TITLE, "Mon, 01 Dec 2025 09:00:00 GMT"),
            ("/news/a2.html", A2_TITLE, "Tue, 02 Dec 2025 09:00:00 GMT"),
            ("/private/secret.html", "内部", "Tue, 02 Dec 2025 10:00:00 GMT"),
        ] + self.feed_extra
        body = "".join(
            f"<item><title>{t}</title><link>{self.base}{p}</link><pubDate>{d}</pubDate></item>"
            for p, t, d in items
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>示例部委 政策发布</title><link>{self.base}/</link>{body}</channel></rss>"
        )

    def _sitemap(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{self.base}/news/s1.html</loc><lastmod>2025-11-20</lastmod></url>"
            f"<url><loc>{self.base}/private/secret.html</loc></url></urlset>"
        )

    def _listing(self, keys: list[str], next_url: str | None) -> str:
        titles = {**{k: v[0] for k, v in L_PARAS.items()}, "k1": K1_PARAS[0]}
        items = "".join(f'<li><a href="/news/{k}.html">{titles[k]}</a></li>' for k in keys)
        nxt = f'<a href="{next_url}">下一页</a>' if next_url else ""
        return (
            '<html><head><meta charset="utf-8"><title>政策文件</title></head><body>'
            f'<ul class="list">{items}</ul><div class="page">{nxt}</div></body></html>'
        )

    # -- HTTP -------------------------------------------------------------------------
    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                path = self.path.split("?")[0]
                site.hits[path] += 1
                site.agents.add(self.headers.get("User-Agent", ""))
                try:
                    status = self._serve(path)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out
                    status = 0
                site.statuses.append((path, status))

            def _send(self, status: int, ctype: str = "text/plain", body: bytes = b"", **hdr):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in hdr.items():
                    self.send_header(k.replace("_", "-"), v)
                self.end_headers()
                if body:
                    self.wfile.write(body)
                return status

            def _serve(self, path: str) -> int:
                if path == "/slow.html":
                    time.sleep(site.max_age_slow)
                    return self._send(200, "text/html", b"<p>late</p>")
                if path in ("/loop/a", "/loop/b"):
                    other = "/loop/b" if path == "/loop/a" else "/loop/a"
                    return self._send(302, Location=other)
                if path == "/broken.xml":
                    return self._send(500, body=b"server error")
                routes = site.routes()
                if path not in routes or path == "_base":
                    return self._send(404, body=b"not found")
                ctype, body = routes[path]
                if path == "/news/s1.html":  # validated by date only, as older servers do
                    stamp = "Thu, 20 Nov 2025 08:00:00 GMT"
                    if self.headers.get("If-Modified-Since") == stamp:
                        return self._send(304, ctype)
                    return self._send(200, ctype, body, Last_Modified=stamp)
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, ctype, ETag=etag)
                return self._send(200, ctype, body, ETag=etag)

        return Handler
