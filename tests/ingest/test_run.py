"""The local worker pool: a pool that breaks at any moment loses no document and codes none twice."""
from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest

from dotterel.ingest import run
from dotterel.pipeline import Options


class BreakingPool:
    """An in-process stand-in for the process pool whose Nth submission finds the pool broken,
    as when a worker is killed while the pool sits idle between windows."""

    created = 0

    def __init__(self, break_at: int | None) -> None:
        self.submitted = 0
        self.break_at = break_at

    def submit(self, fn, *args):
        self.submitted += 1
        if self.break_at is not None and self.submitted == self.break_at:
            raise BrokenProcessPool("a child process terminated abruptly")
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


@pytest.mark.parametrize("break_at", [1, 3, 5])
def test_a_pool_broken_at_submission_is_replaced_and_every_document_coded_once(coder, monkeypatch, break_at):
    pools: list[BreakingPool] = []

    def fresh_pool(workers, options, niceness=0):
        pools.append(BreakingPool(break_at if not pools else None))  # only the first pool breaks
        return pools[-1]

    monkeypatch.setattr(run, "_pool", fresh_pool)
    monkeypatch.setattr(run, "_WORKER_CODER", coder)
    items = [(f"d{n}", f"Police in Lima arrested {n + 2} protesters on Monday.", "2025-03-05", None) for n in range(40)]
    outcomes = list(run.code_stream(items, Options(), workers=2))
    assert [o[0] for o in outcomes] == [i[0] for i in items]  # each once, in order
    assert all(o[1] is not None for o in outcomes) and len(pools) == 2
