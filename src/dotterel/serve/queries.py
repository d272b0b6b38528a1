"""Parameterised DuckDB queries over a dotterel database: events, documents, dyads, actors, network.

The one implementation of each query, shared by the HTTP API (`serve.app`) and the
pandas API (`dotterel.open`). Every value that comes from a caller travels as a `?`
parameter; the SQL text is assembled only from constant fragments chosen in this module.
No FastAPI here, so the library API works without the web stack.
"""
from __future__ import annotations

import calendar
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from ..isodate import iso_date
from ..errors import InputError, StoreError

Interval = Literal["day", "week", "month"]
INTERVALS: tuple[str, ...] = ("day", "week", "month")
Order = Literal["asc", "desc"]
MAX_SERIES_POINTS = 5000  # periods per dyad series, so a day interval over decades cannot exhaust memory


class Database:
    """An open dotterel database: one DuckDB instance, a cursor per query (safe across threads).

    Read-only unless `writable`; writes go through `Store.write` under a lock, so the
    server's read cursors never share a transaction with a write.
    """

    # What the queries below read: checked once at open, so a foreign or outdated file fails clearly.
    REQUIRED = {"documents": {"doc_id", "title", "text"}, "events": {"id", "doc_id", "event", "cluster_id", "markup"},
                "event_actors": {"event_id", "role", "code"}, "quotes": {"id", "doc_id", "event_id"}}

    def __init__(self, path: str | Path, writable: bool = False) -> None:
        from ..store.duck import Store

        self.path = str(path)
        self.writable = writable
        self.generation = 0  # counts stored documents: what was read under an older generation may be stale
        if not writable and not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such database (create one with `dotterel ingest ... --db {self.path}`)")
        self.store = Store(self.path, read_only=not writable)
        self._lock = threading.Lock()
        rows = self.store.con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'").fetchall()
        have: dict[str, set[str]] = {}
        for table, column in rows:
            have.setdefault(table, set()).add(column)
        if not all(t in have for t in self.REQUIRED):
            self.store.close()
            raise StoreError(f"{self.path}: not a dotterel database (no {', '.join(t for t in self.REQUIRED if t not in have)} table)")
        missing = [f"{t}.{c}" for t, cols in self.REQUIRED.items() for c in sorted(cols - have[t])]
        if missing:
            self.store.close()
            raise StoreError(f"{self.path}: database written by an older dotterel (no {', '.join(missing)}); "
                             "open it once read-write, e.g. with `dotterel ingest`, to migrate")

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        """A fresh DuckDB cursor (its own connection to the same database). When the database
        can change, it reads in a transaction, so the several queries of one request (a count
        and its page, say) see one snapshot; a read-only database is one snapshot already."""
        import duckdb

        with self._lock:
            cur = self.store.con.cursor()
        try:
            if self.writable:
                cur.execute("BEGIN TRANSACTION")
            yield cur
            if self.writable:
                cur.execute("COMMIT")
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: query failed: {exc}") from exc
        finally:
            cur.close()  # an open transaction (after an error) is rolled back with its connection

    def write(self, record: dict[str, Any], source: str) -> bool:
        """Store one coded document (`Document.as_dict()`); False when it was already there."""
        if not self.writable:
            raise StoreError(f"{self.path}: opened read-only")
        with self._lock:
            written = self.store.write(record, source=source)
            if written:
                self.store.refresh_clusters()  # keep `cluster_id` as `dotterel ingest` leaves it
                self.generation += 1
            return written

    def close(self) -> None:
        with self._lock:
            self.store.close()


# ---------------------------------------------------------------------------------------------
# Filters


