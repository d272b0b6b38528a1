"""The HTTP API against a real database, checked against the coder's own output; and the
same figures from the pandas API and the `dotterel dyad` command (one query each)."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import dotterel
from dotterel.cli import cli
from dotterel.serve.errors import ErrorResponse
from tests.serve.conftest import WRITE_TOKEN, Corpus


def ids(items: list[dict[str, Any]]) -> set[str]:
    return {e["id"] for e in items}


def get(client: TestClient, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


# --- events ---------------------------------------------------------------------------------


def test_events_default_lists_every_plain_event(client: TestClient, corpus: Corpus) -> None:
    page = get(client, "/v1/events", limit=500)
    assert page["total"] == len(corpus.plain()) == len(page["items"])
    assert ids(page["items"]) == ids(corpus.plain())
    dated = [e["date"] for e in page["items"] if e["date"]]
    assert dated == sorted(dated, reverse=True)  # newest first by default
    assert page["items"][-1]["date"] is None  # undated events last


def test_events_include_flagged_adds_negated(client: TestClient, corpus: Corpus) -> None:
    negated = [e for e in corpus.events() if e["negated"]]
    assert negated, "the fixture has a negated event"
    page = get(client, "/v1/events", include_flagged=True, limit=500)
    assert page["total"] == len(corpus.events())
    assert ids(negated) <= ids(page["items"])
    flagged = next(e for e in page["items"] if e["id"] == negated[0]["id"])
    assert flagged["negated"] is True


@pytest.mark.parametrize("a,b", [("KOR", "RUS"), ("RUS", "KOR"), ("USA", "PRK")])
def test_events_actor_recipient_filter(client: TestClient, corpus: Corpus, a: str, b: str) -> None:
    page = get(client, "/v1/events", actor=a, recipient=b)
    assert page["total"] > 0
    assert ids(page["items"]) == ids(corpus.dyad(a, b))
    for ev in page["items"]:
        assert a in {x["code"] for x in ev["actor"]} and b in {x["code"] for x in ev["recipient"]}


def test_events_repeated_values_match_any(client: TestClient, corpus: Corpus) -> None:
    page = get(client, "/v1/events", actor=["USA", "PRK"], limit=500)
    expected = [e for e in corpus.plain() if {"USA", "PRK"} & {x["code"] for x in e["actor"]}]
    assert ids(page["items"]) == ids(expected) and expected


def test_events_type_quad_and_dates(client: TestClient, corpus: Corpus) -> None:
    page = get(client, "/v1/events", type="accuse", limit=500)  # case-insensitive
    assert ids(page["items"]) == ids([e for e in corpus.plain() if e["event"] == "ACCUSE"]) and page["total"]
    by_code = get(client, "/v1/events", quad="3", limit=500)
    by_name = get(client, "/v1/events", quad="Verbal Conflict", limit=500)
    expected = ids([e for e in corpus.plain() if e["quad_code"] == 3])
    assert ids(by_code["items"]) == ids(by_name["items"]) == expected and expected
    june = get(client, "/v1/events", since="2024-06-01", until="2024-06-30", limit=500)
    assert ids(june["items"]) == ids([e for e in corpus.plain() if e["date"] and "2024-06-01" <= e["date"] <= "2024-06-30"])
    assert all("2024-06-01" <= e["date"] <= "2024-06-30" for e in june["items"])


def test_events_text_search_covers_sentence_and_title(client: TestClient, corpus: Corpus) -> None:
    by_text = get(client, "/v1/events", q="BALLISTIC")
    assert by_text["total"] >= 1 and all("ballistic" in e["text"].lower() for e in by_text["items"])
    by_title = get(client, "/v1/events", q="summons russian envoy")
    assert ids(by_title["items"]) == ids([e for e in corpus.records["summons"]["events"] if not e["negated"]])


def test_events_pagination(client: TestClient, corpus: Corpus) -> None:
    total = len(corpus.plain())
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = get(client, "/v1/events", limit=4, offset=offset, order="asc")
        assert page["total"] == total and len(page["items"]) <= 4
        seen += [e["id"] for e in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == total
    assert get(client, "/v1/events", limit=4, offset=total)["items"] == []


def test_event_by_id_has_actors_place_quotes_and_article(client: TestClient, corpus: Corpus) -> None:
    rec = corpus.records["negated"]
    quoted = next(q for q in rec["quotes"] if q["event_id"])
    ev = get(client, f"/v1/events/{quoted['event_id']}")
    coded = next(e for e in rec["events"] if e["id"] == quoted["event_id"])
    assert ev["event"] == coded["event"] and ev["date"] == coded["date"]
    assert [a["code"] for a in ev["actor"]] == [a["code"] for a in coded["actor"]]
    assert [q["text"] for q in ev["quotes"]] == [quoted["text"]]
    assert ev["document"]["title"] == "Tokyo and Beijing"
    if coded["event_loc"]:
        assert ev["event_loc"]["start"] == coded["event_loc"]["start"] and ev["event_loc"]["end"] == coded["event_loc"]["end"]


def test_cluster_filter_groups_reports_of_the_same_event(client: TestClient, corpus: Corpus) -> None:
    """Two articles report South Korea's protest to Russia a day apart: one cluster, two sources."""
    protests = [e for k in ("summons", "summons-2") for e in corpus.records[k]["events"] if e["event"] == "PROTEST"]
    assert len(protests) == 2
    listed = {e["id"]: e for e in get(client, "/v1/events", type="PROTEST", actor="KOR", limit=500)["items"]}
    cluster = listed[protests[0]["id"]]["cluster_id"]
    assert cluster and listed[protests[1]["id"]]["cluster_id"] == cluster
    page = get(client, "/v1/events", cluster=cluster)
    assert ids(page["items"]) == ids(protests)
    assert {e["doc_id"] for e in page["items"]} == {corpus.records["summons"]["doc_id"], corpus.records["summons-2"]["doc_id"]}
    assert all(e["cluster_sources"] == 2 for e in page["items"])
    assert get(client, "/v1/events", cluster="0000000000000000")["total"] == 0
    with dotterel.open(corpus.path) as db:
        assert set(db.events(cluster=cluster)["id"]) == ids(protests)


