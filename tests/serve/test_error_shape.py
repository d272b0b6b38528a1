"""Every kind of error the server answers has the one JSON shape, with the right status and code."""
from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from dotterel.errors import InputError, ModelNotTrainedError, StageError, StoreError
from dotterel.serve import queries
from dotterel.serve.app import create_app
from dotterel.serve.errors import ErrorResponse
from tests.helpers import ROOT
from tests.serve.conftest import WRITE_TOKEN, Corpus


def assert_error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The status, the JSON content type, the exact shape (no extra keys), and the request id echoed."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    ErrorResponse.model_validate(body)  # extra="forbid": exactly the documented keys
    err = body["error"]
    assert err["status"] == status and err["code"] == code and err["message"]
    assert err["request_id"] and err["request_id"] == r.headers["x-request-id"]
    assert r.headers["x-content-type-options"] == "nosniff"
    return err


@pytest.fixture()
def fresh(corpus: Corpus) -> Iterator[TestClient]:
    """An app of its own (tests below patch things or spend its rate limit)."""
    with TestClient(create_app(corpus.path, code_rate_per_minute=0), raise_server_exceptions=False) as c:
        yield c


def test_404_unknown_route_event_and_document(client: TestClient) -> None:
    assert_error(client.get("/v1/nothing-here"), 404, "not_found")
    assert "nothing-here" in assert_error(client.get("/v1/nothing-here"), 404, "not_found")["message"]
    assert_error(client.get("/v1/events/0000000000000000"), 404, "not_found")
    assert_error(client.get("/v1/documents/0000000000000000"), 404, "not_found")
    assert_error(client.get("/ui/missing.js"), 404, "not_found")


def test_405_wrong_method(client: TestClient) -> None:
    r = client.get("/v1/code")
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "POST"
    assert_error(client.delete("/v1/events"), 405, "method_not_allowed")


@pytest.mark.parametrize("path,params,loc", [
    ("/v1/events", {"limit": 0}, ["query", "limit"]),
    ("/v1/events", {"limit": 501}, ["query", "limit"]),
    ("/v1/events", {"offset": -1}, ["query", "offset"]),
    ("/v1/events", {"since": "yesterday"}, ["query", "since"]),
    ("/v1/events", {"order": "sideways"}, ["query", "order"]),
    ("/v1/events", {"since": "2024-07-01", "until": "2024-06-01"}, ["query", "since"]),
    ("/v1/events", {"actor": "K" * 65}, ["query", "actor", 0]),
    ("/v1/dyads/KOR/RUS/series", {"interval": "year"}, ["query", "interval"]),
    ("/v1/actors", {"role": "villain"}, ["query", "role"]),
    ("/v1/network", {"min_count": 0}, ["query", "min_count"]),
])
def test_422_query_validation(client: TestClient, path: str, params: dict[str, Any], loc: list[Any]) -> None:
    err = assert_error(client.get(path, params=params), 422, "validation_error")
    assert err["details"] and err["details"][0]["loc"] == loc


def test_422_body_validation_and_bad_json(client: TestClient) -> None:
    err = assert_error(client.post("/v1/code", json={"pub_date": "2024-01-01"}), 422, "validation_error")
    assert err["details"][0]["loc"] == ["body", "text"]
    err = assert_error(client.post("/v1/code", json={"text": "x", "pub_date": "June"}), 422, "validation_error")
    assert err["details"][0]["loc"] == ["body", "pub_date"]
    err = assert_error(client.post("/v1/code", json={"text": "x", "surprise": 1}), 422, "validation_error")
    assert err["details"][0]["loc"] == ["body", "surprise"]
    assert_error(client.post("/v1/code", content=b"{not json", headers={"content-type": "application/json"}),
                 422, "validation_error")


def test_422_library_input_error(client: TestClient) -> None:
    """InputError from the coder (text it refuses) is translated, at one place, to 422 bad_input."""
    err = assert_error(client.post("/v1/code", json={"text": "   \n  "}), 422, "bad_input")
    assert "empty" in err["message"]
    err = assert_error(client.post("/v1/code", json={"text": "Привет мир, это не английский текст вообще."}), 422, "bad_input")
    assert "English" in err["message"]


