"""The CLI as a user runs it: a real subprocess, real files, a real DuckDB database."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

BIN = [sys.executable, "-m", "dotterel"]
ARTICLE = (
    "NAIROBI, March 3 - Kenya's foreign ministry on Monday condemned Ethiopia for an air strike near the border "
    "that killed six herders, and summoned the Ethiopian ambassador to Nairobi.\n"
    "Ethiopian troops shelled villages in the region overnight, residents said.\n"
)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*BIN, *args], input=stdin, capture_output=True, cwd=ROOT, timeout=300)


def test_code_json_lines(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE)
    r = run("code", str(f), "--date", "2025-03-03", "--json")
    assert r.returncode == 0, r.stderr
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert recs and all(rec["date"] for rec in recs)
    assert any(rec["event"] == "ACCUSE" and rec["actor"] and rec["actor"][0]["code"] == "KEN" for rec in recs)


def test_code_reads_stdin_and_prints_table() -> None:
    r = run("code", "-", "--date", "2025-03-03", stdin=ARTICLE.encode())
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "event" in out.splitlines()[0] and "ACCUSE" in out
    assert out.splitlines()[-1].startswith("main event: ")  # what the article is about, and what decided it


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"),
    (b"   \n\t  ", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"caf\xe9 au lait \xff", "invalid UTF-8"),
    ("Россия и Северная Корея подписали договор о стратегическом партнёрстве в Пхеньяне".encode(), "not English"),
])
def test_bad_input_gives_one_clear_line_and_writes_nothing(tmp_path: Path, content: bytes, needle: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    db = tmp_path / "out.duckdb"
    r = run("code", str(f))
    assert r.returncode == 2
    err = r.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and needle in err and err.startswith("error:")
    r = run("ingest", str(f), "--db", str(db))
    assert r.returncode == 1
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from documents").fetchone()[0] == 0
    assert con.execute("select count(*) from failures").fetchone()[0] == 1


def test_missing_file() -> None:
    r = run("code", "/nonexistent/article.txt")
    assert r.returncode == 2 and "no such file" in r.stderr.decode()


def test_ingest_is_idempotent_and_queryable(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE)
    db = tmp_path / "ev.duckdb"
    first = run("ingest", str(f), "--db", str(db), "--date", "2025-03-03")
    assert first.returncode == 0, first.stderr
    second = run("ingest", str(f), "--db", str(db), "--date", "2025-03-03")
    assert b"documents 0" in second.stderr and b"duplicates 1" in second.stderr
    rows = [json.loads(x) for x in run("events", "--db", str(db), "--actor", "KEN", "--json").stdout.splitlines()]
    assert rows and all("KEN" in r["actor_country"] for r in rows)
    none = run("events", "--db", str(db), "--actor", "KEN' OR 1=1 --", "--json")
    assert none.returncode == 0 and none.stdout.strip() == b""


def test_eval_reads_in_context_only_as_asked(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"text": "The navy escorted the tanker out of the disputed waters.", "event": "MOBILIZE"}) + "\n")
    never = run("eval", str(gold), "--json", "--context-gate", "0")
    always = run("eval", str(gold), "--json", "--context-gate", "1")
    assert never.returncode == 0 and always.returncode == 0, (never.stderr, always.stderr)
    assert json.loads(never.stdout)["records"] == json.loads(always.stdout)["records"] == 1
    refused = run("eval", str(gold), "--context-gate", "1.5")
    assert refused.returncode == 2 and b"context-gate" in refused.stderr
