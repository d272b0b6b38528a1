"""Shared fixtures: one real coder per test session (spaCy model, actor knowledge, trained weights)."""
from __future__ import annotations

import pytest

import dotterel
from tests.helpers import EXAMPLE


@pytest.fixture(scope="session")
def coder() -> dotterel.Coder:
    return dotterel.load()


@pytest.fixture(scope="session")
def korea(coder: dotterel.Coder) -> dotterel.Document:
    if not EXAMPLE.exists():
        pytest.skip("../shared/examples/korea_russia_summons.txt not present")
    return coder(EXAMPLE.read_text(encoding="utf-8"), pub_date="2024-06-21")
