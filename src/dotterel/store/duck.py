"""DuckDB store: documents, events, actors, quotes and failures, with named migrations.

Each document is written in one transaction, keyed by its content hash, so a re-run adds
nothing and a killed run leaves either the whole document or none of it.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ..document import content_id
from ..errors import StoreError

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_core", """
    CREATE TABLE documents (
        doc_id VARCHAR PRIMARY KEY, source VARCHAR, title VARCHAR, url VARCHAR,
        pub_date DATE, pub_date_source VARCHAR, text VARCHAR, contexts VARCHAR[],
        n_events INTEGER, coded_at TIMESTAMP
    );
    CREATE TABLE events (
        id VARCHAR PRIMARY KEY, doc_id VARCHAR, event VARCHAR, mode VARCHAR, context VARCHAR[],
        date DATE, date_raw VARCHAR, date_precision VARCHAR, quad_code INTEGER, quad_class VARCHAR,
        event_scale DOUBLE, event_text VARCHAR, text VARCHAR, sentence INTEGER,
        sent_start INTEGER, sent_end INTEGER, event_start INTEGER, event_end INTEGER,
        confidence DOUBLE, decided_by VARCHAR, negated BOOLEAN, hypothetical BOOLEAN,
        future BOOLEAN, historical BOOLEAN, loc_name VARCHAR, loc_country VARCHAR,
        loc_lat DOUBLE, loc_lon DOUBLE, loc_geonameid BIGINT, loc_resolution VARCHAR, markup VARCHAR,
        cluster_id VARCHAR
    );
    CREATE TABLE event_actors (
        event_id VARCHAR, role VARCHAR, position INTEGER, code VARCHAR, sector VARCHAR,
        name VARCHAR, entity_text VARCHAR, office VARCHAR, kind VARCHAR, start_char INTEGER, end_char INTEGER
    );
    CREATE TABLE quotes (
        id VARCHAR PRIMARY KEY, doc_id VARCHAR, kind VARCHAR, text VARCHAR, start_char INTEGER,
        end_char INTEGER, verb VARCHAR, speaker_text VARCHAR, speaker_code VARCHAR,
        speaker_sector VARCHAR, speaker_name VARCHAR, event_id VARCHAR
    );
    CREATE TABLE failures (source VARCHAR, stage VARCHAR, error VARCHAR, failed_at TIMESTAMP);
    """),
    ("0002_views", """
    CREATE VIEW clusters AS
    SELECT cluster_id, any_value(event) AS event, min(date) AS first_date, max(date) AS last_date,
        count(*) AS n_events, count(DISTINCT doc_id) AS n_sources
    FROM events WHERE cluster_id IS NOT NULL GROUP BY cluster_id;
    CREATE VIEW events_flat AS
    SELECT e.id AS event_id, e.doc_id, e.date AS story_date, e.event AS event_type, e.mode, e.context,
        e.quad_code, e.quad_class, e.event_scale AS intensity,
        string_agg(CASE WHEN a.role = 'actor' THEN a.code END, ';') AS actor_country,
        string_agg(CASE WHEN a.role = 'actor' THEN a.sector END, ';') AS actor_sector,
        string_agg(CASE WHEN a.role = 'actor' THEN a.entity_text END, ';') AS actor_text,
        string_agg(CASE WHEN a.role = 'recipient' THEN a.code END, ';') AS recipient_country,
        string_agg(CASE WHEN a.role = 'recipient' THEN a.sector END, ';') AS recipient_sector,
        string_agg(CASE WHEN a.role = 'recipient' THEN a.entity_text END, ';') AS recipient_text,
        e.loc_name AS placename, e.loc_country AS place_country, e.loc_lat AS latitude, e.loc_lon AS longitude,
        e.event_text, e.text, e.confidence, e.negated, e.hypothetical, e.future, e.historical,
        e.cluster_id, c.n_sources
    FROM events e LEFT JOIN event_actors a ON a.event_id = e.id
    LEFT JOIN clusters c ON c.cluster_id = e.cluster_id
    GROUP BY ALL;
    """),
    ("0003_main_event", """
    ALTER TABLE documents ADD COLUMN main_event VARCHAR;
    ALTER TABLE documents ADD COLUMN main_event_id VARCHAR;
    """),
]


DOC_COLUMNS = ["doc_id", "source", "title", "url", "pub_date", "pub_date_source", "text", "contexts", "n_events", "coded_at",
               "main_event", "main_event_id"]
EVENT_COLUMNS = [
    "id", "doc_id", "event", "mode", "context", "date", "date_raw", "date_precision", "quad_code", "quad_class",
    "event_scale", "event_text", "text", "sentence", "sent_start", "sent_end", "event_start", "event_end", "confidence",
    "decided_by", "negated", "hypothetical", "future", "historical", "loc_name", "loc_country", "loc_lat", "loc_lon",
    "loc_geonameid", "loc_resolution", "markup",
]
ACTOR_COLUMNS = ["event_id", "role", "position", "code", "sector", "name", "entity_text", "office", "kind",
                 "start_char", "end_char"]
QUOTE_COLUMNS = ["id", "doc_id", "kind", "text", "start_char", "end_char", "verb", "speaker_text", "speaker_code",
                 "speaker_sector", "speaker_name", "event_id"]


def _rows(batch: list[tuple[dict[str, Any], str]]) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Table rows for coded documents (plain records from `Document.as_dict()`)."""
    docs, events, actors, quotes = [], [], [], []
    now = _now()
    for rec, source in batch:
        doc_id, meta, main = rec["doc_id"], rec.get("meta") or {}, rec.get("main_event") or {}
        docs.append([doc_id, source, meta.get("title"), meta.get("url"), _day(rec["pub_date"]), rec["pub_date_source"],
                     rec["text"], rec["contexts"], len(rec["events"]), now, main.get("event"), main.get("event_id")])
        for ev in rec["events"]:
            loc, ti = ev["event_loc"] or {}, ev["text_info"]
            events.append([
                ev["id"], doc_id, ev["event"], ev["mode"], ev["context"], _day(ev["date"]), ev["date_raw"],
                ev["date_precision"], ev["quad_code"], ev["quad_class"], ev["event_scale"], ev["event_text"],
                ev["text"], ti["sentence"], ti["start"], ti["end"], ti["event_start"], ti["event_end"],
                ev["confidence"], json.dumps(ev["decided_by"]), ev["negated"], ev["hypothetical"], ev["future"],
                ev["historical"], loc.get("name"), loc.get("country"), loc.get("lat"), loc.get("lon"),
                loc.get("geonameid"), loc.get("resolution"), ti["markup"],
            ])
            for role in ("actor", "recipient"):
                for n, a in enumerate(ev[role]):
                    actors.append([ev["id"], role, n, a["code"], a["sector"], a["name"], a["entity_text"],
                                   a["office"], a["kind"], a["start"], a["end"]])
        for q in rec["quotes"]:
            sp = q["speaker"] or {}
            quotes.append([f"{doc_id}:{q['start']}:{q['end']}:{q['kind']}", doc_id, q["kind"], q["text"], q["start"], q["end"],
                           q["verb"], sp.get("entity_text"), sp.get("code"), sp.get("sector"), sp.get("name"),
                           q["event_id"]])
    return {"documents": (DOC_COLUMNS, docs), "events": (EVENT_COLUMNS, events),
            "event_actors": (ACTOR_COLUMNS, actors), "quotes": (QUOTE_COLUMNS, quotes)}


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