# --- documents ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["summons", "threat", "negated", "xss"])
def test_document_text_and_spans_point_at_the_words(client: TestClient, corpus: Corpus, key: str) -> None:
    rec = corpus.records[key]
    doc = get(client, f"/v1/documents/{rec['doc_id']}")
    assert doc["text"] == rec["text"]
    assert len(doc["events"]) == len(rec["events"]) and len(doc["quotes"]) == len(rec["quotes"])
    main = rec["main_event"]
    assert (doc["main_event"], doc["main_event_id"]) == ((main["event"], main["event_id"]) if main else (None, None))
    text = doc["text"]
    kinds = Counter(s["kind"] for s in doc["spans"])
    assert kinds["event"] == len(rec["events"])
    assert kinds["quote"] == len(rec["quotes"])
    assert kinds["actor"] == sum(len(e["actor"]) for e in rec["events"])
    assert kinds["place"] == sum(1 for e in rec["events"] if e["event_loc"])
    by_event = {e["id"]: e for e in rec["events"]}
    for s in doc["spans"]:
        piece = text[s["start"]:s["end"]]
        if s["kind"] == "event":
            assert piece == by_event[s["event_id"]]["event_text"]
        elif s["kind"] in ("actor", "recipient"):
            assert piece in {a["entity_text"] for a in by_event[s["event_id"]][s["kind"]]}
        elif s["kind"] == "place":
            loc = by_event[s["event_id"]]["event_loc"]
            assert (s["start"], s["end"]) == (loc["start"], loc["end"])
        else:
            assert piece in {q["text"] for q in rec["quotes"]}


def test_place_span_recovered_for_stored_events(client: TestClient, corpus: Corpus) -> None:
    """The store keeps place offsets only inside `markup`; the API must recover them exactly."""
    placed = [(k, e) for k, r in corpus.records.items() for e in r["events"] if e["event_loc"]]
    assert placed, "the fixture has events with places"
    for _, ev in placed:
        got = get(client, f"/v1/events/{ev['id']}")["event_loc"]
        assert (got["start"], got["end"]) == (ev["event_loc"]["start"], ev["event_loc"]["end"])


# --- dyads ----------------------------------------------------------------------------------


def _week(d: str) -> str:
    day = date.fromisoformat(d)
    return (day - timedelta(days=day.weekday())).isoformat()


