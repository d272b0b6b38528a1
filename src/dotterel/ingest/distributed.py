"""`--engine dask`: the same coder on a Dask cluster, exchanging Parquet, loaded into DuckDB.

Why Dask rather than Ray: it is a pure-Python install, starts a local cluster in seconds
on a laptop, and `dask.distributed` scales the same code to a multi-machine cluster
(`--scheduler tcp://host:8786`). Each task codes a chunk of documents with a per-process
cached coder and writes one Parquet file per table into a staging folder; the driver
loads each chunk into DuckDB in one transaction (documents already stored are skipped),
then deletes the files. Memory on the driver stays bounded: only a window of chunks is
in flight.
"""
from __future__ import annotations

import itertools
import shutil
import time
import uuid
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..pipeline import Options
from .run import Item, Stats, chunked, one_math_thread, record_failures, skip_stored

def code_chunk_to_parquet(chunk: list[Item], options: Options, staging: str) -> dict[str, Any]:
    """Task run on a Dask worker: code a chunk and write its rows as Parquet files."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import dotterel
    from ..store.duck import _rows

    one_math_thread()
    coder = dotterel.load(**asdict(options))
    records, failures = [], []
    for r in coder.pipe(chunk):
        if r.document is None:
            failures.append((str(r.key), r.stage or "code", str(r.error)))
        else:
            records.append((r.document.as_dict(), str(r.key)))
    files: dict[str, str] = {}
    if records:
        stem = uuid.uuid4().hex
        for table, (columns, rows) in _rows(records).items():
            if rows:
                path = Path(staging) / f"{table}-{stem}.parquet"
                pq.write_table(pa.Table.from_pylist([dict(zip(columns, row)) for row in rows]), path)
                files[table] = str(path)
    return {"files": files, "failures": failures, "events": sum(len(r["events"]) for r, _ in records)}


def code_on(client: Any, chunks: Iterable[list[Item]], store: Any, options: Options, staging: str, stats: Stats,
            workers: int) -> None:
    """Code chunks on `client`'s cluster and load each into `store`, a window of chunks in flight at a time.

    A chunk whose task fails (Dask gives up on a task that killed its worker several times,
    raising KilledWorker) is coded again one document at a time; a document whose task fails
    again is recorded as a failure, and the run goes on, as with local workers.
    """
    chunks = iter(chunks)
    while window := list(itertools.islice(chunks, workers * 2)):
        futures = client.map(code_chunk_to_parquet, window, options=options, staging=staging, pure=False)
        for chunk, future in zip(window, futures):
            try:
                outs = [future.result()]
            except Exception:  # noqa: BLE001 - whatever ended the task, each document gets a task of its own
                outs = [_code_alone(client, item, options, staging) for item in chunk]
            for out in outs:
                record_failures(store, stats, out["failures"])
                loaded = store.load_parquet(out["files"]) if out["files"] else 0
                stats.documents += loaded
                stats.events += out["events"] if loaded else 0
                for path in out["files"].values():
                    Path(path).unlink(missing_ok=True)


def _code_alone(client: Any, item: Item, options: Options, staging: str) -> dict[str, Any]:
    """Code one document of a failed chunk in a task of its own; if that fails too, the document is the failure."""
    try:
        return client.submit(code_chunk_to_parquet, [item], options=options, staging=staging, pure=False).result()
    except Exception as exc:  # noqa: BLE001 - recorded with its reason; the run goes on
        reason = f"the task coding this document failed twice: {type(exc).__name__}: {exc}"
        return {"files": {}, "failures": [(str(item[0]), "worker", reason)], "events": 0}


def ingest_dask(items: Iterable[Item], store: Any, options: Options, workers: int = 2,
                scheduler: str | None = None, bad: list[tuple[str, str, str]] | None = None) -> Stats:
    """Code `items` on a Dask cluster (a local one with `workers` processes unless `scheduler` is given)."""
    from dask.distributed import Client, LocalCluster

    stats = Stats()
    bad = bad if bad is not None else []
    t0 = time.perf_counter()
    staging = Path(f"{store.path}.staging")
    staging.mkdir(parents=True, exist_ok=True)
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                    dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        code_on(client, chunked(skip_stored(items, store, stats)), store, options, str(staging), stats, max(2, workers))
        record_failures(store, stats, bad)
        store.refresh_clusters()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        shutil.rmtree(staging, ignore_errors=True)
    stats.seconds = time.perf_counter() - t0
    return stats
