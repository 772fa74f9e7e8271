"""The web app under hostile requests: every answer is a clean JSON (or page) 4xx with the
security headers, nothing is read or spooled before the token is checked, no server path or
off-site link leaks. Uploads and body limits are tested against a real uvicorn server on
127.0.0.1 with raw sockets, as an attacker would send them."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time

import httpx
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

import uvicorn  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from policyscope.cli.web import read_protection  # noqa: E402
from policyscope.errors import BadArgument  # noqa: E402
from policyscope.web import create_app  # noqa: E402
from policyscope.web.guard import allowed_hosts, host_name  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402

TOKEN = "write-token-456"
READ = "read-token-789"
LOCAL = "http://127.0.0.1"
HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")


@pytest.fixture(scope="module")
def ws_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("sec")
    src = root / "docs"
    src.mkdir()
    (src / "a.zh.txt").write_text("2025年政府工作报告\n\n发展新质生产力。增长5%左右。\n", "utf-8")
    db = root / "ws.db"
    with Workspace(db) as ws:
        ws.ingest([src / "a.zh.txt"], meta={"series": "t", "series_key": "2025"}, workers=1)
    return db


@pytest.fixture(scope="module")
def client(ws_db):
    with TestClient(create_app(str(ws_db)), base_url=LOCAL) as c:
        yield c


def _json_error(r, status):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json"), r.text
    assert isinstance(r.json()["error"], str) and r.json()["error"]
    for h in HEADERS:
        assert h in r.headers, h


# ------------------------------------------------------------------ parameters


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/documents/²",
        "/api/v1/documents/①",
        "/api/v1/documents/٣",
        f"/api/v1/documents/{2**63}",
        f"/api/v1/documents/{2**64 + 5}",
        f"/api/v1/search?q=x&offset={2**63}",
        f"/api/v1/kwic?term=x&offset={2**63}",
        f"/api/v1/facts?limit={2**63}",
        "/api/v1/facts?doc=²",
        "/api/v1/kwic?term=x&doc=①",
        "/api/v1/search?q=x&from=2025-02-31",
        "/api/v1/search?q=x&to=2025-13",
        "/api/v1/search?q=" + "x" * 600,
        "/api/v1/facts?metric=" + "m" * 300,
        "/api/v1/jobs/²",
        f"/api/v1/jobs/{2**64}",
        "/api/v1/kwic?term=x&rule=bogus",
        "/api/v1/export/secrets.csv",
        "/api/v1/export/facts.exe",
        "/api/v1/compare?a=²&b=1",
        f"/api/v1/compare?a=1&b={2**63}",
        "/api/v1/cooc?term=x&measure=bogus",
        f"/api/v1/cooc?term=x&min_count={2**63}",
        "/api/v1/terms?doc=①",
        "/api/v1/terms?lang=xx",
        "/api/v1/candidates",
        "/api/v1/candidates?doc=٣",
        "/api/v1/ledger?from=2025-02-31",
        "/api/v1/ledger?metric=" + "m" * 300,
        "/api/v1/report?format=exe",
        "/api/v1/report?lang=fr",
        "/api/v1/report?topics=" + ",".join(["concept:x"] * 30),
        "/api/v1/first?terms=x&series=t&rule=bogus",
    ],
)
def test_hostile_parameters_get_json_4xx(client, url):
    r = client.get(url)
    assert 400 <= r.status_code < 500, (url, r.status_code, r.text[:200])
    _json_error(r, r.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/doc/²",
        f"/doc/{2**63}",
        "/doc/1?p=①",
        f"/doc/1?hl={2**70}",
        "/kwic?term=x&offset=²",
        "/compare?a=²&b=1",
        "/compare?a=1",
        "/terms?offset=①",
        "/cooc?term=x&measure=bogus",
        "/ledger?offset=" + "9" * 30,
        "/candidates?doc=²",
        "/first?terms=x&rule=bogus",
    ],
)
def test_hostile_parameters_on_pages_get_an_error_page(client, url):
    r = client.get(url)
    assert 400 <= r.status_code < 500 and "text/html" in r.headers["content-type"]
    assert "content-security-policy" in r.headers


def test_document_path_with_slashes(client, ws_db):
    r = client.get("/api/v1/documents/docs/a.zh.txt")
    assert r.status_code == 200 and r.json()["series"] == "t"


# ------------------------------------------------------------------ hosts, links, paths


def test_foreign_host_is_refused(ws_db):
    with TestClient(create_app(str(ws_db)), base_url="http://evil.example") as c:
        _json_error(c.get("/api/v1/documents"), 400)
        _json_error(c.get("/"), 400)
    extra = allowed_hosts("10.0.0.5", ["policy.team.lan"])
    app = create_app(str(ws_db), allowed_hosts=extra)
    with TestClient(app, base_url="http://policy.team.lan:8000") as c:
        assert c.get("/api/v1/documents").status_code == 200
    with TestClient(app, base_url="http://10.0.0.5:8000") as c:
        assert c.get("/api/v1/documents").status_code == 200
    assert host_name("[::1]:8000") == "::1" and host_name("LocalHost:80") == "localhost"


def test_double_slash_path_links_nowhere_off_site(ws_db):
    with Server(create_app(str(ws_db))) as s:
        for path in ("//evil.example/", "//evil.example/docs?lang=ko", "/\\evil.example/"):
            sock = socket.create_connection(("127.0.0.1", s.port), timeout=5)
            req = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            sock.sendall(req.encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
            sock.close()
            page = data.decode("utf-8", "replace")
            assert page.startswith("HTTP/1.1 404"), page[:100]
            assert 'href="//' not in page and 'href="/\\' not in page


def test_no_absolute_server_paths(client, ws_db):
    root = str(ws_db.parent)
    answers = [
        client.get("/api/v1/documents").text,
        client.get("/api/v1/documents/1").text,
        client.get("/docs").text,
        client.get("/doc/1").text,
        client.get("/api/v1/ledger?series=t").text,
        client.get("/ledger?series=t").text,
        client.get("/api/v1/facts").text,
        client.get("/api/v1/targets").text,
        client.get("/api/v1/candidates?series=t&min_count=1").text,
        client.get("/api/v1/report?format=md").text,
        client.get("/api/v1/export/facts.jsonl").text,
        client.get("/api/v1/export/facts.csv").text,
        client.get("/api/v1/documents/" + root + "/nothing.txt").json()["error"],
        # the page may link back to the path asked for; its message must not echo it
        client.get("/doc/" + root + "/nothing.txt").text.split('class="error"')[1],
    ]
    for text in answers:
        assert root not in text
    assert "nothing.txt" in answers[-1]
    assert "docs/a.zh.txt" in answers[0]


def test_security_headers_on_every_answer(ws_db):
    app = create_app(str(ws_db))

    def boom():
        raise RuntimeError("a bug at /srv/secret/place")

    app.add_api_route("/api/v1/boom", boom)
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as c:
        for url, status in [("/", 200), ("/nowhere", 404), ("/static/app.css", 200)]:
            r = c.get(url)
            assert r.status_code == status
            for h in HEADERS:
                assert h in r.headers, (url, h)
            assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        crash = c.get("/api/v1/boom")
        _json_error(crash, 500)
        assert "/srv/secret" not in crash.text


# ------------------------------------------------------------------ tokens


def test_read_token_protects_every_read(ws_db):
    app = create_app(str(ws_db), token=TOKEN, read_token=READ)
    with TestClient(app, base_url=LOCAL) as c:
        r = c.get("/api/v1/documents")
        _json_error(r, 401)
        assert r.headers["www-authenticate"].startswith("Basic")
        assert c.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = c.get("/api/v1/documents", headers={"Authorization": f"Bearer {READ}"})
        assert ok.status_code == 200
        write = c.get("/api/v1/documents", headers={"Authorization": f"Bearer {TOKEN}"})
        assert write.status_code == 200
        basic = base64.b64encode(f"anyone:{READ}".encode()).decode()
        assert c.get("/", headers={"Authorization": f"Basic {basic}"}).status_code == 200


def test_non_loopback_bind_needs_a_read_token_or_public():
    assert read_protection("127.0.0.1", False, None, None) is None
    assert read_protection("::1", False, None, None) is None
    with pytest.raises(BadArgument, match="POLICYSCOPE_READ_TOKEN"):
        read_protection("0.0.0.0", False, None, None)
    assert read_protection("0.0.0.0", False, TOKEN, None) == TOKEN
    assert read_protection("0.0.0.0", False, TOKEN, READ) == READ
    assert read_protection("0.0.0.0", True, None, None) is None


def test_time_limit_answers_503(ws_db):
    app = create_app(str(ws_db), time_limit=0.3)

    def slow():
        time.sleep(1.5)
        return {"late": True}

    app.add_api_route("/api/v1/slow", slow)
    with TestClient(app, base_url=LOCAL) as c:
        t0 = time.monotonic()
        r = c.get("/api/v1/slow")
        assert time.monotonic() - t0 < 1.4
        _json_error(r, 503)


# ------------------------------------------------------------------ a real server


class Server:
    def __init__(self, app):
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        end = time.monotonic() + 20
        while not self.server.started and time.monotonic() < end:
            time.sleep(0.05)
        assert self.server.started, "uvicorn did not start"
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(20)


def _raw_post(port: int, headers: dict, body_part: bytes, read_timeout: float = 5.0):
    """Send a request's headers and only the first bytes of its body; return (status, body,
    seconds to the answer). The server must answer without waiting for the rest."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=read_timeout)
    try:
        head = "POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        t0 = time.monotonic()
        sock.sendall(head.encode() + body_part)
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < 10:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        elapsed = time.monotonic() - t0
    finally:
        sock.close()
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1], elapsed


