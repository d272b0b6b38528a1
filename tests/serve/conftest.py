"""Fixtures for the API and explorer tests: a small real database coded by the real coder,
an in-process app, and one real uvicorn server on a free loopback port.

The articles below were written for these tests. Expectations are computed from the
coder's own output (`Document.as_dict()`), independently of the SQL under test.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import dotterel
from dotterel.serve.app import create_app
from dotterel.store.duck import Store
from tests.helpers import ROOT

WRITE_TOKEN = "test-write-token-0123456789"
XSS_TEXT = ('An article with markup: <script>window.__xss=1</script> and <img src=x onerror="window.__xss=2">. '
            "Germany sent humanitarian aid to Ukraine on Wednesday, and France criticised Russia for the attack on Kyiv.")
XSS_TITLE = '<img src=x onerror="window.__xss=3"> aid & <b>criticism</b>'

# key, publication date, title, url, text
ARTICLES: list[tuple[str, str | None, str, str | None, str]] = [
    ("summons", "2024-06-03", "Seoul summons Russian envoy", "https://example.org/summons",
     "South Korea protested to Russia on Monday over the arms deal with North Korea. Seoul summoned the Russian "
     "ambassador, Georgy Zinoviev, and demanded that Moscow stop military cooperation with Pyongyang. "
     "\"This is unacceptable,\" said Foreign Minister Cho Tae-yul in Seoul."),
    ("summons-2", "2024-06-04", "Korea protests again", None,
     "South Korea protested to Russia on Tuesday over the arms deal with North Korea."),
    ("threat", "2024-06-12", "Putin warns Seoul", None,
     "Russian President Vladimir Putin threatened South Korea on Wednesday, warning that supplying weapons to "
     "Ukraine would be a big mistake. Russia also accused South Korea of provoking tensions in Moscow."),
    ("talks", "2024-07-02", "Seoul and Moscow talk", None,
     "South Korea and Russia held talks in Moscow on Tuesday. The South Korean foreign minister met Russian "
     "Foreign Minister Sergei Lavrov and the two sides agreed to keep diplomatic channels open. Russia praised "
     "South Korea for its restraint."),
    ("drills", "2024-07-20", "Missiles and drills", None,
     "North Korea fired ballistic missiles into the sea on Saturday. The United States condemned North Korea and "
     "imposed sanctions on Pyongyang. Japan and South Korea held joint military exercises with the United States "
     "near Busan."),
    ("xss", "2024-06-05", XSS_TITLE, "javascript:alert(1)", XSS_TEXT),
    ("negated", "2024-06-20", "Tokyo and Beijing", None,
     "Japan did not sanction China over the dispute. China threatened Japan with retaliation, officials in Tokyo said."),
    ("undated", None, "Undated criticism", None,
     "South Korea criticised Russia over the weapons deal with North Korea."),
]


@dataclass
class Corpus:
    """The test database and what the coder produced for each article."""

    path: Path
    records: dict[str, dict[str, Any]]

    def events(self) -> list[dict[str, Any]]:
        return [ev for rec in self.records.values() for ev in rec["events"]]

    def plain(self) -> list[dict[str, Any]]:
        """Events the API lists by default (negated and hypothetical ones are left out)."""
        return [ev for ev in self.events() if not (ev["negated"] or ev["hypothetical"])]

    def dyad(self, a: str, b: str) -> list[dict[str, Any]]:
        return [ev for ev in self.plain() if a in {x["code"] for x in ev["actor"]} and b in {x["code"] for x in ev["recipient"]}]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, coder: dotterel.Coder) -> Corpus:
    path = tmp_path_factory.mktemp("serve") / "events.duckdb"
    store = Store(path)
    records = {}
    for key, pub, title, url, text in ARTICLES:
        meta = {"title": title} | ({"url": url} if url else {})
        rec = coder(text, pub_date=pub, meta=meta).as_dict()
        store.write(rec, source=key)
        records[key] = rec
    store.refresh_clusters()  # as `dotterel ingest` does at the end
    store.close()
    return Corpus(path, records)


@pytest.fixture(scope="session")
def client(corpus: Corpus) -> Iterator[TestClient]:
    """A read-only app (the default) with the coding rate limit out of the way."""
    app = create_app(corpus.path, code_rate_per_minute=0)
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def writable(corpus: Corpus, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """An app started with a write token over a copy of the database (a writer locks its file)."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(corpus.path, path)
    app = create_app(path, write_token=WRITE_TOKEN, code_rate_per_minute=0)
    with TestClient(app) as c:
        yield c, path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="session")
def server(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`dotterel serve` as a user runs it: a real uvicorn process on 127.0.0.1, stopped at the end."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("DOTTEREL_WRITE_TOKEN", None)
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dotterel", "serve", "--db", str(corpus.path), "--host",
                                 "127.0.0.1", "--port", str(port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited with {proc.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(url + "/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not answer within 60 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield Server(url, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
