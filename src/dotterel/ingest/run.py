"""Ingest a stream of documents into a store: code in one process or in N worker processes.

Workers exchange plain records (`Document.as_dict()`), never spaCy objects, and hand
them back through files (see `handoff`: a worker killed half-way through sending a
result down the pool's pipe would hang the run); only the parent writes to DuckDB, one
transaction per document. Items are fed in bounded windows, so memory stays flat however
large the corpus.
"""
from __future__ import annotations

import itertools
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..document import content_id
from ..errors import DotterelError, StageError, StoreError
from ..pipeline import Options
from .handoff import Handoff

Item = tuple[Any, str, Any, "dict[str, Any] | None"]
Outcome = tuple[Any, "dict[str, Any] | None", "str | None", "str | None"]  # key, record, failed stage, error

CHUNK = 8
_WORKER_CODER: Any = None
_WORKER_ERROR: DotterelError | None = None  # why the worker has no coder (a missing model...), raised per task


@dataclass
class Stats:
    documents: int = 0
    events: int = 0
    duplicates: int = 0
    failures: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (f"documents {self.documents} events {self.events} duplicates {self.duplicates} "
                f"failures {self.failures} time {self.seconds:.1f}s ({rate:.1f} docs/s)")


def chunked(items: Iterable[Item]) -> Iterator[list[Item]]:
    """Items in lists of CHUNK, read lazily."""
    it = iter(items)
    return iter(lambda: list(itertools.islice(it, CHUNK)), [])


def skip_stored(items: Iterable[Item], store: Any, stats: Stats) -> Iterator[Item]:
    """Items whose text is not stored yet; the others are counted as duplicates (never recoded)."""
    for item in items:
        if store.has_document(content_id(item[1])):
            stats.duplicates += 1
        else:
            yield item


def record_failures(store: Any, stats: Stats, failures: list[tuple[str, str, str]]) -> None:
    """Record (source, stage, error) failures, emptying the list."""
    while failures:
        source, stage, error = failures.pop(0)
        stats.failures += 1
        store.record_failure(source, stage, error)


def _code_chunk(coder: Any, chunk: list[Item]) -> list[Outcome]:
    out: list[Outcome] = []
    for r in coder.pipe(chunk):
        if r.document is None:
            out.append((r.key, None, r.stage, str(r.error)))
        else:
            out.append((r.key, r.document.as_dict(), None, None))
    return out


