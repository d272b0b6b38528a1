"""`--engine dask` on a real local Dask cluster gives exactly the rows of the local engine."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.helpers import ROOT

pytest.importorskip("dask.distributed")


def _rows(db: Path) -> tuple:
    con = duckdb.connect(str(db), read_only=True)
    out = tuple(con.execute(q).fetchall() for q in (
        "SELECT doc_id, pub_date, n_events FROM documents ORDER BY 1",
        "SELECT id, event, mode, date, cluster_id FROM events ORDER BY 1",
        "SELECT event_id, role, position, code, sector, entity_text FROM event_actors ORDER BY 1, 2, 3",
        "SELECT id, speaker_code, text FROM quotes ORDER BY 1"))
    con.close()
    return out


def test_dask_engine_matches_local(tmp_path: Path):
    args = [sys.executable, "-m", "dotterel", "ingest", str(ROOT / "examples"), "--dates", str(ROOT / "examples" / "dates.json")]
    local, dask = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    subprocess.run([*args, "--db", str(local)], check=True, capture_output=True, timeout=300)
    r = subprocess.run([*args, "--db", str(dask), "--engine", "dask", "--workers", "2"], capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert _rows(dask) == _rows(local) and _rows(local)[1]
    again = subprocess.run([*args, "--db", str(dask), "--engine", "dask", "--workers", "2"], capture_output=True, timeout=300)
    assert b"documents 0" in again.stderr and _rows(dask) == _rows(local)
    assert not Path(f"{dask}.staging").exists()
