"""`dotterel train` rebuilds the shipped weights exactly: the committed models are what the data makes."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dotterel.events import extract, train
from dotterel.events.salience import story_model_path
from dotterel.ontology import load_ontology


@pytest.mark.slow
def test_retraining_reproduces_the_committed_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    ontology = load_ontology("plover")
    paths = extract.model_paths(ontology)
    shipped = [*paths, story_model_path(ontology)]
    fresh = lambda _ontology: extract.ModelPaths(*(tmp_path / p.name for p in paths))  # noqa: E731
    monkeypatch.setattr(extract, "model_paths", fresh)
    monkeypatch.setattr(train, "model_paths", fresh)
    summary = train.train(ontology)
    assert summary["stories"] and summary["stories"]["stories"] > 700
    for old in shipped:
        new = tmp_path / old.name
        with np.load(old) as a, np.load(new) as b:
            assert sorted(a.files) == sorted(b.files)
            for key in a.files:
                assert np.array_equal(a[key], b[key]), (old.name, key)