class Store:
    """An open DuckDB database with dotterel's schema."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        import duckdb

        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open database: {exc}") from exc
        if not read_only:
            self.migrate()

    def migrate(self) -> None:
        """Apply the named migrations not yet recorded, each in its own transaction."""
        import duckdb

        self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
        done = {r[0] for r in self.con.execute("SELECT name FROM schema_migrations").fetchall()}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            try:
                self.con.execute("BEGIN")
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations VALUES (?, ?)", [name, _now()])
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self._rollback()
                raise StoreError(f"{self.path}: migration {name} failed: {exc}") from exc

    def _rollback(self) -> None:
        """Roll back if a transaction is still open (a failed COMMIT has already ended it)."""
        import duckdb

        try:
            self.con.execute("ROLLBACK")
        except duckdb.TransactionException:
            pass

    def has_document(self, doc_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc_id]).fetchone() is not None

    def write(self, record: dict[str, Any], source: str = "") -> bool:
        """Write one coded document (`Document.as_dict()`) atomically; False when already stored."""
        return self.write_many([(record, source)]) == 1

    def write_many(self, batch: list[tuple[dict[str, Any], str]]) -> int:
        """Write coded documents in one transaction (all or none); returns how many were new.

        Rows go in as Arrow tables: one bulk insert per table instead of one per row.
        """
        import duckdb
        import pyarrow as pa

        fresh, seen = [], set()
        for rec, source in batch:
            if rec["doc_id"] not in seen and not self.has_document(rec["doc_id"]):
                seen.add(rec["doc_id"])
                fresh.append((rec, source))
        if not fresh:
            return 0
        try:
            self.con.execute("BEGIN")
            for name, (columns, rows) in _rows(fresh).items():
                if rows:
                    self.con.register("_incoming", pa.Table.from_pylist([dict(zip(columns, r)) for r in rows]))
                    cols = ", ".join(columns)
                    self.con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _incoming")  # fixed names
                    self.con.unregister("_incoming")
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self._rollback()
            raise StoreError(f"{self.path}: cannot write {len(fresh)} document(s): {exc}") from exc
        return len(fresh)

    def load_parquet(self, files: dict[str, str]) -> int:
        """Load one coded chunk written as Parquet (table -> file) in one transaction; returns new documents.

        Documents already stored are skipped with all their rows, so re-loading is harmless.
        """
        import duckdb

        if "documents" not in files:
            return 0
        try:
            self.con.execute("BEGIN")
            self.con.execute("""CREATE OR REPLACE TEMP TABLE _new AS
                SELECT doc_id FROM read_parquet(?) WHERE doc_id NOT IN (SELECT doc_id FROM documents)""",
                             [files["documents"]])
            cols = {"documents": DOC_COLUMNS, "events": EVENT_COLUMNS, "event_actors": ACTOR_COLUMNS,
                    "quotes": QUOTE_COLUMNS}
            for table in ("documents", "events", "quotes"):
                if table in files:
                    c = ", ".join(cols[table])
                    self.con.execute(f"INSERT INTO {table} ({c}) SELECT {c} FROM read_parquet(?) "
                                     "WHERE doc_id IN (SELECT doc_id FROM _new)", [files[table]])
            if "event_actors" in files:
                c = ", ".join(ACTOR_COLUMNS)
                self.con.execute(f"INSERT INTO event_actors ({c}) SELECT {c} FROM read_parquet(?) WHERE event_id IN "
                                 "(SELECT id FROM events WHERE doc_id IN (SELECT doc_id FROM _new))", [files["event_actors"]])
            n = self.con.execute("SELECT count(*) FROM _new").fetchone()[0]
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self._rollback()
            raise StoreError(f"{self.path}: cannot load {files['documents']}: {exc}") from exc
        return n

    def refresh_clusters(self, window_days: int = 2) -> int:
        """Group the same event reported by several articles; returns the number of clusters.

        Same type, same actor codes, same recipient codes, dates chained within
        `window_days`: each event row gets a `cluster_id` (deterministic, from its first
        event) and the `clusters` view counts distinct sources. Nothing is dropped.
        """
        rows = self.con.execute("""
            SELECT e.id, e.event, e.date, e.doc_id,
                coalesce(string_agg(CASE WHEN a.role = 'actor' THEN a.code END, ';' ORDER BY a.code), '') AS ac,
                coalesce(string_agg(CASE WHEN a.role = 'recipient' THEN a.code END, ';' ORDER BY a.code), '') AS rc
            FROM events e LEFT JOIN event_actors a ON a.event_id = e.id
            WHERE e.date IS NOT NULL AND NOT (e.negated OR e.hypothetical OR e.future)
            GROUP BY e.id, e.event, e.date, e.doc_id
            ORDER BY e.event, ac, rc, e.date, e.id""").fetchall()
        assign: list[tuple[str, str]] = []
        key, last_date, cluster = None, None, None
        for eid, event, day, _doc, ac, rc in rows:
            if not ac:
                continue  # no known actor: nothing to match on
            k = (event, ac, rc)
            if k != key or last_date is None or (day - last_date).days > window_days:
                cluster = content_id(f"{event}|{ac}|{rc}|{eid}")
            key, last_date = k, day
            assign.append((cluster, eid))
        self.con.execute("BEGIN")
        self.con.execute("UPDATE events SET cluster_id = NULL")
        if assign:
            self.con.execute("CREATE TEMP TABLE IF NOT EXISTS _assign (cluster_id VARCHAR, id VARCHAR)")
            self.con.execute("DELETE FROM _assign")
            self.con.executemany("INSERT INTO _assign VALUES (?, ?)", assign)
            self.con.execute("UPDATE events SET cluster_id = _assign.cluster_id FROM _assign WHERE events.id = _assign.id")
        self.con.execute("COMMIT")
        return len({c for c, _ in assign})

    def record_failure(self, source: str, stage: str, error: str) -> None:
        import duckdb

        try:
            self.con.execute("INSERT INTO failures VALUES (?, ?, ?, ?)", [source, stage, error, _now()])
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot record a failure: {exc}") from exc

    def query_events(self, actor: str | None = None, recipient: str | None = None, event: str | None = None,
                     since: str | None = None, until: str | None = None, limit: int = 100,
                     include_flagged: bool = False) -> Iterator[dict[str, Any]]:
        """Flat event rows filtered by actor/recipient code, type and date range (parameterised SQL)."""
        where, args = [], []
        if actor:
            where.append("list_contains(string_split(coalesce(actor_country, ''), ';'), ?)"); args.append(actor)
        if recipient:
            where.append("list_contains(string_split(coalesce(recipient_country, ''), ';'), ?)"); args.append(recipient)
        if event:
            where.append("event_type = ?"); args.append(event.upper())
        if since:
            where.append("story_date >= CAST(? AS DATE)"); args.append(since)
        if until:
            where.append("story_date <= CAST(? AS DATE)"); args.append(until)
        if not include_flagged:
            where.append("NOT (negated OR hypothetical)")
        sql = "SELECT * FROM events_flat" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY story_date, doc_id, event_id LIMIT ?"
        cur = self.con.execute(sql, [*args, limit])
        cols = [d[0] for d in cur.description]
        for row in cur.fetchall():
            yield dict(zip(cols, row))

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 (fixed names)
                for t in ("documents", "events", "event_actors", "quotes", "failures")}

    def close(self) -> None:
        self.con.close()


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
