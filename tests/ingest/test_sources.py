"""Sources: text, HTML, corpora (JSONL/CSV/Parquet, gzip), bad input recorded, URLs fetched safely."""
from __future__ import annotations

import gzip
import http.server
import ipaddress
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dotterel.ingest.sources import Columns, read_sources
from dotterel.ingest.web import FetchRefused, Fetcher

ARTICLE = "Kenyan police arrested 40 protesters in Nairobi on Tuesday, officials said."


def collect(*sources: str, **kw) -> tuple[list, list]:
    items, bad = read_sources(list(sources), **kw)
    return list(items), bad


def test_text_folder_and_glob(tmp_path: Path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE.replace("40", "41"))
    items, bad = collect(str(tmp_path))
    assert len(items) == 2 and not bad
    items, _ = collect(str(tmp_path / "*.txt"))
    assert len(items) == 2


def test_html_main_text_and_metadata(tmp_path: Path):
    html = f"""<html><head><title>Police arrest protesters</title>
    <meta property="article:published_time" content="2025-03-04"><meta name="author" content="Jane Wanjiru"></head>
    <body><nav>Home | World | Share this</nav><article><h1>Police arrest protesters</h1>
    <p>{ARTICLE}</p><p>The protesters had marched against new taxes on fuel and bread for two days.</p></article>
    <footer>Comments (12) Share on Facebook</footer></body></html>"""
    (tmp_path / "page.html").write_text(html)
    (key, text, date, meta), = collect(str(tmp_path / "page.html"))[0]
    assert "arrested 40 protesters" in text and "Share on Facebook" not in text
    assert meta["title"] == "Police arrest protesters" and date == "2025-03-04"


def test_html_without_article_is_a_recorded_failure(tmp_path: Path):
    (tmp_path / "empty.html").write_text("<html><body><script>var x = 1;</script></body></html>")
    items, bad = collect(str(tmp_path / "empty.html"))
    assert items == [] and "no article" in bad[0][2]


def test_jsonl_with_column_mapping_and_bad_lines(tmp_path: Path):
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"body": ARTICLE, "day": "2025-03-04", "key": "k1", "link": "http://x/1"}) + "\n"
                 + '{"body": "truncated\n' + json.dumps({"body": "", "key": "k3"}) + "\n")
    items, bad = collect(str(f), cols=Columns(text="body", date="day", id="key", url="link"))
    assert [(i[0].endswith(":k1"), i[2], i[3]["url"]) for i in items] == [(True, "2025-03-04", "http://x/1")]
    assert {b[2].split(":")[0] for b in bad} == {"invalid JSON line", "no text in column 'body'"}


def test_csv_with_broken_quoting(tmp_path: Path):
    f = tmp_path / "c.csv"
    f.write_text(f'id,text,date\n1,"{ARTICLE}",2025-03-04\n2,"unterminated, quote,2025-03-05\n')
    items, bad = collect(str(f))
    assert len(items) == 1 and items[0][2] == "2025-03-04"
    assert bad  # the broken row is recorded, not silently swallowed


def test_parquet_and_wrong_types(tmp_path: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": [1, 2], "text": [ARTICLE, None], "date": ["2025-03-04", "2025-03-05"]}), tmp_path / "c.parquet")
    items, bad = collect(str(tmp_path / "c.parquet"))
    assert len(items) == 1 and len(bad) == 1
    pq.write_table(pa.table({"id": [1], "text": [12345]}), tmp_path / "w.parquet")
    items, bad = collect(str(tmp_path / "w.parquet"))
    assert items == [] and "no text" in bad[0][2]
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 not really")
    items, bad = collect(str(tmp_path / "junk.parquet"))
    assert items == [] and "unreadable Parquet" in bad[0][2]


def test_gzip_that_ends_early_keeps_what_was_read(tmp_path: Path):
    lines = "".join(json.dumps({"id": i, "text": ARTICLE + f" ({i})"}) + "\n" for i in range(200))
    data = gzip.compress(lines.encode())
    (tmp_path / "c.jsonl.gz").write_bytes(data[: len(data) // 2])
    items, bad = collect(str(tmp_path / "c.jsonl.gz"))
    assert 0 < len(items) < 200
    assert any("ends early" in b[2] for b in bad)


# -- URLs: a real local server ------------------------------------------------
class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def do_GET(self) -> None:  # noqa: N802
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = httpd.server_address[1]
    page = f"<html><body><article><h1>Arrests</h1><p>{ARTICLE}</p><p>Rights groups condemned the arrests on Wednesday.</p></article></body></html>"
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <item><title>a</title><link>http://127.0.0.1:{port}/article</link></item></channel></rss>"""
    _Handler.routes = {
        "/article": (200, {"Content-Type": "text/html"}, page.encode()),
        "/feed": (200, {"Content-Type": "application/rss+xml"}, feed.encode()),
        "/to-other-loopback": (302, {"Location": f"http://127.0.0.2:{port}/article"}, b""),
        "/big": (200, {"Content-Type": "text/html"}, b"x" * 200_000),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()


LOCAL = (ipaddress.ip_network("127.0.0.1/32"),)


def test_loopback_refused_by_default(server: str):
    with pytest.raises(FetchRefused):
        Fetcher(min_interval_s=0).fetch(server + "/article")


def test_dns_name_resolving_to_loopback_refused(server: str):
    with pytest.raises(FetchRefused):
        Fetcher(min_interval_s=0).fetch(server.replace("127.0.0.1", "localhost") + "/article")


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/",
                                 "http://192.168.1.1/", "file:///etc/passwd"])
def test_private_metadata_and_non_http_refused(url: str):
    with pytest.raises(FetchRefused):
        Fetcher(min_interval_s=0).fetch(url)


def test_redirect_to_a_disallowed_address_refused(server: str):
    with pytest.raises(FetchRefused):
        Fetcher(allow=LOCAL, min_interval_s=0).fetch(server + "/to-other-loopback")


def test_size_limit(server: str):
    with pytest.raises(FetchRefused):
        Fetcher(allow=LOCAL, min_interval_s=0, max_bytes=100_000).fetch(server + "/big")


def test_feed_then_articles_when_explicitly_allowed(server: str):
    items, bad = collect(server + "/feed", fetcher=Fetcher(allow=LOCAL, min_interval_s=0))
    assert len(items) == 1 and "arrested 40 protesters" in items[0][1] and not bad