def one_math_thread() -> None:
    """Worker processes already use every core: a multi-threaded matrix library in each of them
    (the sentence encoder's products) would only fight the others for the same cores."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def _init_worker(options: Options, niceness: int = 0) -> None:
    """Load the coder once per worker; a failure is kept and raised by each task (an initializer
    that raises would only break the pool, losing the reason)."""
    global _WORKER_CODER, _WORKER_ERROR
    from ..pipeline import Coder

    if niceness:
        os.nice(niceness)
    one_math_thread()
    try:
        _WORKER_CODER = Coder(options)
    except DotterelError as exc:
        _WORKER_ERROR = exc


def _worker_coder() -> Any:
    if _WORKER_ERROR is not None:
        raise _WORKER_ERROR
    return _WORKER_CODER


def _worker_chunk(chunk: list[Item]) -> list[Outcome]:
    return _code_chunk(_worker_coder(), chunk)


def _worker_code_one(text: str, pub_date: Any, meta: dict[str, Any] | None) -> dict[str, Any]:
    """Code one text in a worker process (raises the coder's typed errors, which pickle)."""
    return _worker_coder()(text, pub_date=pub_date, meta=meta).as_dict()


class CodingProcess:
    """A coder in its own process: CPU-bound coding never holds the caller's interpreter lock.

    `niceness` lowers the process's CPU priority, so that a server's quick read requests
    are answered first and coding, which takes seconds anyway, uses the CPU time left over.
    """

    def __init__(self, options: Options, niceness: int = 0) -> None:
        self.options = options
        self.niceness = niceness
        self.pool = _pool(1, options, niceness)
        self.handoff = Handoff()

    def warm(self) -> None:
        """Start the process and load the models now rather than on the first request."""
        self.pool.submit(abs, 0)

    def code(self, text: str, pub_date: Any = None, meta: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            return self.handoff.submit(self.pool, _worker_code_one, text, pub_date, meta).result()
        except BrokenProcessPool as exc:
            self.pool = _pool(1, self.options, self.niceness)  # the next request gets a fresh process
            raise StageError("worker", message="the coding process died while coding this text") from exc

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.handoff.close()


def _pool(workers: int, options: Options, niceness: int = 0) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"), initializer=_init_worker,
                               initargs=(options, niceness))


def code_stream(items: Iterable[Item], options: Options, workers: int = 1) -> Iterator[Outcome]:
    """Code items in order; each outcome is a record or the stage and error that stopped it.

    With several workers, a worker that dies (killed, out of memory, a crash in native
    code) breaks the pool: the pool is restarted and each document of the unfinished
    chunks is retried once on its own; a document that kills a worker again is recorded
    as a failure, and the run goes on.
    """
    chunks = chunked(items)
    if workers <= 1:
        import dotterel

        coder = dotterel.load(options.ontology, options.actor_dictionaries, time_limit_s=options.time_limit_s)
        for chunk in chunks:
            yield from _code_chunk(coder, chunk)
        return
    pool = _pool(workers, options)
    handoff = Handoff()
    try:
        while window := list(itertools.islice(chunks, workers * 2)):
            done = 0
            try:
                # submitting fails too when a worker died while the pool was idle between windows
                pending = [handoff.submit(pool, _worker_chunk, c) for c in window]
                for chunk_result in pending:
                    yield from chunk_result.result()
                    done += 1
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(workers, options)
                for chunk in window[done:]:
                    for item in chunk:
                        outcome, pool = _retry_alone(pool, handoff, item, workers, options)
                        yield outcome
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        handoff.close()


def _retry_alone(pool: ProcessPoolExecutor, handoff: Handoff, item: Item, workers: int,
                 options: Options) -> tuple[Outcome, ProcessPoolExecutor]:
    """Code one document in the pool; if it kills a worker again, record it as a failure."""
    try:
        return handoff.submit(pool, _worker_chunk, [item]).result()[0], pool
    except BrokenProcessPool:
        pool.shutdown(wait=True, cancel_futures=True)
        return (item[0], None, "worker", "a worker process died twice while coding this document"), _pool(workers, options)


def ingest(items: Iterable[Item], store: Any, options: Options, workers: int = 1,
           progress: Callable[[Stats], None] | None = None, bad: list[tuple[str, str, str]] | None = None) -> Stats:
    """Code new documents into `store`; documents already stored are counted as duplicates, not recoded.

    `bad` collects unreadable sources while `items` is consumed; they are recorded as
    failures as soon as they appear. Event clusters are refreshed at the end.
    """
    stats = Stats()
    t0 = time.perf_counter()
    bad = bad if bad is not None else []

    def flush_bad() -> None:
        record_failures(store, stats, bad)

    pending: list[tuple[dict[str, Any], str]] = []

    def flush_records() -> None:
        try:
            written = store.write_many(pending)
            stats.events += sum(len(r["events"]) for r, _ in pending)
        except StoreError:  # one bad record must not lose its chunk: write one by one, record the culprit
            written = 0
            for rec, source in pending:
                try:
                    new = store.write(rec, source)
                except StoreError as exc:
                    stats.failures += 1
                    store.record_failure(source, "store", str(exc))
                    continue
                written += new
                stats.events += len(rec["events"]) if new else 0
        stats.documents += written
        stats.duplicates += len(pending) - written
        pending.clear()

    for key, record, stage, error in code_stream(skip_stored(items, store, stats), options, workers):
        if record is None:
            stats.failures += 1
            store.record_failure(str(key), stage or "code", error or "")
        else:
            pending.append((record, str(key)))
            if len(pending) >= CHUNK:
                flush_records()
        flush_bad()
        stats.seconds = time.perf_counter() - t0
        if progress:
            progress(stats)
    flush_records()
    flush_bad()
    store.refresh_clusters()
    stats.seconds = time.perf_counter() - t0
    return stats