BIG = 200 * 1024 * 1024
MULTIPART = {"Content-Type": "multipart/form-data; boundary=XyZ", "Content-Length": str(BIG)}


@pytest.fixture()
def served(tmp_path, ws_db):
    up = tmp_path / "uploads"
    db = tmp_path / "w.db"
    Workspace(db).close()
    with Server(create_app(str(db), token=TOKEN, upload_dir=up)) as s:
        yield s, up


def test_200mb_upload_without_token_refused_before_the_body(served, tmp_path):
    s, up = served
    status, body, secs = _raw_post(s.port, MULTIPART, b"--XyZ\r\n" + b"a" * 65536)
    assert status == 401 and "token" in json.loads(body)["error"]
    assert secs < 3
    assert not up.exists() or not list(up.iterdir())


def test_200mb_upload_with_token_refused_at_once_by_its_length(served):
    s, up = served
    headers = {**MULTIPART, "Authorization": f"Bearer {TOKEN}"}
    status, body, secs = _raw_post(s.port, headers, b"--XyZ\r\n")
    assert status == 413 and secs < 3
    assert not up.exists() or not list(up.iterdir())


def test_read_only_server_refuses_uploads_before_the_body(ws_db):
    with Server(create_app(str(ws_db))) as s:
        status, body, secs = _raw_post(s.port, MULTIPART, b"--XyZ\r\n")
    assert status == 403 and secs < 3