@dataclass(frozen=True)
class EventFilters:
    """Filters shared by every query over events; `where()` turns them into SQL with parameters.

    Each list filter matches any of its values. `actor`/`recipient` are actor codes (KOR);
    `type` event types (THREATEN); `quad` quad codes ("1".."4") or quad class names
    ("verbal conflict"); `since`/`until` inclusive event dates; `q` a case-insensitive
    substring of the event's sentence or its article's title; `cluster` a cluster id (the
    same event reported by several articles, as grouped by `Store.refresh_clusters`).
    Negated and hypothetical events are left out unless `include_flagged`.
    """

    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    quad: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    q: str | None = None
    doc_id: str | None = None
    include_flagged: bool = False
    cluster: str | None = None

    @classmethod
    def make(cls, actor: str | Sequence[str] | None = None, recipient: str | Sequence[str] | None = None,
             type: str | Sequence[str] | None = None, quad: str | int | Sequence[str | int] | None = None,  # noqa: A002
             since: date | str | None = None, until: date | str | None = None, q: str | None = None,
             doc_id: str | None = None, include_flagged: bool = False, cluster: str | None = None) -> EventFilters:
        """Normalise loose arguments (a str or a list, ISO date strings) into filters."""
        return cls(
            actor=_strings(actor), recipient=_strings(recipient),
            type=tuple(t.upper() for t in _strings(type)), quad=_strings(quad),
            since=iso_date(since, "since"), until=iso_date(until, "until"),
            q=q.strip() if q and q.strip() else None, doc_id=doc_id or None, include_flagged=include_flagged,
            cluster=cluster.strip() if cluster and cluster.strip() else None,
        )

    def where(self, alias: str = "e") -> tuple[str, list[Any]]:
        """(" AND "-joined conditions on events aliased `alias`, parameters), or ("TRUE", [])."""
        e = alias
        conds: list[str] = []
        args: list[Any] = []
        if self.actor:
            conds.append(f"EXISTS (SELECT 1 FROM event_actors fa WHERE fa.event_id = {e}.id AND fa.role = 'actor'"
                         " AND list_contains(?::VARCHAR[], fa.code))")
            args.append(list(self.actor))
        if self.recipient:
            conds.append(f"EXISTS (SELECT 1 FROM event_actors fr WHERE fr.event_id = {e}.id AND fr.role = 'recipient'"
                         " AND list_contains(?::VARCHAR[], fr.code))")
            args.append(list(self.recipient))
        if self.type:
            conds.append(f"list_contains(?::VARCHAR[], upper({e}.event))")
            args.append(list(self.type))
        if self.quad:
            codes = [int(v) for v in self.quad if v.isdigit()]
            names = [v.lower() for v in self.quad if not v.isdigit()]
            conds.append(f"(list_contains(?::INTEGER[], {e}.quad_code) OR list_contains(?::VARCHAR[], lower({e}.quad_class)))")
            args += [codes, names]
        for value, cond in ((self.since, "date >= ?"), (self.until, "date <= ?")):
            if value:
                conds.append(f"{e}.{cond}")
                args.append(value)
        if self.q:
            needle = self.q.lower()
            conds.append(f"(strpos(lower(coalesce({e}.text, '')), ?) > 0 OR {e}.doc_id IN "
                         "(SELECT fd.doc_id FROM documents fd WHERE strpos(lower(coalesce(fd.title, '')), ?) > 0))")
            args += [needle, needle]
        for value, cond in ((self.doc_id, "doc_id = ?"), (self.cluster, "cluster_id = ?")):
            if value:
                conds.append(f"{e}.{cond}")
                args.append(value)
        if not self.include_flagged:
            conds.append(f"NOT (coalesce({e}.negated, FALSE) OR coalesce({e}.hypothetical, FALSE))")
        return (" AND ".join(conds) if conds else "TRUE"), args


def _strings(value: str | int | Sequence[str | int] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int)):
        value = [value]
    return tuple(str(v).strip() for v in value if str(v).strip())


# ---------------------------------------------------------------------------------------------
# Events

_EVENT_COLS = """
    e.id, e.doc_id, e.date, e.date_raw, e.date_precision, e.event, e.mode, e.context, e.quad_code, e.quad_class,
    e.event_scale, e.event_text, e.text, e.sentence, e.sent_start, e.sent_end, e.event_start, e.event_end,
    e.confidence, e.negated, e.hypothetical, e.future, e.historical, e.loc_name, e.loc_country, e.loc_lat,
    e.loc_lon, e.loc_geonameid, e.loc_resolution, e.markup, d.title, d.url, d.source, d.pub_date, e.cluster_id
"""
_ORDER = {  # constant fragments picked by a validated key, never text from the caller
    "asc": "e.date ASC NULLS LAST, e.doc_id, e.event_start, e.id",
    "desc": "e.date DESC NULLS LAST, e.doc_id, e.event_start, e.id",
}


