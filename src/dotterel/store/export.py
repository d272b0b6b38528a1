"""Export a database: PLOVER JSON Lines, or flat POLECAT-like rows as CSV/Parquet, optionally with
GDELT/CAMEO-style columns (CAMEO root codes are the nearest root of each PLOVER type, an approximation)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from .duck import Store

FORMATS = ("jsonl", "csv", "parquet")
# nearest CAMEO root code per PLOVER type (PLOVER's documentation maps CAMEO codes onto its types)
CAMEO_ROOT = {
    "REQUEST": "02", "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07",
    "CONCEDE": "08", "RETREAT": "08", "ACCUSE": "11", "REJECT": "12", "THREATEN": "13", "PROTEST": "14",
    "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17", "ASSAULT": "18",
}
GDELT_SELECT = """
SELECT f.event_id AS GLOBALEVENTID, strftime(f.story_date, '%Y%m%d') AS SQLDATE,
    split_part(f.actor_country, ';', 1) AS Actor1CountryCode, split_part(f.actor_sector, ';', 1) AS Actor1Type1Code,
    split_part(f.actor_text, ';', 1) AS Actor1Name,
    split_part(f.recipient_country, ';', 1) AS Actor2CountryCode, split_part(f.recipient_sector, ';', 1) AS Actor2Type1Code,
    split_part(f.recipient_text, ';', 1) AS Actor2Name,
    m.cameo AS EventRootCode, f.quad_code AS QuadClass, f.intensity AS GoldsteinScale,
    coalesce(f.n_sources, 1) AS NumSources, f.placename AS ActionGeo_FullName, f.place_country AS ActionGeo_CountryCode,
    f.latitude AS ActionGeo_Lat, f.longitude AS ActionGeo_Long, d.url AS SOURCEURL
FROM events_flat f JOIN documents d ON d.doc_id = f.doc_id
LEFT JOIN (SELECT unnest(?) AS event_type, unnest(?) AS cameo) m ON m.event_type = f.event_type
"""


def _actors(store: Store, event_id: str, role: str) -> list[dict[str, Any]]:
    cur = store.con.execute(
        "SELECT code, sector, name, entity_text, office, kind, start_char, end_char FROM event_actors "
        "WHERE event_id = ? AND role = ? ORDER BY position", [event_id, role])
    cols = ["code", "sector", "name", "entity_text", "office", "kind", "start", "end"]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def export(store: Store, out: str | Path, fmt: str, gdelt: bool = False) -> int:
    """Write every event to `out`; returns the number of rows written."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    out = Path(out)
    if fmt == "jsonl":
        if gdelt:
            raise InputError("--gdelt applies to csv and parquet exports")
        cur = store.con.execute("""
            SELECT e.*, c.n_sources, d.url, d.pub_date FROM events e JOIN documents d ON d.doc_id = e.doc_id
            LEFT JOIN clusters c ON c.cluster_id = e.cluster_id ORDER BY e.date, e.id""")
        cols = [d[0] for d in cur.description]
        n = 0
        with open(out, "w", encoding="utf-8") as fh:
            while batch := cur.fetchmany(1000):
                for row in batch:
                    rec = dict(zip(cols, row))
                    rec["actor"] = _actors(store, rec["id"], "actor")
                    rec["recipient"] = _actors(store, rec["id"], "recipient")
                    rec["decided_by"] = json.loads(rec["decided_by"] or "{}")
                    fh.write(json.dumps(rec, default=str, ensure_ascii=False) + "\n")
                    n += 1
        return n
    query = GDELT_SELECT if gdelt else "SELECT * FROM events_flat"
    params = [list(CAMEO_ROOT), list(CAMEO_ROOT.values())] if gdelt else []
    target = str(out).replace("'", "''")
    store.con.execute(f"COPY ({query}) TO '{target}' (FORMAT {fmt.upper()})", params)  # format from a fixed list
    return store.con.execute(f"SELECT count(*) FROM ({query})", params).fetchone()[0]