def test_dyad_series_counts_and_scores_both_directions(client: TestClient, corpus: Corpus) -> None:
    data = get(client, "/v1/dyads/KOR/RUS/series", interval="week")
    assert [(s["actor"], s["recipient"]) for s in data["series"]] == [("KOR", "RUS"), ("RUS", "KOR")]
    axis = [p["period"] for p in data["series"][0]["points"]]
    assert axis == [p["period"] for p in data["series"][1]["points"]]  # one time axis
    assert axis == sorted(axis) and all(date.fromisoformat(p).weekday() == 0 for p in axis)
    assert all((date.fromisoformat(b) - date.fromisoformat(a)).days == 7 for a, b in zip(axis, axis[1:]))  # gaps filled
    for s in data["series"]:
        events = corpus.dyad(s["actor"], s["recipient"])
        dated = [e for e in events if e["date"]]
        assert s["total"] == len(dated) > 0
        assert s["undated"] == len(events) - len(dated)
        for p in s["points"]:
            mine = [e for e in dated if _week(e["date"]) == p["period"]]
            assert p["n"] == len(mine) == sum(p["by_quad"].values()) == sum(p["by_type"].values())
            assert p["by_type"] == dict(Counter(e["event"] for e in mine))
            if mine:
                assert p["mean_score"] == pytest.approx(sum(e["event_scale"] for e in mine) / len(mine), abs=1e-3)
            else:
                assert p["mean_score"] is None
            assert date.fromisoformat(p["end"]) - date.fromisoformat(p["start"]) == timedelta(days=6)
    assert data["series"][0]["undated"] == 1  # the undated article's KOR->RUS criticism


def test_dyad_series_month_and_day(client: TestClient, corpus: Corpus) -> None:
    month = get(client, "/v1/dyads/RUS/KOR/series", interval="month")
    periods = [p["period"] for p in month["series"][0]["points"]]
    assert periods == ["2024-06-01", "2024-07-01"]
    assert month["series"][0]["points"][0]["end"] == "2024-06-30"
    assert sum(p["n"] for p in month["series"][0]["points"]) == len([e for e in corpus.dyad("RUS", "KOR") if e["date"]])
    day = get(client, "/v1/dyads/KOR/RUS/series", interval="day")
    pts = day["series"][0]["points"]
    assert all(p["start"] == p["end"] == p["period"] for p in pts)
    assert len(pts) == (date.fromisoformat(pts[-1]["period"]) - date.fromisoformat(pts[0]["period"])).days + 1


def test_dyad_series_unknown_actor_is_empty(client: TestClient) -> None:
    data = get(client, "/v1/dyads/XXX/YYY/series")
    assert all(s["total"] == 0 and s["points"] == [] for s in data["series"])


# --- actors and network ---------------------------------------------------------------------


def test_actors_counts(client: TestClient, corpus: Corpus) -> None:
    items = get(client, "/v1/actors", limit=500)["items"]
    counts = Counter(code for e in corpus.plain() for code in {a["code"] for a in e["actor"] + e["recipient"]} if code)
    assert {a["code"]: a["n"] for a in items} == dict(counts)
    assert [a["n"] for a in items] == sorted((a["n"] for a in items), reverse=True)
    kor = next(a for a in items if a["code"] == "KOR")
    assert kor["as_actor"] == sum(1 for e in corpus.plain() if "KOR" in {a["code"] for a in e["actor"]})
    assert kor["name"] and kor["kind"] == "state"
    assert [a["code"] for a in get(client, "/v1/actors", search="korea")["items"]] == \
        [a["code"] for a in items if "korea" in f"{a['code']} {a['name']}".lower()]


def test_network_edges_match_events(client: TestClient, corpus: Corpus) -> None:
    net = get(client, "/v1/network")
    expected: dict[tuple[str, str], list[float]] = {}
    for e in corpus.plain():
        for s in {a["code"] for a in e["actor"] if a["code"]}:
            for t in {r["code"] for r in e["recipient"] if r["code"]}:
                if s != t:
                    expected.setdefault((s, t), []).append(e["event_scale"])
    got = {(e["source"], e["target"]): e for e in net["edges"]}
    assert set(got) == set(expected)
    for k, scores in expected.items():
        assert got[k]["n"] == len(scores) == sum(got[k]["by_quad"].values())
        assert got[k]["mean_score"] == pytest.approx(sum(scores) / len(scores), abs=1e-3)
    assert {n["code"] for n in net["nodes"]} == {c for k in expected for c in k}
    kor = next(n for n in net["nodes"] if n["code"] == "KOR")
    assert kor["out"] == sum(len(v) for k, v in expected.items() if k[0] == "KOR")
    heavy = get(client, "/v1/network", min_count=2)["edges"]
    assert {(e["source"], e["target"]) for e in heavy} == {k for k, v in expected.items() if len(v) >= 2}