def _rows(cur: Any) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def _actors_for(cur: Any, id_sql: str, args: list[Any]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """event id -> {"actor": [...], "recipient": [...]} for the events selected by `id_sql`."""
    cur.execute(
        "SELECT event_id, role, position, code, sector, name, entity_text, office, kind, start_char, end_char "
        f"FROM event_actors WHERE event_id IN ({id_sql}) ORDER BY event_id, role, position", args)
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for r in _rows(cur):
        out.setdefault(r["event_id"], {"actor": [], "recipient": []}).setdefault(r["role"], []).append({
            "code": r["code"], "sector": r["sector"], "name": r["name"], "entity_text": r["entity_text"],
            "office": r["office"], "kind": r["kind"], "start": r["start_char"], "end": r["end_char"],
        })
    return out


def _cluster_sources(cur: Any, rows: list[dict[str, Any]]) -> None:
    """Set `cluster_sources` (articles reporting the event's cluster) on event rows, in one query for the page."""
    clusters = sorted({r["cluster_id"] for r in rows if r["cluster_id"] is not None})
    sources: dict[str, int] = {}
    if clusters:
        cur.execute("SELECT cluster_id, count(DISTINCT doc_id) FROM events WHERE list_contains(?::VARCHAR[], cluster_id) "
                    "GROUP BY cluster_id", [clusters])
        sources = dict(cur.fetchall())
    for r in rows:
        r["cluster_sources"] = sources.get(r["cluster_id"]) if r["cluster_id"] is not None else None


def _event_out(r: dict[str, Any], actors: dict[str, list[dict[str, Any]]] | None) -> dict[str, Any]:
    roles = actors or {"actor": [], "recipient": []}
    loc = None
    if r["loc_name"] is not None:
        start, end = loc_span(r)
        loc = {"name": r["loc_name"], "country": r["loc_country"], "lat": r["loc_lat"], "lon": r["loc_lon"],
               "geonameid": r["loc_geonameid"], "resolution": r["loc_resolution"], "start": start, "end": end}
    return {
        "id": r["id"], "doc_id": r["doc_id"], "date": r["date"], "date_raw": r["date_raw"],
        "date_precision": r["date_precision"], "event": r["event"], "mode": r["mode"],
        "context": list(r["context"] or []), "quad_code": r["quad_code"], "quad_class": r["quad_class"],
        "event_scale": r["event_scale"], "event_text": r["event_text"], "text": r["text"],
        "sentence": r["sentence"], "sent_start": r["sent_start"], "sent_end": r["sent_end"],
        "event_start": r["event_start"], "event_end": r["event_end"], "confidence": r["confidence"],
        "negated": bool(r["negated"]), "hypothetical": bool(r["hypothetical"]), "future": bool(r["future"]),
        "historical": bool(r["historical"]), "actor": roles.get("actor", []), "recipient": roles.get("recipient", []),
        "event_loc": loc, "markup": r["markup"], "cluster_id": r["cluster_id"],
        "cluster_sources": r.get("cluster_sources"),
        "document": {"title": r["title"], "url": r["url"], "source": r["source"], "pub_date": r["pub_date"]},
    }


def list_events(db: Database, f: EventFilters, limit: int | None = 50, offset: int = 0,
                order: Order = "desc") -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of events with their actors) — `limit=None` for all."""
    where, args = f.where("e")
    order_sql = _ORDER[order]
    page_sql = f" ORDER BY {order_sql}" + (" LIMIT ? OFFSET ?" if limit is not None else " OFFSET ?")
    page_args = [*args, limit, offset] if limit is not None else [*args, offset]
    with db.cursor() as cur:
        cur.execute(f"SELECT {_EVENT_COLS} FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id "
                    f"WHERE {where}{page_sql}", page_args)
        rows = _rows(cur)
        if (rows or offset == 0) and (limit is None or len(rows) < limit):
            total = offset + len(rows)  # the last page: no need to count
        else:
            total = cur.execute(f"SELECT count(*) FROM events e WHERE {where}", args).fetchone()[0]
        if not rows:
            return total, []
        actors = _actors_for(cur, "SELECT unnest(?::VARCHAR[])", [[r["id"] for r in rows]])
        _cluster_sources(cur, rows)
    return total, [_event_out(r, actors.get(r["id"])) for r in rows]


def get_event(db: Database, event_id: str) -> dict[str, Any] | None:
    """One event with its actors, place and the quotes linked to it; None when unknown."""
    with db.cursor() as cur:
        cur.execute(f"SELECT {_EVENT_COLS} FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id "
                    "WHERE e.id = ?", [event_id])
        rows = _rows(cur)
        if not rows:
            return None
        actors = _actors_for(cur, "SELECT ?", [event_id])
        _cluster_sources(cur, rows)
        cur.execute(f"SELECT {_QUOTE_COLS} FROM quotes WHERE event_id = ? ORDER BY start_char", [event_id])
        quotes = [_quote_out(q) for q in _rows(cur)]
    out = _event_out(rows[0], actors.get(event_id))
    out["quotes"] = quotes
    return out


# ---------------------------------------------------------------------------------------------
# Documents and spans

_QUOTE_COLS = ("id, doc_id, kind, text, start_char, end_char, verb, speaker_text, speaker_code, speaker_sector, "
               "speaker_name, event_id")
_TAG = re.compile(r"</?(?:actor|recipient|event|loc)>")


def _quote_out(q: dict[str, Any]) -> dict[str, Any]:
    speaker = None
    if q["speaker_text"] is not None or q["speaker_code"] is not None:
        speaker = {"entity_text": q["speaker_text"], "code": q["speaker_code"], "sector": q["speaker_sector"],
                   "name": q["speaker_name"]}
    return {"id": q["id"], "kind": q["kind"], "text": q["text"], "start": q["start_char"], "end": q["end_char"],
            "verb": q["verb"], "speaker": speaker, "event_id": q["event_id"]}


def loc_span(r: dict[str, Any]) -> tuple[int | None, int | None]:
    """Offsets of an event's place in the article: the store keeps them only inside `markup`.

    The markup is the sentence (from `sent_start`) with <actor>/<recipient>/<event>/<loc>
    tags inserted; removing the tags before <loc> gives its offset. The result is checked
    against the sentence text, and when the article itself contained such tags (so the
    reading is ambiguous) the place name is looked up in the sentence instead.
    """
    markup, text, start = r.get("markup") or "", r.get("text") or "", r.get("sent_start")
    if start is None:
        return None, None
    removed, s = 0, None
    for m in _TAG.finditer(markup):
        if m.group(0) == "<loc>":
            s = m.end() - removed - len(m.group(0))
        elif m.group(0) == "</loc>" and s is not None:
            e = m.start() - removed
            if 0 <= s < e <= len(text) and text[s:e] == markup[m.start() - (e - s):m.start()]:
                return start + s, start + e
            break
        removed += len(m.group(0))
    name = r.get("loc_name") or ""
    i = text.find(name) if name else -1
    return (start + i, start + i + len(name)) if i >= 0 else (None, None)


def spans(events: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Highlightable spans (start, end, kind, label, event/quote id) of events and quotes, by position.

    `events` items carry `id`, `event`, `event_start`/`event_end` (or `text_info`), `actor`,
    `recipient` and `event_loc` with offsets — the shape of both `Document.as_dict()` and
    the API's events — so the coder's result and a stored article highlight the same way.
    """
    out: list[dict[str, Any]] = []
    for ev in events:
        info = ev.get("text_info") or ev
        eid = ev.get("id")
        if info.get("event_start") is not None:
            out.append({"start": info["event_start"], "end": info["event_end"], "kind": "event",
                        "label": ev.get("event"), "event_id": eid, "quote_id": None})
        for role in ("actor", "recipient"):
            for a in ev.get(role) or []:
                if a.get("start") is not None and a.get("end") is not None:
                    label = "/".join(x for x in (a.get("code") or "?", a.get("sector")) if x)
                    out.append({"start": a["start"], "end": a["end"], "kind": role, "label": label,
                                "event_id": eid, "quote_id": None})
        loc = ev.get("event_loc")
        if loc and loc.get("start") is not None and loc.get("end") is not None:
            out.append({"start": loc["start"], "end": loc["end"], "kind": "place", "label": loc.get("name"),
                        "event_id": eid, "quote_id": None})
    for n, q in enumerate(quotes):
        sp = q.get("speaker") or {}
        who = sp.get("code") or sp.get("entity_text")
        out.append({"start": q["start"], "end": q["end"], "kind": "quote",
                    "label": f"{q.get('kind')} quote" + (f" ({who})" if who else ""),
                    "event_id": q.get("event_id"), "quote_id": q.get("id") or str(n)})
    out.sort(key=lambda s: (s["start"], -s["end"], s["kind"]))
    return out


