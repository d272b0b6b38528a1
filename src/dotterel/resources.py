"""Locate data files by name: built-in names resolve inside the package, paths resolve as given."""
from __future__ import annotations

from pathlib import Path
import json
from collections.abc import Iterator
from typing import Any

import yaml

from .errors import ResourceError

DATA_DIR = Path(__file__).parent / "data"


def data_path(kind: str, name: str, suffix: str = ".yaml") -> Path:
    """Return the file for `name`: an existing path, or a built-in `data/<kind>/<name><suffix>`."""
    as_path = Path(name)
    if as_path.suffix and as_path.exists():
        return as_path
    builtin = DATA_DIR / kind / f"{name}{suffix}"
    if builtin.exists():
        return builtin
    raise ResourceError(f"no {kind} named {name!r}: not a file, and not built in ({builtin})")


def load_yaml(path: Path) -> Any:
    """Read a YAML file, naming the file and line when it is malformed."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown line"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ResourceError(f"{path}: {where}: {problem}") from exc


def read_jsonl(path: str | Path, error: type[Exception] = ResourceError) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; a malformed line raises `error` naming file and line."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise error(f"{path}: line {n}: invalid JSON ({exc.msg})") from exc
            if not isinstance(rec, dict):
                raise error(f"{path}: line {n}: expected a JSON object")
            yield n, rec
