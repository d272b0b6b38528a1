"""Shared fixtures: one real coder per test session (spaCy model, actor knowledge, trained weights)."""
from __future__ import annotations

from pathlib import Path

import pytest

import dotterel

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = SHARED / "examples" / "korea_russia_summons.txt"


@pytest.fixture(scope="session")
def coder() -> dotterel.Coder:
    return dotterel.load()


@pytest.fixture(scope="session")
def korea(coder: dotterel.Coder) -> dotterel.Document:
    if not EXAMPLE.exists():
        pytest.skip("../shared/examples/korea_russia_summons.txt not present")
    return coder(EXAMPLE.read_text(encoding="utf-8"), pub_date="2024-06-21")


def events_of(doc: dotterel.Document, etype: str, plain: bool = True) -> list[dotterel.Event]:
    return [e for e in doc.events if e.event == etype and (e.plain or not plain)]


def codes(actors: list[dotterel.Actor]) -> set[str | None]:
    return {a.code for a in actors}
