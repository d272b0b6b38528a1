"""`dotterel eval GOLD.jsonl`: event-type, mode and actor agreement against gold records.

Gold records: `text`, `event` (a type or list of acceptable types; null or [] for a text that
reports no event), optional `actor` / `recipient` (lists of {text, code, sector}) and `mode`.
A no-event record is right when nothing is coded; coverage is measured on the records that
report an event, and the false-event rate on those that report none. The predicted type is the document's
main event as the story stage decides it (`events.salience`): for one sentence its most
confident event (events reported as having happened first, then those of the main clause), for a story the learned story
model, or the inverted pyramid without one. Where gold lists several acceptable types, they
count as one class, named by the first.
"""
from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document import Document
from ..events.salience import main_event
from ..errors import InputError
from ..pipeline import Coder
from ..resources import read_jsonl

_WORD = re.compile(r"\w+")


@dataclass
class Gold:
    key: str
    text: str
    events: list[str]
    mode: str | None = None
    actor: list[dict[str, Any]] = field(default_factory=list)
    recipient: list[dict[str, Any]] = field(default_factory=list)


def read_gold(path: str | Path, limit: int | None = None) -> list[Gold]:
    out = []
    for n, rec in read_jsonl(path, InputError):
        if "text" not in rec or "event" not in rec:
            raise InputError(f"{path}: line {n}: a gold record needs 'text' and 'event'")
        ev = rec["event"]
        events = [ev] if isinstance(ev, str) else list(ev or [])
        out.append(Gold(str(rec.get("id", n)), rec["text"], events, rec.get("mode"),
                        rec.get("actor") or [], rec.get("recipient") or []))
        if limit and len(out) >= limit:
            break
    return out


def predicted(doc: Document) -> tuple[str | None, Any]:
    """(type, event) the record is judged on: the document's main event, as the story stage decided."""
    return main_event(doc)


def _overlap(pred_texts: list[str], gold_texts: list[str]) -> bool:
    stop = {"the", "a", "an", "of", "and", "'s", "s"}
    p = {w.lower() for t in pred_texts for w in _WORD.findall(t)} - stop
    g = {w.lower() for t in gold_texts for w in _WORD.findall(t)} - stop
    return bool(p & g)


def evaluate(coder: Coder, gold: list[Gold]) -> dict[str, Any]:
    """Code every gold text and compute the report (see module docstring)."""
    coder.timings.clear()
    t0 = time.perf_counter()
    results = list(coder.pipe((g.key, g.text, None, None) for g in gold))
    elapsed = time.perf_counter() - t0
    by_key = {r.key: r for r in results}
    labels = sorted({t for g in gold for t in g.events[:1]})
    tp: Counter[str] = Counter(); fp: Counter[str] = Counter(); fn: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    correct = covered = failures = quiet = false_events = 0
    mode_total = mode_ok = 0
    agree: dict[str, list[int]] = {"actor": [0, 0], "recipient": [0, 0], "actor_code": [0, 0], "recipient_code": [0, 0]}
    for g in gold:
        r = by_key[g.key]
        if r.document is None:
            failures += 1
            pred, ev = None, None
        else:
            pred, ev = predicted(r.document)
        confusion[g.events[0] if g.events else "NONE"][pred or "NONE"] += 1
        if not g.events:
            quiet += 1
            false_events += int(pred is not None)
        elif pred is not None:
            covered += 1
        if pred is None and not g.events:
            correct += 1
        elif pred is not None and pred in g.events:
            correct += 1
            tp[g.events[0]] += 1  # acceptable alternatives (YIELD = CONCEDE or RETREAT) are one class
        else:
            if g.events:
                fn[g.events[0]] += 1
            if pred is not None:
                fp[pred] += 1
        if g.mode and pred in g.events and ev is not None:
            mode_total += 1
            mode_ok += int(ev.mode == g.mode)
        if ev is not None:
            for role in ("actor", "recipient"):
                gold_list = getattr(g, role)
                pred_list = getattr(ev, role)
                if not gold_list:
                    continue
                agree[role][1] += 1
                agree[role][0] += int(_overlap([a.entity_text for a in pred_list], [x.get("text", "") for x in gold_list]))
                gold_codes = {x["code"] for x in gold_list if x.get("code")}
                if gold_codes:
                    agree[f"{role}_code"][1] += 1
                    agree[f"{role}_code"][0] += int(bool(gold_codes & {a.code for a in pred_list}))
    per_type = {}
    for t in labels:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        rc = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        per_type[t] = {"precision": round(p, 4), "recall": round(rc, 4), "f1": round(f1, 4), "support": tp[t] + fn[t]}
    n = len(gold)
    words = sum(len(g.text.split()) for g in gold)
    timings = dict(coder.timings)
    parse = timings.get("parse", 0.0)
    classify = timings.get("events", 0.0)
    return {
        "records": n,
        "accuracy": round(correct / n, 4) if n else 0.0,
        "macro_f1": round(sum(v["f1"] for v in per_type.values()) / len(per_type), 4) if per_type else 0.0,
        "coverage": round(covered / (n - quiet), 4) if n > quiet else None,
        "no_event_records": quiet,
        "false_event_rate": round(false_events / quiet, 4) if quiet else None,
        "failures": failures,
        "mode_accuracy": round(mode_ok / mode_total, 4) if mode_total else None,
        "agreement": {k: (round(a / b, 4) if b else None) for k, (a, b) in agree.items()},
        "agreement_counts": {k: {"agree": a, "of": b} for k, (a, b) in agree.items()},
        "per_type": per_type,
        "confusion": {g: dict(c) for g, c in sorted(confusion.items())},
        "throughput": {
            "seconds": round(elapsed, 2), "records_per_s": round(n / elapsed, 1) if elapsed else None,
            "words_per_s": round(words / elapsed) if elapsed else None,
            "stage_seconds": {k: round(v, 3) for k, v in timings.items()},
            "event_classification_vs_parse": round(classify / parse, 3) if parse else None,
        },
    }


def _rate(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_report(rep: dict[str, Any]) -> str:
    lines = [
        f"records {rep['records']}  accuracy {rep['accuracy']:.3f}  macro-F1 {rep['macro_f1']:.3f}  "
        f"coverage {_rate(rep['coverage'])}  failures {rep['failures']}",
        f"no-event records {rep['no_event_records']}  false-event rate {_rate(rep['false_event_rate'])}",
        f"mode accuracy {rep['mode_accuracy']}" if rep["mode_accuracy"] is not None else "mode accuracy n/a",
        "agreement " + "  ".join(f"{k} {v:.3f}" if v is not None else f"{k} n/a" for k, v in rep["agreement"].items()),
        "",
        f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}",
    ]
    for t, m in rep["per_type"].items():
        lines.append(f"{t:<10} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} {m['support']:>5}")
    cols = sorted({p for c in rep["confusion"].values() for p in c})
    lines += ["", "confusion (rows gold, columns predicted)", " " * 10 + "".join(f"{c[:6]:>7}" for c in cols)]
    for g, c in rep["confusion"].items():
        lines.append(f"{g[:10]:<10}" + "".join(f"{c.get(p, 0):>7}" for p in cols))
    th = rep["throughput"]
    lines += ["", f"throughput {th['records_per_s']} records/s, {th['words_per_s']} words/s in {th['seconds']} s",
              f"stage seconds {th['stage_seconds']}",
              f"event classification / spaCy parse time = {th['event_classification_vs_parse']}"]
    return "\n".join(lines)
