"""The digest: exactly what was stored since a moment, with citations (no network here)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from policyscope import Workspace
from policyscope.cli import app
from policyscope.errors import BadArgument
from policyscope.watch.render import digest_html, digest_markdown

OLD = "关于推动人工智能产业发展的意见\n\n各地要加快人工智能技术研发，2024年投入增长5%。"
CHANGED = "关于推动人工智能产业发展的意见\n\n各地要加快人工智能技术研发，2024年投入增长7%。"
NEW = (
    "关于培育具身智能产业的通知\n\n到2027年，具身智能核心产业规模达到1000亿元。"
    "各地应当支持人工智能企业开展具身智能应用试点。"
)
UNRELATED = "关于海洋渔业资源养护的公告\n\n禁渔期自5月1日起。"


@pytest.fixture(scope="module")
def ws_since(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("digest")
    db = tmp / "ws.db"
    a, b, c = tmp / "a.txt", tmp / "b.txt", tmp / "c.txt"
    meta = {"series": "notices"}
    with Workspace(db) as ws:
        a.write_text(OLD, encoding="utf-8")
        c.write_text(UNRELATED, encoding="utf-8")
        ws.ingest([a, c], meta=meta)
        time.sleep(1.1)
        since = datetime.now(UTC).isoformat(timespec="seconds")
        time.sleep(1.1)
        a.write_text(CHANGED, encoding="utf-8")
        b.write_text(NEW, encoding="utf-8")
        ws.ingest([a, b], meta=meta)
    return db, since


def test_exactly_the_new_and_the_changed(ws_since):
    db, since = ws_since
    with Workspace(db) as ws:
        dg = ws.digest(since)
        assert [d.title for d in dg.new] == ["关于培育具身智能产业的通知"]
        assert [(d.title, d.version) for d in dg.changed] == [("关于推动人工智能产业发展的意见", 2)]
        assert "figures: +7%, -5%" in dg.changed[0].diff_summary
        assert dg.changed[0].previous_doc_id == 1
        everything = ws.digest("2000-01-01")
        assert len(everything.new) == 3 and not everything.changed


def test_first_terms_and_topic_are_cited(ws_since):
    db, since = ws_since
    with Workspace(db) as ws:
        dg = ws.digest(since, topic="concept:embodied_ai")
        labels = [c.label for c in dg.first_terms]
        assert "embodied_ai" in labels
        assert "artificial_intelligence" not in labels  # the earlier version had it already
        cite = dg.first_terms[labels.index("embodied_ai")]
        assert ws.text(cite.doc_id)[cite.start : cite.end] == cite.text == "具身智能"
        assert cite.text in cite.quote
        assert len(dg.mentions) == 3
        assert {m.doc_id for m in dg.mentions} == {dg.new[0].doc_id}
        assert [(t.label, t.text) for t in dg.targets] == [("ai_core_industry_size", "1000亿元")]
        t = dg.targets[0]
        assert t.doc_id == dg.new[0].doc_id and ws.text(t.doc_id)[t.start : t.end] == t.text


def test_renderings(ws_since):
    db, since = ws_since
    with Workspace(db) as ws:
        dg = ws.digest(since, topic="concept:embodied_ai")
    md = digest_markdown(dg)
    assert "## New documents (1)" in md and "## Changed documents (1)" in md
    assert "## Terms appearing for the first time" in md and "**具身智能** (embodied_ai)" in md
    ko = digest_markdown(dg, "ko")
    assert "## 새 문서 (1)" in ko and "## 처음 등장한 용어" in ko
    html = digest_html(dg)
    assert html.startswith("<!doctype html>") and "<h2>New documents (1)</h2>" in html
    assert "<script" not in html


def test_cli_digest_formats_and_bad_since(ws_since, tmp_path):
    db, since = ws_since
    out = tmp_path / "d" / "digest.html"
    r = CliRunner().invoke(
        app, ["--db", str(db), "digest", "--since", since, "-f", "html", "--out", str(out)]
    )
    assert r.exit_code == 0 and "<h1>" in out.read_text(encoding="utf-8")
    r = CliRunner().invoke(app, ["--db", str(db), "digest", "--since", "7d", "-f", "json"])
    assert len(json.loads(r.stdout)["new"]) == 3
    with Workspace(db) as ws, pytest.raises(BadArgument, match="--since"):
        ws.digest("last tuesday")


def web_client(db):
    from fastapi.testclient import TestClient

    from policyscope.web.app import create_app

    # the web app mounts the watch pages; the guard answers only the hosts it serves
    return TestClient(create_app(str(db)), base_url="http://127.0.0.1")


def test_web_digest_page_and_atom_feed(ws_since):
    import feedparser

    db, since = ws_since
    with web_client(db) as c:
        r = c.get("/watch/digest", params={"since": since, "lang": "ko"})
        assert r.status_code == 200 and "새 문서 (1)" in r.text and "具身智能" in r.text
        feed = feedparser.parse(c.get("/watch/digest.atom", params={"since": since}).content)
        assert {e.title for e in feed.entries} == {
            "关于推动人工智能产业发展的意见",
            "关于培育具身智能产业的通知",
        }
        assert c.get("/watch/digest", params={"since": "someday"}).status_code == 400


def test_web_watch_page_shows_runs_and_errors(tmp_path):
    from policyscope.watch.fetch import Politeness

    db = tmp_path / "ws.db"
    with Workspace(db) as ws:
        ws.watch_add("http://127.0.0.1:9/feed.xml", kind="feed")
        ws.watch_run(politeness=Politeness(timeout=0.5, retries=0, delay=0))
    with web_client(db) as c:
        r = c.get("/watch")
    assert r.status_code == 200
    assert "http://127.0.0.1:9/feed.xml" in r.text and "cannot connect" in r.text


class SmtpSink:
    """A minimal SMTP server on 127.0.0.1 that keeps what it receives (for one test)."""

    def __init__(self):
        import socketserver
        import threading

        sink = self
        self.messages: list[tuple[str, list[str], bytes]] = []

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                send = lambda line: self.wfile.write(line.encode() + b"\r\n")  # noqa: E731
                send("220 sink ready")
                sender, rcpts = "", []
                while line := self.rfile.readline():
                    cmd = line.decode().strip()
                    verb = cmd.split(" ")[0].split(":")[0].upper()
                    if verb in ("EHLO", "HELO"):
                        send("250 sink")
                    elif verb == "MAIL":
                        sender = cmd.split(":", 1)[1].strip(" <>")
                        send("250 ok")
                    elif verb == "RCPT":
                        rcpts.append(cmd.split(":", 1)[1].strip(" <>"))
                        send("250 ok")
                    elif verb == "DATA":
                        send("354 go on")
                        data = b""
                        while (chunk := self.rfile.readline()) != b".\r\n":
                            data += chunk
                        sink.messages.append((sender, rcpts, data))
                        send("250 queued")
                    elif verb == "QUIT":
                        send("221 bye")
                        return
                    else:
                        send("250 ok")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_digest_sent_by_smtp(ws_since):
    import email

    db, since = ws_since
    sink = SmtpSink()
    try:
        r = CliRunner().invoke(app, ["--db", str(db), "digest", "--since", since, "--lang", "ko",
                                     "--smtp", f"127.0.0.1:{sink.port}",
                                     "--mail-to", "analyst@example.org"])  # fmt: skip
        assert r.exit_code == 0, (r.stdout, r.exception)
    finally:
        sink.close()
    [(sender, rcpts, data)] = sink.messages
    assert rcpts == ["analyst@example.org"] and sender == "policyscope@localhost"
    msg = email.message_from_bytes(data)
    parts = [p for p in msg.walk() if p.get_content_maintype() == "text"]
    assert [p.get_content_subtype() for p in parts] == ["plain", "html"]
    text = parts[0].get_payload(decode=True).decode("utf-8")
    assert "새 문서 (1)" in text and "具身智能" in text


def test_smtp_failure_is_one_clear_error(ws_since):
    from policyscope.errors import PolicyScopeError
    from policyscope.watch.deliver import parse_server, send_digest

    db, since = ws_since
    with Workspace(db) as ws:
        dg = ws.digest(since)
    with pytest.raises(PolicyScopeError, match="--smtp 127.0.0.1:9: the digest was not sent"):
        send_digest(dg, "127.0.0.1:9", "a@b", ["c@d"], timeout=2)
    with pytest.raises(BadArgument, match="HOST:PORT"):
        parse_server("mail:xx")
    assert parse_server("mail.example.org") == ("mail.example.org", 25)


def test_watch_pages_are_mounted_in_the_web_app(tmp_path):
    from fastapi.testclient import TestClient

    from policyscope.web import create_app
    from policyscope.workspace import Workspace

    db = tmp_path / "w.db"
    Workspace(db).close()
    client = TestClient(create_app(str(db)), base_url="http://127.0.0.1")
    r = client.get("/watch")
    assert r.status_code == 200 and "<html" in r.text.lower()
    atom = client.get("/watch/digest.atom")
    assert atom.status_code == 200 and "<feed" in atom.text
