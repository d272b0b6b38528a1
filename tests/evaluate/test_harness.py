"""The evaluation harness computes its figures correctly on a small, known gold file."""
from __future__ import annotations

import json
from pathlib import Path

from dotterel.evaluate.harness import evaluate, format_report, read_gold


def test_report_on_known_records(coder, tmp_path: Path):
    gold = [
        {"text": "Pakistan's foreign ministry condemned the killing of its nationals in Afghanistan.",
         "event": "ACCUSE", "actor": [{"text": "Pakistan's foreign ministry", "code": "PAK"}],
         "recipient": [{"text": "Afghanistan"}], "mode": "disapprove"},
        {"text": "Russia deployed additional troops and tanks near the Finnish border.", "event": ["MOBILIZE"]},
        {"text": "The port handles about a third of the country's grain exports.", "event": "AGREE"},
    ]
    f = tmp_path / "gold.jsonl"
    f.write_text("\n".join(json.dumps(g) for g in gold))
    rep = evaluate(coder, read_gold(f))
    assert rep["records"] == 3
    assert rep["accuracy"] == round(2 / 3, 4)
    assert rep["coverage"] == round(2 / 3, 4)
    assert rep["per_type"]["AGREE"]["recall"] == 0.0 and rep["per_type"]["MOBILIZE"]["f1"] == 1.0
    assert rep["macro_f1"] == round((1.0 + 1.0 + 0.0) / 3, 4)
    assert rep["confusion"]["AGREE"] == {"NONE": 1}
    assert rep["agreement"]["actor"] == 1.0 and rep["agreement"]["actor_code"] == 1.0
    assert rep["mode_accuracy"] == 1.0
    assert rep["throughput"]["stage_seconds"]["parse"] > 0


def test_no_event_records_count_as_right_when_nothing_is_coded(coder, tmp_path: Path):
    gold = [
        {"text": "Russia deployed additional troops and tanks near the Finnish border.", "event": "MOBILIZE"},
        {"text": "The port handles about a third of the country's grain exports.", "event": None},
        {"text": "Kenyan police arrested 40 protesters in Nairobi on Tuesday.", "event": []},
    ]
    f = tmp_path / "gold.jsonl"
    f.write_text("\n".join(json.dumps(g) for g in gold))
    rep = evaluate(coder, read_gold(f))
    assert rep["no_event_records"] == 2 and rep["false_event_rate"] == 0.5
    assert rep["accuracy"] == round(2 / 3, 4) and rep["coverage"] == 1.0
    assert rep["confusion"]["NONE"] == {"NONE": 1, "COERCE": 1}
    assert set(rep["per_type"]) == {"MOBILIZE"} and rep["per_type"]["MOBILIZE"]["precision"] == 1.0
    assert "false-event rate 0.500" in format_report(rep)
