"""Read documents from files, folders, globs, JSON Lines / CSV corpora and stdin.

Yields (key, text, pub_date, meta) items lazily, so a corpus of any size streams; a source
that cannot be read is appended to `bad` as (source, stage, reason) and the rest goes on.
"""
from __future__ import annotations

import csv
import glob
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .clean import decode

Item = tuple[Any, str, Any, "dict[str, Any] | None"]
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


@dataclass(frozen=True)
class Columns:
    text: str = "text"
    date: str = "date"
    id: str = "id"


def _expand(source: str) -> list[Path]:
    if source == "-":
        return [Path("-")]
    p = Path(source)
    if p.is_dir():
        return sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in TEXT_SUFFIXES | {".jsonl", ".csv"})
    if p.exists():
        return [p]
    matches = sorted(Path(m) for m in glob.glob(source, recursive=True))
    if not matches:
        raise InputError(f"{source}: no such file, folder or matching glob")
    return [m for m in matches if m.is_file()]


def _records(path: Path, cols: Columns, bad: list[tuple[str, str, str]]) -> Iterator[dict[str, Any]]:
    if path.suffix.lower() == ".jsonl":
        with open(path, encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    if not isinstance(rec, dict):
                        raise ValueError("not a JSON object")
                except ValueError as exc:
                    bad.append((f"{path}:{n}", "read", f"invalid JSON line: {exc}"))
                    continue
                rec.setdefault("_line", n)
                yield rec
    else:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            for n, rec in enumerate(csv.DictReader(fh), 2):
                rec["_line"] = n
                yield rec


def read_sources(sources: tuple[str, ...] | list[str], cols: Columns = Columns(), pub_date: str | None = None,
                 dates: dict[str, str] | None = None) -> tuple[Iterator[Item], list[tuple[str, str, str]]]:
    """(lazy items, list that collects unreadable sources as they are met)."""
    bad: list[tuple[str, str, str]] = []
    dates = dates or {}

    def items() -> Iterator[Item]:
        for source in sources:
            try:
                paths = _expand(source)
            except InputError as exc:
                bad.append((source, "read", str(exc)))
                continue
            for path in paths:
                if str(path) == "-":
                    try:
                        yield "stdin", decode(sys.stdin.buffer.read(), "stdin"), pub_date, None
                    except InputError as exc:
                        bad.append(("stdin", "read", str(exc)))
                    continue
                if path.suffix.lower() in (".jsonl", ".csv"):
                    for rec in _records(path, cols, bad):
                        key = f"{path}:{rec.get(cols.id) or rec['_line']}"
                        text = rec.get(cols.text)
                        if not isinstance(text, str) or not text.strip():
                            bad.append((key, "read", f"no text in column {cols.text!r}"))
                            continue
                        meta = {k: v for k, v in rec.items() if k not in (cols.text, "_line") and isinstance(v, (str, int, float))}
                        yield key, text, pub_date or rec.get(cols.date) or None, meta
                    continue
                try:
                    text = decode(path.read_bytes(), str(path))
                except (OSError, InputError) as exc:
                    bad.append((str(path), "read", str(exc)))
                    continue
                yield str(path), text, pub_date or dates.get(path.name), {"source_file": path.name}

    return items(), bad
