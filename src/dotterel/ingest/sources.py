"""Read documents from files, folders, globs, corpora (JSON Lines, CSV, Parquet; gzip too),
HTML pages, URLs, RSS/Atom feeds and stdin.

Yields (key, text, pub_date, meta) items lazily, so a corpus of any size streams; a source
that cannot be read is appended to `bad` as (source, stage, reason) and the rest goes on.
"""
from __future__ import annotations

import glob
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .clean import decode
from .formats import READERS, corpus_kind
from .web import Fetcher, extract_html, feed_links, is_feed

Item = tuple[Any, str, Any, "dict[str, Any] | None"]
Bad = list[tuple[str, str, str]]
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True)
class Columns:
    text: str = "text"
    date: str = "date"
    id: str = "id"
    url: str = "url"


def _expand(source: str) -> list[Path]:
    p = Path(source)
    if p.is_dir():
        return sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")
                      and (x.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES or corpus_kind(x)))
    if p.exists():
        return [p]
    matches = sorted(Path(m) for m in glob.glob(source, recursive=True))
    if not matches:
        raise InputError(f"{source}: no such file, folder or matching glob")
    return [m for m in matches if m.is_file()]


def _corpus(path: Path, cols: Columns, pub_date: str | None, bad: Bad) -> Iterator[Item]:
    for n, rec in READERS[corpus_kind(path) or "jsonl"](path, bad):
        key = f"{path}:{rec.get(cols.id) or n}"
        text = rec.get(cols.text)
        if not isinstance(text, str) or not text.strip():
            bad.append((key, "read", f"no text in column {cols.text!r}"))
            continue
        meta = {k: v for k, v in rec.items() if k != cols.text and isinstance(v, (str, int, float))}
        if rec.get(cols.url):
            meta["url"] = rec[cols.url]
        date = pub_date or rec.get(cols.date)
        yield key, text, (str(date) if date is not None else None), meta


def _url(url: str, fetcher: Fetcher, pub_date: str | None, bad: Bad, depth: int = 0) -> Iterator[Item]:
    try:
        final, body, ctype = fetcher.fetch(url)
        if depth == 0 and is_feed(ctype, body):
            for link in feed_links(body):
                yield from _url(link, fetcher, pub_date, bad, depth + 1)
            return
        text, meta = extract_html(decode(body, url), final, url)
    except InputError as exc:
        bad.append((url, "fetch", str(exc)))
        return
    yield final, text, pub_date or meta.get("date"), meta


def _file(path: Path, pub_date: str | None, dates: dict[str, str], bad: Bad) -> Iterator[Item]:
    try:
        text = decode(path.read_bytes(), str(path))
        meta: dict[str, Any] = {"source_file": path.name}
        if path.suffix.lower() in HTML_SUFFIXES:
            text, extracted = extract_html(text, None, str(path))
            meta.update(extracted)
    except (OSError, InputError) as exc:
        bad.append((str(path), "read", str(exc)))
        return
    yield str(path), text, pub_date or dates.get(path.name) or meta.get("date"), meta


def read_sources(sources: tuple[str, ...] | list[str], cols: Columns = Columns(), pub_date: str | None = None,
                 dates: dict[str, str] | None = None,
                 fetcher: Fetcher | None = None) -> tuple[Iterator[Item], Bad]:
    """(lazy items, list that collects unreadable sources as they are met)."""
    bad: Bad = []
    dates = dates or {}
    fetcher = fetcher or Fetcher()

    def items() -> Iterator[Item]:
        for source in sources:
            if source.startswith(("http://", "https://")):
                yield from _url(source, fetcher, pub_date, bad)
                continue
            if source == "-":
                try:
                    yield "stdin", decode(sys.stdin.buffer.read(), "stdin"), pub_date, None
                except InputError as exc:
                    bad.append(("stdin", "read", str(exc)))
                continue
            try:
                paths = _expand(source)
            except InputError as exc:
                bad.append((source, "read", str(exc)))
                continue
            for path in paths:
                if corpus_kind(path):
                    yield from _corpus(path, cols, pub_date, bad)
                else:
                    yield from _file(path, pub_date, dates, bad)

    return items(), bad