def get_document(db: Database, doc_id: str) -> dict[str, Any] | None:
    """An article: its text, every event and quote, and the spans to highlight; None when unknown."""
    with db.cursor() as cur:
        cur.execute("SELECT doc_id, source, title, url, pub_date, pub_date_source, text, contexts, n_events, coded_at, "
                    "main_event, main_event_id FROM documents WHERE doc_id = ?", [doc_id])
        docs = _rows(cur)
        if not docs:
            return None
        cur.execute(f"SELECT {_EVENT_COLS} FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id "
                    "WHERE e.doc_id = ? ORDER BY e.event_start, e.id", [doc_id])
        rows = _rows(cur)
        actors = _actors_for(cur, "SELECT id FROM events WHERE doc_id = ?", [doc_id])
        _cluster_sources(cur, rows)
        cur.execute(f"SELECT {_QUOTE_COLS} FROM quotes WHERE doc_id = ? ORDER BY start_char", [doc_id])
        quotes = [_quote_out(q) for q in _rows(cur)]
    doc = docs[0]
    events = [_event_out(r, actors.get(r["id"])) for r in rows]
    doc["contexts"] = list(doc["contexts"] or [])
    doc.update(events=events, quotes=quotes, spans=spans(events, quotes))
    return doc


# ---------------------------------------------------------------------------------------------
# Dyads


