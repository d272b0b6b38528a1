"""Results handed back through files: a worker killed at any moment of handing back its result
breaks the pool (and the caller hears of it) instead of hanging the caller for ever."""
from __future__ import annotations

import multiprocessing as mp
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from dotterel.ingest.handoff import Handoff
from tests.helpers import large_value_then_killed

SIZE = 50_000_000  # more than a pipe holds many times over: handing it back takes a while


def _outcome(handoff: Handoff, delay_s: float) -> str:
    pool = ProcessPoolExecutor(1, mp_context=mp.get_context("spawn"))
    try:
        pool.submit(abs, 0).result()  # the worker is up before the clock starts
        value = handoff.submit(pool, large_value_then_killed, SIZE, delay_s).result()
        assert value == b"x" * SIZE
        return "value"
    except BrokenProcessPool:
        return "broken"
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _within(seconds: float, handoff: Handoff, delay_s: float) -> str:
    """The outcome, waited for in a daemon thread so that a hang fails the test instead of stopping the suite."""
    box: list[str | BaseException] = []

    def run() -> None:
        try:
            box.append(_outcome(handoff, delay_s))
        except BaseException as exc:  # handed to the test's thread, raised there
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"the caller still waits after {seconds} s (kill {delay_s} s into the call)"
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def test_a_worker_killed_while_handing_back_its_result_never_hangs_the_caller():
    handoff = Handoff()
    outcomes = [_within(60, handoff, step * 0.025) for step in range(12)]
    assert "broken" in outcomes  # the kills landed while the call was going on
    assert set(outcomes) <= {"value", "broken"}
    left = os.listdir(handoff.folder)
    handoff.close()
    assert not os.path.exists(handoff.folder)
    assert all(name.endswith(".pickle") for name in left)  # only files of killed calls are left, removed on close
