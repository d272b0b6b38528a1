"""`--engine dask` on a real local Dask cluster gives exactly the rows of the local engine."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

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


class FailingTasksClient:
    """An in-process stand-in for a Dask client whose tasks fail whenever their chunk holds a poison
    document, as Dask reports a task that killed worker after worker (KilledWorker)."""

    def __init__(self, poison: set[str]) -> None:
        self.poison = poison
        self.tasks = 0

    def _task(self, chunk, **kwargs):
        from concurrent.futures import Future

        from distributed import KilledWorker

        from dotterel.ingest.distributed import code_chunk_to_parquet

        self.tasks += 1
        future: Future = Future()
        if any(key in self.poison for key, *_ in chunk):
            last_worker = SimpleNamespace(address="tcp://127.0.0.1:40001")
            future.set_exception(KilledWorker("code_chunk_to_parquet", last_worker, 3))
        else:
            future.set_result(code_chunk_to_parquet(chunk, **kwargs))
        return future

    def map(self, fn, chunks, pure=False, **kwargs):
        return [self._task(chunk, **kwargs) for chunk in chunks]

    def submit(self, fn, chunk, pure=False, **kwargs):
        return self._task(chunk, **kwargs)


def test_a_document_whose_task_keeps_failing_is_recorded_and_the_rest_are_coded(tmp_path: Path):
    from dotterel.ingest.distributed import code_on
    from dotterel.ingest.run import Stats, chunked
    from dotterel.pipeline import Options
    from dotterel.store.duck import Store

    texts = [f"Police in Quito detained {n + 3} students outside the ministry on Monday." for n in range(20)]
    items = [(f"d{n}", text, "2025-03-05", None) for n, text in enumerate(texts)]
    store, stats = Store(tmp_path / "d.duckdb"), Stats()
    client = FailingTasksClient(poison={"d9"})
    code_on(client, chunked(items), store, Options(), str(tmp_path), stats, workers=2)
    docs = store.con.execute("SELECT count(*) FROM documents").fetchone()[0]
    failures = store.con.execute("SELECT source, stage, error FROM failures").fetchall()
    store.close()
    assert docs == 19 and stats.documents == 19
    assert [(s, stage) for s, stage, _ in failures] == [("d9", "worker")] and "KilledWorker" in failures[0][2]
    assert client.tasks == 3 + 8  # three chunks, then the failed chunk's eight documents one by one