def period_bounds(start: date, interval: str) -> tuple[date, date]:
    """First and last day of the period that starts at `start` (weeks start on Monday)."""
    if interval == "day":
        return start, start
    if interval == "week":
        return start, start + timedelta(days=6)
    last = calendar.monthrange(start.year, start.month)[1]
    return start, start.replace(day=last)


def _next_period(start: date, interval: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def quad_classes(db: Database) -> list[dict[str, Any]]:
    """The quad classes present in the database, by code (their names come from the ontology used)."""
    with db.cursor() as cur:
        cur.execute("SELECT quad_code AS code, any_value(quad_class) AS name, count(*) AS n FROM events "
                    "WHERE quad_code IS NOT NULL GROUP BY quad_code ORDER BY quad_code")
        return _rows(cur)


@dataclass
class _Bucket:
    n: int = 0
    score: float = 0.0
    scored: int = 0
    by_quad: dict[str, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)


def dyad_series(db: Database, a: str, b: str, interval: str = "week", f: EventFilters | None = None) -> dict[str, Any]:
    """Events from `a` to `b` and from `b` to `a` per day, week or month.

    Each point counts the events by quad class and by type and gives their mean
    conflict-cooperation score (`event_scale`, -10 hostile .. +10 cooperative). Empty
    periods between the first and last event are filled with zeros, on one time axis for
    both directions. Events without a resolved date are counted as `undated`.
    """
    if interval not in INTERVALS:
        raise InputError(f"interval must be one of {', '.join(INTERVALS)}, not {interval!r}")
    f = f or EventFilters()
    base = EventFilters(since=f.since, until=f.until, type=f.type, quad=f.quad, q=f.q,
                        include_flagged=f.include_flagged, cluster=f.cluster)
    quads = quad_classes(db)
    quad_names = [str(qc["name"]) for qc in quads]
    directions = [(a, b)] if a == b else [(a, b), (b, a)]
    buckets: dict[tuple[str, str], dict[date, _Bucket]] = {}
    undated: dict[tuple[str, str], int] = {}
    for src, dst in directions:
        where, args = EventFilters(actor=(src,), recipient=(dst,), since=base.since, until=base.until, type=base.type,
                                   quad=base.quad, q=base.q, include_flagged=base.include_flagged,
                                   cluster=base.cluster).where("e")
        with db.cursor() as cur:
            cur.execute(
                "SELECT CAST(date_trunc(?, e.date) AS DATE) AS period, e.event, e.quad_class, count(*) AS n, "
                "sum(e.event_scale) AS score, count(e.event_scale) AS scored "
                f"FROM events e WHERE e.date IS NOT NULL AND {where} GROUP BY ALL", [interval, *args])
            rows = _rows(cur)
            undated[(src, dst)] = cur.execute(
                f"SELECT count(*) FROM events e WHERE e.date IS NULL AND {where}", args).fetchone()[0]
        per: dict[date, _Bucket] = {}
        for r in rows:
            bk = per.setdefault(r["period"], _Bucket())
            bk.n += r["n"]
            bk.score += r["score"] or 0.0
            bk.scored += r["scored"]
            bk.by_quad[str(r["quad_class"])] = bk.by_quad.get(str(r["quad_class"]), 0) + r["n"]
            bk.by_type[str(r["event"])] = bk.by_type.get(str(r["event"]), 0) + r["n"]
        buckets[(src, dst)] = per
    periods = sorted({p for per in buckets.values() for p in per})
    axis: list[date] = []
    if periods:
        p = periods[0]
        while p <= periods[-1]:
            axis.append(p)
            if len(axis) > MAX_SERIES_POINTS:
                raise InputError(f"the series would have over {MAX_SERIES_POINTS} {interval}s; "
                                 "use a longer interval or a shorter date range")
            p = _next_period(p, interval)
    types = sorted({t for per in buckets.values() for bk in per.values() for t in bk.by_type})
    series = []
    for src, dst in directions:
        per = buckets[(src, dst)]
        points = []
        for p in axis:
            bk = per.get(p, _Bucket())
            start, end = period_bounds(p, interval)
            points.append({
                "period": p, "start": start, "end": end, "n": bk.n,
                "mean_score": round(bk.score / bk.scored, 4) if bk.scored else None,
                "by_quad": {name: bk.by_quad.get(name, 0) for name in quad_names} | {
                    k: v for k, v in bk.by_quad.items() if k not in quad_names},
                "by_type": dict(sorted(bk.by_type.items())),
            })
        series.append({"actor": src, "recipient": dst, "total": sum(bk.n for bk in per.values()),
                       "undated": undated[(src, dst)], "points": points})
    return {"a": a, "b": b, "interval": interval, "quad_classes": quad_names, "types": types, "series": series}


# ---------------------------------------------------------------------------------------------
# Actors and network


def top_actors(db: Database, f: EventFilters | None = None, role: str = "any", q: str | None = None,
               limit: int = 50) -> list[dict[str, Any]]:
    """Coded actors by number of events (as actor, as recipient, either), most frequent first."""
    f = f or EventFilters()
    where, args = f.where("e")
    role_sql = {"any": "TRUE", "actor": "a.role = 'actor'", "recipient": "a.role = 'recipient'"}[role]
    cond, qargs = "TRUE", []
    if q and q.strip():
        cond = "strpos(lower(a.code || ' ' || coalesce(a.name, '')), ?) > 0"
        qargs = [q.strip().lower()]
    with db.cursor() as cur:
        cur.execute(
            "SELECT a.code, mode(a.name) AS name, mode(a.kind) AS kind, count(DISTINCT a.event_id) AS n, "
            "count(DISTINCT a.event_id) FILTER (WHERE a.role = 'actor') AS as_actor, "
            "count(DISTINCT a.event_id) FILTER (WHERE a.role = 'recipient') AS as_recipient, "
            "avg(e.event_scale) AS mean_score "
            f"FROM event_actors a JOIN events e ON e.id = a.event_id "
            f"WHERE a.code IS NOT NULL AND {role_sql} AND {cond} AND {where} "
            "GROUP BY a.code HAVING count(DISTINCT a.event_id) > 0 ORDER BY n DESC, a.code LIMIT ?",
            [*qargs, *args, limit])
        rows = _rows(cur)
    for r in rows:
        r["mean_score"] = round(r["mean_score"], 4) if r["mean_score"] is not None else None
    return rows


def network(db: Database, f: EventFilters | None = None, min_count: int = 1, limit: int = 300,
            self_loops: bool = False) -> dict[str, Any]:
    """Directed actor-to-actor edges (actor code -> recipient code) with event counts and mean score.

    An event with two actors and one recipient makes two edges; an event counts once per
    edge however many mentions of the same code it has. Nodes are the edges' endpoints.
    """
    f = f or EventFilters()
    where, args = f.where("e")
    loops = "TRUE" if self_loops else "a.code <> r.code"
    with db.cursor() as cur:
        cur.execute(
            "WITH pairs AS (SELECT DISTINCT e.id, a.code AS source, r.code AS target, e.event_scale, e.quad_class "
            "FROM events e JOIN event_actors a ON a.event_id = e.id AND a.role = 'actor' "
            "JOIN event_actors r ON r.event_id = e.id AND r.role = 'recipient' "
            f"WHERE a.code IS NOT NULL AND r.code IS NOT NULL AND {loops} AND {where}) "
            "SELECT source, target, count(*) AS n, avg(event_scale) AS mean_score, "
            "histogram(quad_class) AS by_quad FROM pairs GROUP BY source, target HAVING count(*) >= ? "
            "ORDER BY n DESC, source, target LIMIT ?", [*args, min_count, limit])
        edges = _rows(cur)
        codes = sorted({x for e in edges for x in (e["source"], e["target"])})
        names: dict[str, tuple[str | None, str | None]] = {}
        if codes:
            cur.execute("SELECT code, mode(name) AS name, mode(kind) AS kind FROM event_actors "
                        "WHERE list_contains(?::VARCHAR[], code) GROUP BY code", [codes])
            names = {r["code"]: (r["name"], r["kind"]) for r in _rows(cur)}
    out_n: dict[str, int] = {}
    in_n: dict[str, int] = {}
    for e in edges:
        e["mean_score"] = round(e["mean_score"], 4) if e["mean_score"] is not None else None
        e["by_quad"] = {str(k): int(v) for k, v in (e["by_quad"] or {}).items()}
        out_n[e["source"]] = out_n.get(e["source"], 0) + e["n"]
        in_n[e["target"]] = in_n.get(e["target"], 0) + e["n"]
    nodes = [{"code": c, "name": names.get(c, (None, None))[0], "kind": names.get(c, (None, None))[1],
              "out": out_n.get(c, 0), "in": in_n.get(c, 0), "n": out_n.get(c, 0) + in_n.get(c, 0)} for c in codes]
    nodes.sort(key=lambda n: (-n["n"], n["code"]))
    return {"nodes": nodes, "edges": edges}


def summary(db: Database) -> dict[str, Any]:
    """Counts, date range, event types and quad classes present: what the explorer's filters offer."""
    with db.cursor() as cur:
        counts = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed table names
                  for t in ("documents", "events", "event_actors", "quotes")}
        first, last = cur.execute("SELECT min(date), max(date) FROM events").fetchone()
        cur.execute("SELECT event AS name, any_value(quad_code) AS quad_code, any_value(quad_class) AS quad_class, "
                    "count(*) AS n FROM events GROUP BY event ORDER BY event")
        types = _rows(cur)
    return {"counts": counts, "first_date": first, "last_date": last, "types": types, "quad_classes": quad_classes(db)}
