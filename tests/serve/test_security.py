"""Security: parameterised queries under injection attempts in every filter, size limits, the
per-client rate limit, the write token, response headers, and explorer code that never
turns data into HTML."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

import dotterel
from dotterel.serve.app import STATIC, create_app
from dotterel.serve.errors import ErrorResponse
from tests.serve.conftest import WRITE_TOKEN, Corpus

INJECTIONS = [
    "' OR '1'='1",
    "KOR' OR 1=1 --",
    "x'); DROP TABLE events; --",
    "\" OR \"\"=\"",
    "%' OR '%'='",
    "1 UNION SELECT id FROM events",
    "'; ATTACH 'evil.db' AS evil; --",
    "\\' OR 1=1 /*",
    "%",
    "_",
]


def literal_matches(corpus: Corpus, needle: str) -> int:
    """Plain events whose sentence or article title contains `needle` as plain text."""
    titles = {r["doc_id"]: r["meta"].get("title", "") for r in corpus.records.values()}
    n = needle.lower()
    return sum(1 for e in corpus.plain() if n in e["text"].lower() or n in titles[e["doc_id"]].lower())


def counts(client: TestClient) -> dict[str, int]:
    return client.get("/v1/health").json()["counts"]


def test_injection_in_every_event_filter(client: TestClient, corpus: Corpus) -> None:
    before = counts(client)
    for s in INJECTIONS:
        for name in ("actor", "recipient", "type", "quad", "q", "cluster"):
            r = client.get("/v1/events", params={name: s})
            assert r.status_code == 200, (name, s, r.text)
            # an interpolated "OR 1=1" would match every event; a parameter matches only itself, literally
            assert r.json()["total"] == (literal_matches(corpus, s) if name == "q" else 0), (name, s)
        for name in ("actor", "recipient", "type", "quad", "q"):
            for path in ("/v1/network", "/v1/actors"):
                r = client.get(path, params={name: s})
                assert r.status_code == 200, (path, name, s)
                body = r.json()
                if name != "q":
                    assert body.get("edges", body.get("items")) == [], (path, name, s)
        r = client.get("/v1/actors", params={"search": s})
        assert r.status_code == 200 and r.json()["items"] == [], s
    assert counts(client) == before


def test_injection_in_paths(client: TestClient) -> None:
    before = counts(client)
    for s in INJECTIONS:
        seg = quote(s, safe="")
        for path in (f"/v1/events/{seg}", f"/v1/documents/{seg}"):
            r = client.get(path)
            assert r.status_code == 404, (path, r.status_code, r.text)
            ErrorResponse.model_validate(r.json())
        r = client.get(f"/v1/dyads/{seg}/KOR/series")
        if "/" in s:  # the decoded path has another segment: no such route
            assert r.status_code == 404
            continue
        assert r.status_code == 200, (s, r.text)
        assert r.json()["a"] == s and all(x["total"] == 0 and x["undated"] == 0 for x in r.json()["series"])
    assert counts(client) == before


def test_injection_with_dates_and_text_keeps_real_matches(client: TestClient, corpus: Corpus) -> None:
    """Parameters are compared literally: quotes and wildcards in the text search are plain characters."""
    for needle in ("protested to russia", "Moscow's", "officials in Tokyo", "south korea"):
        expected = [e for e in corpus.plain() if needle.lower() in e["text"].lower()]
        assert client.get("/v1/events", params={"q": needle, "limit": 500}).json()["total"] == len(expected), needle
    assert client.get("/v1/events", params={"q": "protested to russia"}).json()["total"] == 2  # two articles
    assert client.get("/v1/events", params={"q": "protested%russia"}).json()["total"] == 0  # % is no wildcard


def test_written_documents_with_hostile_text_are_stored_verbatim(writable: tuple[TestClient, Path]) -> None:
    c, _ = writable
    text = "Russia threatened Ukraine'); DROP TABLE events; -- on Monday. Ukraine accused Russia of \"lying\"."
    r = c.post("/v1/code", json={"text": text, "title": "'; DELETE FROM documents; --", "store": True},
               headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    assert r.status_code == 200, r.text
    doc = c.get(f"/v1/documents/{r.json()['doc_id']}").json()
    assert doc["text"] == text and doc["title"] == "'; DELETE FROM documents; --"
    assert c.get("/v1/health").json()["counts"]["events"] > 0


def test_field_size_limits(corpus: Corpus) -> None:
    with TestClient(create_app(corpus.path, max_text_chars=100, code_rate_per_minute=0)) as c:
        r = c.post("/v1/code", json={"text": "Russia threatened Ukraine. " * 10})
        assert r.status_code == 422 and r.json()["error"]["details"][0]["loc"] == ["body", "text"]
        assert c.post("/v1/code", json={"text": "Russia threatened Ukraine."}).status_code == 200
        r = c.post("/v1/code", json={"text": "Russia threatened Ukraine.", "title": "t" * 501})
        assert r.status_code == 422 and r.json()["error"]["details"][0]["loc"] == ["body", "title"]
        r = c.get("/v1/events", params={"q": "q" * 201})
        assert r.status_code == 422 and r.json()["error"]["details"][0]["loc"] == ["query", "q"]
        r = c.get("/v1/events", params={"actor": [f"A{i}" for i in range(21)]})
        assert r.status_code == 422 and r.json()["error"]["details"][0]["loc"] == ["query", "actor"]


def test_body_limit_applies_to_every_route(corpus: Corpus) -> None:
    with TestClient(create_app(corpus.path, max_body_bytes=100)) as c:
        r = c.request("GET", "/v1/events", content=b"x" * 101)
        assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
        assert c.get("/v1/events").status_code == 200


def test_rate_limit_is_per_client_and_only_for_coding(corpus: Corpus) -> None:
    app = create_app(corpus.path, code_rate_per_minute=1, code_burst=1)
    body = {"text": "Russia threatened Ukraine."}
    a = TestClient(app, client=("10.0.0.1", 1111))
    b = TestClient(app, client=("10.0.0.2", 2222))
    assert a.post("/v1/code", json=body).status_code == 200
    r = a.post("/v1/code", json=body)
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1
    # a forged forwarding header does not buy a new bucket
    assert a.post("/v1/code", json=body, headers={"X-Forwarded-For": "10.9.9.9"}).status_code == 429
    assert b.post("/v1/code", json=body).status_code == 200  # another client has its own bucket
    assert all(a.get("/v1/events").status_code == 200 for _ in range(5))  # reads are not rate limited
    # an invalid request still spends a token: the limit protects before validation
    assert a.post("/v1/code", json={}).status_code == 429


def test_read_only_server_never_writes(corpus: Corpus) -> None:
    app = create_app(corpus.path)
    assert app.state.db.writable is False
    with TestClient(app) as c:
        before = counts(c)
        for headers in ({}, {"Authorization": f"Bearer {WRITE_TOKEN}"}):
            r = c.post("/v1/code", json={"text": "Russia threatened Ukraine again.", "store": True}, headers=headers)
            assert r.status_code == 403 and r.json()["error"]["code"] == "read_only"
        assert counts(c) == before


def test_short_write_token_refused(corpus: Corpus) -> None:
    with pytest.raises(dotterel.InputError, match="at least 8"):
        create_app(corpus.path, write_token="abc")


def test_security_headers(client: TestClient) -> None:
    for path in ("/ui/", "/v1/events", "/v1/nothing"):
        h = client.get(path).headers
        assert "script-src 'self'" in h["content-security-policy"] and "default-src 'self'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"


def test_explorer_code_never_builds_html_from_data() -> None:
    """The explorer writes data with textContent/createElement only, and loads nothing from elsewhere."""
    js = (STATIC / "app.js").read_text()
    for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                   "setAttribute(\"style\"", "srcdoc"):
        assert banned not in js, banned
    for asset in STATIC.iterdir():
        text = asset.read_text()
        urls = set(re.findall(r"https?://[^\s\"')]+", text)) - {"http://www.w3.org/2000/svg"}
        assert not urls, (asset.name, urls)
        assert not re.search(r"(src|href)=\"//", text), asset.name  # no protocol-relative loads either
    html = (STATIC / "index.html").read_text()
    assert re.findall(r"<script[^>]*>", html) == ['<script src="app.js" defer>']  # no inline script


def test_url_schemes_other_than_http_are_not_linked() -> None:
    js = (STATIC / "app.js").read_text()
    assert "function safeUrl" in js and re.search(r"/\^https\?:\\/\\//i", js)
    assert js.count("safeUrl(") >= 2  # defined and used for the article link
