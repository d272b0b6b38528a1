"""DuckDB store: migrations, idempotent writes, clusters across sources, exports, resume after SIGKILL."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from dotterel.ingest.run import ingest
from dotterel.pipeline import Options
from dotterel.store.duck import MIGRATIONS, Store
from dotterel.store.export import export

A = "Kenyan police arrested 40 opposition activists in Nairobi on Tuesday, the interior ministry said."
B = "On Tuesday, Kenyan police detained 40 opposition activists in the capital Nairobi, witnesses said."
C = "Brazil and Argentina signed a trade agreement in Brasilia on Monday."


def items(*texts: str, date: str = "2025-03-05"):
    return [(f"doc{n}", t, date, {"url": f"http://news.example/{n}"}) for n, t in enumerate(texts)]


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "t.duckdb")
    yield s
    s.close()


def test_migrations_are_named_and_recorded_once(tmp_path: Path):
    path = tmp_path / "m.duckdb"
    Store(path).close()
    s = Store(path)
    names = [r[0] for r in s.con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]
    assert names == sorted(n for n, _ in MIGRATIONS)
    s.close()


def test_ingest_twice_adds_nothing(store: Store):
    first = ingest(items(A, C), store, Options())
    before = store.counts()
    second = ingest(items(A, C), store, Options())
    assert first.documents == 2 and second.documents == 0 and second.duplicates == 2
    assert store.counts() == before and before["events"] >= 2


def test_same_event_from_two_sources_is_one_cluster(store: Store):
    ingest(items(A, B, C), store, Options())
    rows = store.con.execute("""
        SELECT cluster_id, n_sources FROM events_flat WHERE event_type = 'COERCE' AND cluster_id IS NOT NULL""").fetchall()
    assert len(rows) == 2 and rows[0][0] == rows[1][0] and rows[0][1] == 2
    assert store.con.execute("SELECT count(*) FROM events WHERE event = 'COERCE'").fetchone()[0] == 2  # none dropped


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_formats(store: Store, tmp_path: Path, fmt: str):
    ingest(items(A, C), store, Options())
    out = tmp_path / f"out.{fmt}"
    n = export(store, out, fmt)
    total = store.counts()["events"]
    assert n == total
    if fmt == "jsonl":
        recs = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(recs) == total and all("actor" in r and "event" in r for r in recs)
    else:
        got = duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchone()[0]
        assert got == total


def test_gdelt_columns(store: Store, tmp_path: Path):
    ingest(items(A), store, Options())
    out = tmp_path / "g.csv"
    export(store, out, "csv", gdelt=True)
    row = duckdb.connect().execute(f"SELECT * FROM '{out}' WHERE EventRootCode = '17'").fetchone()
    assert row is not None


def _counts(path: Path) -> tuple:
    con = duckdb.connect(str(path), read_only=True)
    out = tuple(con.execute(q).fetchall() for q in (
        "SELECT doc_id FROM documents ORDER BY 1", "SELECT id, event FROM events ORDER BY 1",
        "SELECT id FROM quotes ORDER BY 1", "SELECT event_id, role, position, code FROM event_actors ORDER BY 1, 2, 3"))
    con.close()
    return out


def _kill_and_resume(tmp_path: Path, corpus: Path, trials: int, seed: int) -> None:
    ref = tmp_path / "ref.duckdb"
    cmd = [sys.executable, "-m", "dotterel", "ingest", str(corpus), "--date", "2025-03-05"]
    subprocess.run([*cmd, "--db", str(ref)], check=True, capture_output=True, timeout=600)
    expected = _counts(ref)
    rng = random.Random(seed)
    for t in range(trials):
        db = tmp_path / f"k{t}.duckdb"
        proc = subprocess.Popen([*cmd, "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 6.0))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        Store(db).close()  # a database left by a crash opens cleanly
        done = subprocess.run([*cmd, "--db", str(db)], capture_output=True, timeout=600)
        assert done.returncode == 0, done.stderr
        assert _counts(db) == expected


def _corpus(tmp_path: Path, n: int, repeat: int = 1) -> Path:
    corpus = tmp_path / "corpus.jsonl"
    topics = [A, B, C, "Ethiopian troops shelled villages near the border, residents said.",
              "The European Union imposed sanctions on three Belarusian officials on Friday."]
    with open(corpus, "w") as fh:
        for i in range(n):
            body = " ".join(topics[(i + k) % len(topics)] for k in range(repeat))
            fh.write(json.dumps({"id": i, "text": f"{body} Report number {i} of the series."}) + "\n")
    return corpus


def test_sigkill_then_resume_equals_uninterrupted(tmp_path: Path):
    _kill_and_resume(tmp_path, _corpus(tmp_path, 120), trials=2, seed=1)


@pytest.mark.slow
def test_sigkill_twenty_trials(tmp_path: Path):
    _kill_and_resume(tmp_path, _corpus(tmp_path, 300), trials=20, seed=7)


def _workers_of(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    kids = []
    for child in map(int, out):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmd:
            kids.append(child)
    return kids


def test_worker_killed_mid_run_is_retried_and_the_run_completes(tmp_path: Path):
    corpus = _corpus(tmp_path, 300, repeat=12)
    db = tmp_path / "w.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "dotterel", "ingest", str(corpus), "--date", "2025-03-05",
                             "--workers", "2", "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    killed = False
    while time.time() < deadline and len(_workers_of(proc.pid)) < 2:
        time.sleep(0.2)
    time.sleep(3)  # let the workers load the model and start coding
    while time.time() < deadline and not killed and proc.poll() is None:
        for worker in _workers_of(proc.pid):
            try:
                os.kill(worker, signal.SIGKILL)
                killed = True
                break
            except ProcessLookupError:
                continue
        time.sleep(0.2)
    assert killed, "no worker process was killed while the run was going on"
    _out, err = proc.communicate(timeout=600)
    con = duckdb.connect(str(db), read_only=True)
    docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    failed = con.execute("SELECT count(*) FROM failures").fetchone()[0]
    con.close()
    assert docs + failed == 300 and docs >= 299, err.decode()[-1000:]


def test_each_document_keeps_its_main_event(store: Store):
    ingest(items(A, C), store, Options())
    rows = dict(store.con.execute("SELECT text, main_event FROM documents").fetchall())
    assert rows[A] == "COERCE" and rows[C] == "SUPPORT"
    ids = store.con.execute("""SELECT count(*) FROM documents d JOIN events e ON e.id = d.main_event_id
                               AND e.doc_id = d.doc_id AND e.event = d.main_event""").fetchone()[0]
    assert ids == 2  # the representative event is stored with the document


def test_a_database_from_before_main_events_is_migrated(tmp_path: Path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    for name, sql in MIGRATIONS[:2]:
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, now())", [name])
    con.close()
    s = Store(path)
    ingest(items(A), s, Options())
    assert s.con.execute("SELECT main_event FROM documents").fetchone()[0] == "COERCE"
    s.close()
