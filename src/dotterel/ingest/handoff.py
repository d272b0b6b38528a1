"""Results of worker processes handed back through files, not through the pool's pipe.

The ProcessPoolExecutor of CPython 3.11 (the version we run) reads each result from one
pipe, to the end of the message. A coded chunk (85 KB for eight short articles) can be
more than a pipe holds (64 KB), so a worker sends it in pieces; a worker killed between two pieces (by the
kernel's out-of-memory killer, an operator, a crash) leaves the parent waiting for bytes
that never come, and since the parent itself holds the pipe's writing end no end of file
comes either. The pool never notices the dead worker and the run hangs for ever.

Here a worker writes what it returns to a file and sends back only a small notice, which
the kernel writes whole. A worker that dies while writing its file breaks the pool as any
death does, and the half-written file is never read.
"""
from __future__ import annotations

import itertools
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any


def _leave_in_file(path: str, fn: Callable[..., Any], *args: Any) -> None:
    """Run in the worker: call `fn` and write what it returns to `path`."""
    value = fn(*args)
    with open(path, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class Pending:
    """A call submitted to a pool whose value will be found in `path`."""

    future: Future
    path: str

    def result(self) -> Any:
        """The call's value; raises what the call raised, or BrokenProcessPool if its worker died."""
        self.future.result()
        with open(self.path, "rb") as fh:
            value = pickle.load(fh)
        os.unlink(self.path)
        return value


class Handoff:
    """A private folder where workers leave results; removed, with anything left in it, on close."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="dotterel-results-")
        self._numbers = itertools.count()

    def submit(self, pool: Executor, fn: Callable[..., Any], *args: Any) -> Pending:
        path = os.path.join(self.folder, f"{next(self._numbers)}.pickle")
        return Pending(pool.submit(_leave_in_file, path, fn, *args), path)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
