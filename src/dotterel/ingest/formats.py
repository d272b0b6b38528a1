"""Record readers for corpus files: JSON Lines, CSV and Parquet, optionally gzip-compressed.

Each reader yields (line_or_row_number, record dict) and reports unreadable parts to
`bad` as (source, stage, reason) without stopping: a truncated gzip keeps the records
read before the break; a malformed line is recorded and skipped.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

Bad = list[tuple[str, str, str]]
CORPUS_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")


def corpus_kind(path: Path) -> str | None:
    """'jsonl', 'csv' or 'parquet' for corpus files (also .gz), else None."""
    name = path.name.lower().removesuffix(".gz")
    for suffix in CORPUS_SUFFIXES:
        if name.endswith(suffix):
            return {".ndjson": "jsonl"}.get(suffix, suffix[1:])
    return None


def _open_text(path: Path) -> IO[str]:
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace", newline="")
    return open(path, encoding="utf-8", errors="replace", newline="")


def _guard(source: str, bad: Bad, lines: Iterator[Any]) -> Iterator[Any]:
    """Stop cleanly (and record why) when a compressed stream ends early or is corrupt."""
    try:
        yield from lines
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        bad.append((source, "read", f"file ends early or is corrupt: {exc}"))


def read_jsonl(path: Path, bad: Bad) -> Iterator[tuple[int, dict[str, Any]]]:
    with _open_text(path) as fh:
        for n, line in _guard(str(path), bad, enumerate(fh, 1)):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                bad.append((f"{path}:{n}", "read", f"invalid JSON line: {exc}"))
                continue
            yield n, rec


def read_csv(path: Path, bad: Bad) -> Iterator[tuple[int, dict[str, Any]]]:
    with _open_text(path) as fh:
        reader = csv.DictReader(fh, strict=True)
        rows = iter(reader)
        while True:
            try:
                rec = next(_guard(str(path), bad, rows), None)
            except csv.Error as exc:
                bad.append((f"{path}:{reader.line_num}", "read", f"malformed CSV: {exc}"))
                continue
            if rec is None:
                return
            if None in rec or None in rec.values():  # field count differs from the header: broken quoting
                bad.append((f"{path}:{reader.line_num}", "read", "malformed CSV row: field count differs from the header"))
                continue
            yield reader.line_num, rec


def read_parquet(path: Path, bad: Bad) -> Iterator[tuple[int, dict[str, Any]]]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        n = 0
        for batch in pf.iter_batches(batch_size=256):
            for rec in batch.to_pylist():
                n += 1
                yield n, rec
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for a corrupt file
        bad.append((str(path), "read", f"unreadable Parquet: {type(exc).__name__}: {exc}"))


READERS = {"jsonl": read_jsonl, "csv": read_csv, "parquet": read_parquet}