def test_streamed_body_is_capped(served):
    """A chunked body (no Content-Length) is counted as it arrives and stopped at the cap."""
    s, up = served

    def chunks():
        yield b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        for _ in range(30 * 16):  # 30 MB, over the 20 MB limit
            yield b"a" * 65536

    r = httpx.post(
        f"http://127.0.0.1:{s.port}/api/v1/ingest",
        content=chunks(),
        headers={
            "Content-Type": "multipart/form-data; boundary=XyZ",
            "Authorization": f"Bearer {TOKEN}",
        },
        timeout=30,
    )
    assert r.status_code == 413, r.text
    assert not up.exists() or not [p for p in up.iterdir() if not p.name.startswith(".")]


def test_upload_validates_fields_and_keeps_one_copy(tmp_path):
    up = tmp_path / "uploads"
    db = tmp_path / "w.db"
    Workspace(db).close()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    data = "2025年3月5日。培育具身智能等未来产业。\n".encode()
    with TestClient(create_app(str(db), token=TOKEN, upload_dir=up), base_url=LOCAL) as c:
        for fields in ({"date": "2025-02-31"}, {"title": "t" * 900_000}, {"lang": "xx"}):
            r = c.post("/api/v1/ingest", files={"file": ("a.txt", data)}, data=fields, headers=auth)
            assert r.status_code in (400, 413), (fields.keys(), r.status_code)
            assert "error" in r.json()
        jobs = []
        for name in ("a.txt", "same-bytes.txt"):
            r = c.post("/api/v1/ingest", files={"file": (name, data)}, headers=auth)
            assert r.status_code == 202, r.text
            jobs.append(c.app.state.web.jobs.wait(r.json()["id"]))
    assert [j.status for j in jobs] == ["done", "done"]
    assert [o["status"] for j in jobs for o in j.outcomes] == ["added", "unchanged"]
    assert len([p for p in up.iterdir() if not p.name.startswith(".")]) == 1


# ------------------------------------------------------------------ API docs


def test_api_docs_are_offline_and_truthful(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200 and "content-security-policy" in r.headers
    assert "GET /api/v1/search" in r.text
    for external in ("http://", "https://", "//cdn", "unpkg", "jsdelivr"):
        assert external not in r.text.replace('href="/api/v1/openapi.json"', "")
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert spec["components"]["schemas"]["Error"]["required"] == ["error"]
    search = spec["paths"]["/api/v1/search"]["get"]["responses"]
    assert {"200", "400", "401", "404", "503"} <= set(search) and "422" not in search
    ingest = spec["paths"]["/api/v1/ingest"]["post"]
    assert {"202", "401", "403", "413", "415"} <= set(ingest["responses"])
    assert ingest["security"] == [{"bearer": []}]
    page = search["200"]["content"]["application/json"]["schema"]
    assert page["$ref"].endswith("/PageOut")
