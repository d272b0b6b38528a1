"""Full disk and read-only output: a clear one-line error, and a database that still opens consistent."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest


@pytest.fixture()
def small_fs(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _corpus(path: Path, n: int) -> Path:
    text = ("Kenyan police arrested 40 opposition activists in Nairobi on Tuesday, the interior ministry said. "
            "The European Union imposed sanctions on three Belarusian officials on Friday. ") * 6
    path.write_text("".join(json.dumps({"id": i, "text": f"{text} Report {i}."}) + "\n" for i in range(n)))
    return path


def _ingest(corpus: Path, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dotterel", "ingest", str(corpus), "--db", str(db), "--date", "2025-03-05"],
                          capture_output=True, text=True, timeout=600)


def _consistent(db: Path) -> tuple[int, int]:
    con = duckdb.connect(str(db), read_only=True)
    orphans = con.execute("SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM documents)").fetchone()[0]
    orphans += con.execute("SELECT count(*) FROM event_actors WHERE event_id NOT IN (SELECT id FROM events)").fetchone()[0]
    counted = con.execute("SELECT count(*) FROM documents d WHERE n_events <> "
                          "(SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id)").fetchone()[0]
    docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    return docs, orphans + counted


def test_disk_full_is_a_clear_error_and_nothing_is_corrupted(small_fs: Path, tmp_path: Path):
    corpus = _corpus(tmp_path / "c.jsonl", 1500)
    r = _ingest(corpus, small_fs / "full.duckdb")
    assert r.returncode == 2, r.stderr[-1500:]
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("error:") and "space" in last.lower()
    copy = tmp_path / "copy.duckdb"
    shutil.copy(small_fs / "full.duckdb", copy)
    if (small_fs / "full.duckdb.wal").exists():
        shutil.copy(small_fs / "full.duckdb.wal", tmp_path / "copy.duckdb.wal")
    docs, problems = _consistent(copy)
    assert docs > 0 and problems == 0


def test_read_only_output_is_a_clear_error(small_fs: Path, tmp_path: Path):
    if subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], capture_output=True).returncode:
        pytest.skip("cannot remount read-only here")
    r = _ingest(_corpus(tmp_path / "c.jsonl", 3), small_fs / "out.duckdb")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "read-only" in lines[0].lower()
