"""`make bench` / `python -m dotterel.bench CORPUS.jsonl`: full dotterel ingest against spaCy alone.

Both runs use the same worker processes and chunks, after the same start-up (timed
apart), so the ratio measures what dotterel adds to the parse it cannot avoid. Also
reports peak resident memory of the largest worker.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from .ingest import run as ingest_run
from .ingest.sources import Columns, read_sources
from .pipeline import Options

_NLP: Any = None


def _init_spacy() -> None:
    global _NLP
    from .nlp.parse import load_nlp

    _NLP = load_nlp()


def _parse_chunk(chunk: list[tuple[Any, str, Any, Any]]) -> int:
    for _ in _NLP.pipe((text for _, text, _, _ in chunk), batch_size=16):
        pass
    return len(chunk)


def _timed_pool(workers: int, init: Any, initargs: tuple, fn: Any, chunks: list) -> tuple[float, float, list]:
    ctx = mp.get_context("spawn")
    t0 = time.perf_counter()
    with ctx.Pool(workers, initializer=init, initargs=initargs) as pool:
        pool.map(abs, range(workers * 4))  # wait until every worker is initialised
        t1 = time.perf_counter()
        out = list(pool.imap(fn, chunks))
        t2 = time.perf_counter()
    return t1 - t0, t2 - t1, out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    items_iter, _bad = read_sources([args.corpus], Columns())
    items = list(items_iter)[: args.limit]
    words = sum(len(text.split()) for _, text, _, _ in items)
    chunks = [items[i:i + ingest_run.CHUNK] for i in range(0, len(items), ingest_run.CHUNK)]
    opts = Options()

    spacy_start, spacy_s, _ = _timed_pool(args.workers, _init_spacy, (), _parse_chunk, chunks)
    from .store.duck import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        full_start, full_s, outcomes = _timed_pool(
            args.workers, ingest_run._init_worker, (opts,), ingest_run._worker_chunk, chunks)
        t0 = time.perf_counter()
        events = failures = day_dates = places = 0
        for chunk in outcomes:
            records = [(record, str(key)) for key, record, _stage, _error in chunk if record is not None]
            failures += len(chunk) - len(records)
            events += sum(len(r["events"]) for r, _ in records)
            day_dates += sum(e["date_precision"] == "day" for r, _ in records for e in r["events"])
            places += sum(bool(e["event_loc"] and e["event_loc"].get("country")) for r, _ in records for e in r["events"])
            store.write_many(records)
        write_s = time.perf_counter() - t0
        store.close()
    full_total = full_s + write_s
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report = {
        "articles": len(items), "words": words, "workers": args.workers,
        "spacy": {"seconds": round(spacy_s, 2), "articles_per_s": round(len(items) / spacy_s, 2),
                  "words_per_s": round(words / spacy_s), "startup_s": round(spacy_start, 2)},
        "dotterel": {"seconds": round(full_total, 2), "articles_per_s": round(len(items) / full_total, 2),
                     "words_per_s": round(words / full_total), "startup_s": round(full_start, 2),
                     "db_write_s": round(write_s, 2), "events": events, "failures": failures},
        "ratio": round(spacy_s / full_total, 3),
        "events_with_day_date": round(day_dates / events, 3) if events else None,
        "events_with_resolved_place": round(places / events, 3) if events else None,
        "peak_rss_mb_per_worker": round(peak_mb),
    }
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        s, d = report["spacy"], report["dotterel"]
        print(f"{len(items)} articles, {words} words, {args.workers} workers")
        print(f"spaCy alone     {s['articles_per_s']:>7} articles/s {s['words_per_s']:>8} words/s  ({s['seconds']} s)")
        print(f"dotterel ingest {d['articles_per_s']:>7} articles/s {d['words_per_s']:>8} words/s  ({d['seconds']} s, "
              f"{d['events']} events, {d['failures']} failures, DuckDB writes {d['db_write_s']} s)")
        print(f"ratio (dotterel speed / spaCy speed) {report['ratio']}")
        print(f"peak memory per worker {report['peak_rss_mb_per_worker']} MB")
        print(f"events with a day-precision date {report['events_with_day_date']}, "
              f"with a resolved place {report['events_with_resolved_place']}")
    return report


if __name__ == "__main__":
    main()