# --- coding ---------------------------------------------------------------------------------


ARTICLE = "Russia threatened Ukraine on Monday. \"We will not back down,\" Ukrainian President Volodymyr Zelensky said."


def test_code_returns_the_coded_document_without_writing(client: TestClient, coder: dotterel.Coder) -> None:
    before = get(client, "/v1/health")["counts"]
    r = client.post("/v1/code", json={"text": ARTICLE, "pub_date": "2024-03-04"})
    assert r.status_code == 200, r.text
    out = r.json()
    expected = coder(ARTICLE, pub_date="2024-03-04").as_dict()
    assert out["doc_id"] == expected["doc_id"] and out["text"] == ARTICLE
    assert [(e["event"], e["date"]) for e in out["events"]] == [(e["event"], e["date"]) for e in expected["events"]]
    assert out["events"] and out["events"][0]["event"] == "THREATEN" and out["events"][0]["date"] == "2024-03-04"
    assert len(out["quotes"]) == len(expected["quotes"]) and len(out["entities"]) == len(expected["entities"])
    for s in out["spans"]:
        assert 0 <= s["start"] < s["end"] <= len(ARTICLE)
    assert {"actor", "event", "recipient"} <= {s["kind"] for s in out["spans"]}
    assert out["stored"] is False and out["written"] is False
    assert get(client, "/v1/health")["counts"] == before
    assert client.get(f"/v1/documents/{out['doc_id']}").status_code == 404