def test_413_declared_and_streamed_bodies(corpus: Corpus) -> None:
    with TestClient(create_app(corpus.path, max_body_bytes=2000, code_rate_per_minute=0)) as c:
        err = assert_error(c.post("/v1/code", json={"text": "word " * 1000}), 413, "payload_too_large")
        assert "2000" in err["message"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold while reading
            yield b'{"text": "'
            for _ in range(100):
                yield b"word " * 10
            yield b'"}'

        assert_error(c.post("/v1/code", content=chunks(), headers={"content-type": "application/json"}),
                     413, "payload_too_large")
        assert c.post("/v1/code", json={"text": "Russia threatened Ukraine."}).status_code == 200


def test_429_rate_limit(corpus: Corpus) -> None:
    with TestClient(create_app(corpus.path, code_rate_per_minute=6, code_burst=2)) as c:
        ok = [c.post("/v1/code", json={"text": "Russia threatened Ukraine."}).status_code for _ in range(2)]
        assert ok == [200, 200]
        r = c.post("/v1/code", json={"text": "Russia threatened Ukraine."})
        assert_error(r, 429, "rate_limited")
        assert 1 <= int(r.headers["retry-after"]) <= 10


def test_401_and_403_write_token(corpus: Corpus, writable: tuple[TestClient, Any]) -> None:
    body = {"text": "Russia threatened Ukraine.", "store": True}
    assert_error(TestClient(create_app(corpus.path)).post("/v1/code", json=body), 403, "read_only")
    c, _ = writable
    r = c.post("/v1/code", json=body)
    assert_error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == "Bearer"
    assert_error(c.post("/v1/code", json=body, headers={"Authorization": "Bearer wrong-token-123"}), 403, "forbidden")
    assert_error(c.post("/v1/code", json=body, headers={"Authorization": f"Basic {WRITE_TOKEN}"}), 401, "unauthorized")


def test_500_unexpected_error_is_not_leaked(fresh: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(queries, "list_events", boom)
    err = assert_error(fresh.get("/v1/events"), 500, "internal_error")
    assert "secret" not in err["message"] and "RuntimeError" not in err["message"]


@pytest.mark.parametrize("exc,status,code", [
    (StoreError("db.duckdb: cannot open database"), 503, "store_error"),
    (ModelNotTrainedError("no weights for ontology 'x': run dotterel train"), 503, "model_not_trained"),
    (StageError("events", ValueError("bad")), 500, "stage_failed"),
    (InputError("since: 'x' is not a date"), 422, "bad_input"),
])
def test_library_errors_are_translated(fresh: TestClient, monkeypatch: pytest.MonkeyPatch, exc: Exception,
                                       status: int, code: str) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise exc

    monkeypatch.setattr(queries, "network", fail)
    err = assert_error(fresh.get("/v1/network"), status, code)
    assert err["message"] == str(exc)


def test_library_error_from_the_coder(corpus: Corpus, tmp_path: Path) -> None:
    """A real library error (an ontology whose weights were never trained) reaches the client in the one shape."""
    untrained = tmp_path / "untrained.yaml"
    shutil.copy(ROOT / "examples" / "custom_ontology.yaml", untrained)
    with TestClient(create_app(corpus.path, ontology=str(untrained), code_rate_per_minute=0)) as c:
        assert_error(c.post("/v1/code", json={"text": "Russia threatened Ukraine."}), 503, "model_not_trained")


def test_503_busy_when_the_coding_queue_is_full(corpus: Corpus) -> None:
    """Past `code_queue` requests coding or waiting, more are refused at once instead of queued for minutes."""
    import threading

    long_text = " ".join(["Kenyan police arrested 40 protesters in Nairobi on Tuesday, officials said."] * 2500)
    with TestClient(create_app(corpus.path, code_queue=1, code_rate_per_minute=0, max_body_bytes=2_000_000,
                               max_text_chars=2_000_000)) as c:
        first: dict[str, Any] = {}
        t = threading.Thread(target=lambda: first.update(r=c.post("/v1/code", json={"text": long_text})))
        t.start()
        try:
            deadline = time.time() + 30
            while not first and time.time() < deadline and not c.app.state.coding_busy():
                time.sleep(0.05)  # until the long text is coding in the coding process
            r = c.post("/v1/code", json={"text": "Germany sent aid to Ukraine."})
            assert_error(r, 503, "busy")
            assert r.headers["retry-after"] == "2"
        finally:
            t.join(300)
        assert first["r"].status_code == 200
        assert c.post("/v1/code", json={"text": "Germany sent aid to Ukraine."}).status_code == 200  # free again
