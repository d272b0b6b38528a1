"""A user ontology with examples trains into a working coder (`dotterel train --ontology`)."""
from __future__ import annotations

import shutil
from pathlib import Path

import dotterel
from dotterel.events.train import train
from dotterel.ontology import load_ontology

from tests.helpers import ROOT


def test_train_and_code_custom_ontology(tmp_path: Path):
    src = ROOT / "examples" / "custom_ontology.yaml"
    path = tmp_path / "labour.yaml"
    shutil.copy(src, path)
    summary = train(load_ontology(str(path)))
    assert Path(summary["type_model"]).exists() and summary["examples"] > 100
    coder = dotterel.load(ontology=str(path))
    doc = coder("The dockworkers' union called an indefinite strike at all ports starting Monday.", pub_date="2025-03-03")
    assert doc.events and max(doc.events, key=lambda e: e.confidence).event == "STRIKE_CALL"
    assert set(coder.ontology.types) == {"WAGE_DEMAND", "STRIKE_CALL", "SETTLEMENT", "LAYOFF"}
