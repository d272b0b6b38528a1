"""HTTP API and web explorer over a dotterel DuckDB database (`dotterel serve`).

`create_app` is imported lazily so that `dotterel.open()` (which reuses `queries`) works
without FastAPI installed.
"""
from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The FastAPI application; see `dotterel.serve.app.create_app`."""
    from .app import create_app as factory

    return factory(*args, **kwargs)


__all__ = ["create_app"]
