"""Paths and small helpers shared by tests."""
from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import dotterel

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = SHARED / "examples" / "korea_russia_summons.txt"


def events_of(doc: dotterel.Document, etype: str, plain: bool = True) -> list[dotterel.Event]:
    return [e for e in doc.events if e.event == etype and (e.plain or not plain)]


def codes(actors: list[dotterel.Actor]) -> set[str | None]:
    return {a.code for a in actors}


def large_value_then_killed(size: int, delay_s: float) -> bytes:
    """Run in a pool worker: return `size` bytes, and kill this worker `delay_s` seconds after
    the call starts, which lands while the value is being handed back for the right delays."""
    threading.Timer(delay_s, os.kill, (os.getpid(), signal.SIGKILL)).start()
    return b"x" * size