def test_code_stores_with_the_write_token(writable: tuple[TestClient, Path]) -> None:
    c, _ = writable
    auth = {"Authorization": f"Bearer {WRITE_TOKEN}"}
    kor_protest = next(e for e in c.get("/v1/events", params={"type": "PROTEST", "actor": "KOR"}).json()["items"])
    body = {"text": ARTICLE, "pub_date": "2024-03-04", "title": "Stored via API", "source": "api-test", "store": True}
    before = c.get("/v1/health").json()["counts"]["documents"]
    r = c.post("/v1/code", json=body, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json()["stored"] is True and r.json()["written"] is True
    doc = c.get(f"/v1/documents/{r.json()['doc_id']}").json()
    assert doc["title"] == "Stored via API" and doc["source"] == "api-test" and doc["text"] == ARTICLE
    assert c.get("/v1/health").json()["counts"]["documents"] == before + 1
    again = c.post("/v1/code", json=body, headers=auth).json()
    assert again["stored"] is True and again["written"] is False  # same content: nothing added
    assert c.get("/v1/health").json()["counts"]["documents"] == before + 1
    # a stored report of an event already in the database joins its cluster
    third = c.post("/v1/code", headers=auth, json={"text": "South Korea protested to Russia on Wednesday over the deal.",
                                                   "pub_date": "2024-06-05", "store": True}).json()
    assert third["written"] is True
    joined = c.get("/v1/events", params={"cluster": kor_protest["cluster_id"]}).json()
    assert third["doc_id"] in {e["doc_id"] for e in joined["items"]} and joined["items"][0]["cluster_sources"] == 3
    # with the token but without "store": codes only
    other = c.post("/v1/code", json={"text": ARTICLE + " Russia denied it."}, headers=auth).json()
    assert other["written"] is False and c.get(f"/v1/documents/{other['doc_id']}").status_code == 404


# --- meta and OpenAPI -----------------------------------------------------------------------


def test_health_and_meta(client: TestClient, corpus: Corpus) -> None:
    h = get(client, "/v1/health")
    assert h["read_only"] is True and h["counts"]["documents"] == len(corpus.records)
    m = get(client, "/v1/meta")
    assert {t["name"] for t in m["types"]} == {e["event"] for e in corpus.events()}
    assert [q["code"] for q in m["quad_classes"]] == sorted({e["quad_code"] for e in corpus.events()})
    assert m["limits"]["max_body_bytes"] > 0


def test_openapi_documents_every_route_and_the_one_error_shape(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    paths = spec["paths"]
    for path, method in [("/v1/code", "post"), ("/v1/events", "get"), ("/v1/events/{event_id}", "get"),
                         ("/v1/documents/{doc_id}", "get"), ("/v1/dyads/{a}/{b}/series", "get"),
                         ("/v1/actors", "get"), ("/v1/network", "get"), ("/v1/health", "get"), ("/v1/meta", "get")]:
        assert method in paths[path], path
        op = paths[path][method]
        assert "200" in op["responses"]
        for status, resp in op["responses"].items():
            if status != "200":
                assert resp["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorResponse"}, (path, status)
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ErrorResponse" in schemas
    code = paths["/v1/code"]["post"]
    assert {"401", "403", "413", "422", "429"} <= set(code["responses"])
    assert code["security"] == [{"HTTPBearer": []}]
    params = {p["name"] for p in paths["/v1/events"]["get"]["parameters"]}
    assert {"actor", "recipient", "type", "quad", "since", "until", "q", "include_flagged", "cluster", "limit",
            "offset"} <= params
    # the spec's schemas are what the server sends: a real error validates against ErrorResponse
    ErrorResponse.model_validate(client.get("/v1/events/nope").json())
    # every path the app routes under /v1 is in the spec
    routed = {r.path for r in client.app.routes if getattr(r, "path", "").startswith("/v1/")}  # type: ignore[attr-defined]
    assert routed == {p for p in paths if p.startswith("/v1/")}


def test_explorer_is_served_offline(client: TestClient) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui/"
    page = client.get("/ui/")
    assert page.status_code == 200 and "app.js" in page.text and "style.css" in page.text
    for asset in ("app.js", "style.css"):
        r = client.get(f"/ui/{asset}")
        assert r.status_code == 200 and len(r.text) > 1000
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


# --- the library API and the CLI: the same figures ------------------------------------------


def test_pandas_events_match_api(client: TestClient, corpus: Corpus) -> None:
    with dotterel.open(corpus.path) as db:
        df = db.events(actor="KOR", recipient="RUS")
        assert set(df["id"]) == ids(corpus.dyad("KOR", "RUS"))
        assert str(df["date"].dtype).startswith("datetime64")
        assert all("KOR" in a.split(";") for a in df["actor"])
        assert len(db.events()) == len(corpus.plain())
        assert len(db.events(include_flagged=True)) == len(corpus.events())
        assert db.events(actor="NOPE").empty and "event" in db.events(actor="NOPE").columns


def test_pandas_dyad_series_matches_api(client: TestClient, corpus: Corpus) -> None:
    api = get(client, "/v1/dyads/KOR/RUS/series", interval="month")
    with dotterel.open(corpus.path) as db:
        df = db.dyad_series("KOR", "RUS", interval="month")
    assert len(df) == sum(len(s["points"]) for s in api["series"])
    for s in api["series"]:
        part = df[(df["actor"] == s["actor"]) & (df["recipient"] == s["recipient"])]
        assert list(part["n"]) == [p["n"] for p in s["points"]]
        assert [p.date().isoformat() for p in part["period"]] == [p["period"] for p in s["points"]]
        for q in api["quad_classes"]:
            assert list(part[q]) == [p["by_quad"][q] for p in s["points"]]
        got = [None if x != x else round(x, 4) for x in part["mean_score"]]
        assert got == [p["mean_score"] for p in s["points"]]
    assert df.attrs["undated"]["KOR->RUS"] == 1


def test_pandas_network_matches_api(client: TestClient, corpus: Corpus) -> None:
    api = get(client, "/v1/network")["edges"]
    with dotterel.open(corpus.path) as db:
        df = db.network()
        actors = db.actors()
    assert {(r.source, r.target, r.n) for r in df.itertuples()} == {(e["source"], e["target"], e["n"]) for e in api}
    assert list(actors["code"]) == [a["code"] for a in get(client, "/v1/actors")["items"]]


def test_open_refuses_missing_or_foreign_databases(tmp_path: Path) -> None:
    with pytest.raises(dotterel.StoreError, match="no such database"):
        dotterel.open(tmp_path / "missing.duckdb")
    import duckdb

    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (x INTEGER)").close()
    with pytest.raises(dotterel.StoreError, match="not a dotterel database"):
        dotterel.open(other)


def test_cli_dyad_table_csv_and_plot(corpus: Corpus, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["dyad", "KOR", "RUS", "--db", str(corpus.path), "--interval", "month"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split()[:4] == ["period", "direction", "n", "mean_score"]
    assert any(line.startswith("2024-06-01") and "KOR->RUS" in line for line in lines)
    r = runner.invoke(cli, ["dyad", "KOR", "RUS", "--db", str(corpus.path), "--interval", "month", "--csv"])
    rows = [line.split(",") for line in r.output.strip().splitlines()]
    with dotterel.open(corpus.path) as db:
        df = db.dyad_series("KOR", "RUS", "month")
    assert [int(x[rows[0].index("n")]) for x in rows[1:]] == list(df["n"])
    png = tmp_path / "dyad.png"
    r = runner.invoke(cli, ["dyad", "KOR", "RUS", "--db", str(corpus.path), "--plot", str(png)])
    assert r.exit_code == 0, r.output
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_cli_serve_is_registered() -> None:
    r = CliRunner().invoke(cli, ["serve", "--help"])
    assert r.exit_code == 0 and "--write-token" in r.output and "--code-rate" in r.output


def test_cli_serve_refuses_several_writers(corpus: Corpus) -> None:
    r = CliRunner().invoke(cli, ["serve", "--db", str(corpus.path), "--workers", "2", "--write-token", WRITE_TOKEN])
    assert isinstance(r.exception, dotterel.InputError) and "one writer" in str(r.exception)


# --- response cache and priorities ------------------------------------------------------------


def test_cached_reads_never_outlive_a_write(writable: tuple[TestClient, Path]) -> None:
    c, _ = writable
    params = {"type": "ACCUSE", "limit": 500}
    first = c.get("/v1/events", params=params)
    repeat = c.get("/v1/events", params=params)
    assert repeat.content == first.content  # replayed from the cache ...
    assert repeat.headers["x-request-id"] != first.headers["x-request-id"]  # ... with its own request headers
    assert repeat.headers["cache-control"] == "no-store" and "content-security-policy" in repeat.headers
    text = "South Korea accused Russia on Friday of violating the sanctions on North Korea."
    r = c.post("/v1/code", json={"text": text, "pub_date": "2024-06-07", "store": True},
               headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    assert r.json()["written"] is True
    after = c.get("/v1/events", params=params).json()
    assert after["total"] == first.json()["total"] + 1
    assert r.json()["doc_id"] in {e["doc_id"] for e in after["items"]}


def test_response_cache_keeps_only_successful_reads() -> None:
    """The cache around a stub app: a 200 GET is answered once, errors and writes every time."""
    import asyncio

    from dotterel.serve.app import ResponseCache

    calls: list[str] = []

    async def stub(scope: dict[str, Any], receive: Any, send: Any) -> None:
        calls.append(scope["path"])
        status = 404 if scope["path"].endswith("missing") else 200
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": f"{scope['path']}?{scope['query_string'].decode()}".encode()})

    class Db:
        generation = 0

    cache = ResponseCache(stub, db=Db(), prefixes=("/v1/events",))  # type: ignore[arg-type]

    def get(path: str, query: bytes = b"", method: str = "GET") -> tuple[int, bytes]:
        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": method, "path": path, "query_string": query}
        asyncio.run(cache(scope, None, send))  # type: ignore[arg-type]
        return sent[0]["status"], sent[1]["body"]

    assert get("/v1/events", b"type=ACCUSE") == get("/v1/events", b"type=ACCUSE") == (200, b"/v1/events?type=ACCUSE")
    assert calls == ["/v1/events"]
    get("/v1/events", b"type=REJECT")
    get("/v1/events/missing"), get("/v1/events/missing")
    get("/v1/events", b"type=ACCUSE", method="POST")
    get("/v1/meta")
    assert calls == ["/v1/events"] * 2 + ["/v1/events/missing"] * 2 + ["/v1/events", "/v1/meta"]
    Db.generation = 1  # a write happened: nothing read before it is replayed
    get("/v1/events", b"type=ACCUSE")
    assert len(calls) == 7


def test_coding_process_runs_at_lower_priority() -> None:
    import os

    from dotterel.ingest.run import CodingProcess
    from dotterel.pipeline import Options

    coding = CodingProcess(Options(), niceness=5)
    try:
        assert coding.pool.submit(os.nice, 0).result(timeout=120) == os.nice(0) + 5
    finally:
        coding.close()
