"""Dates stage: resolve each event's date against the publication date.

Order of evidence for the publication date: the caller, the document's metadata, a
dateline in the text; with none, event dates are left unknown (never today's date).
Order for an event's date: a date expression in its sentence (nearest to the trigger),
else the date of the action reported just before in the same paragraph, else the
publication date. Parsing is dateparser's; only "N days earlier/later", which it
cannot read relative to a story's own dates, is handled here.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from ..document import Document, Event
from ..ingest.clean import dateline

HISTORICAL_DAYS = 365
_SHIFT = re.compile(r"\b(a|an|one|two|three|four|five|six|seven|\d+)\s+(day|week|month)s?\s+(earlier|later|before|after)\b", re.I)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_PREVIOUS_DAY = re.compile(r"\b(the (previous|prior) day|the day before)\b", re.I)
_WEEKDAY = re.compile(r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", re.I)
_DURATION = re.compile(r"^\s*(\d+|a|an|several|many|few|two|three)\s+(years?|months?|weeks?|days?|decades?)\s*$", re.I)


@lru_cache(maxsize=4096)
def parse_date(text: str, base: date | None) -> tuple[date, str] | None:
    """(date, precision) for a date expression relative to `base`, or None when it is no date."""
    if _DURATION.match(text) or not re.search(r"\d|day|week|month|year|today|yesterday|tomorrow|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", text, re.I):
        return None
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    cleaned = re.sub(r"^(on|in|since|by|from|until|last|this)\s+(?=\w)", lambda m: "last " if m.group(1).lower() == "last" else "", text.strip(), flags=re.I)
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(cleaned)
    except (ValueError, OverflowError):
        return None
    if data.date_obj is None:
        return None
    precision = {"day": "day", "time": "day", "week": "day", "month": "month", "year": "year"}.get(data.period or "day", "day")
    day = data.date_obj.date()
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    if base is not None and _WEEKDAY.search(cleaned) and (base - day).days == 7:
        day = base  # "on Monday" in a story published on a Monday is that day
    return day, precision


def find_pub_date(doc: Document) -> None:
    """Fill `doc.pub_date` from metadata or a dateline when the caller gave none."""
    if doc.pub_date is not None:
        doc.pub_date_source = doc.pub_date_source or "caller"
        return
    meta = doc.meta.get("date") or doc.meta.get("pub_date")
    if meta:
        parsed = parse_date(str(meta), None)
        if parsed:
            doc.pub_date, doc.pub_date_source = parsed[0], "metadata"
            return
    m = dateline(doc.text)
    if m and m.group("date") and re.search(r"\d{4}", m.group("date")):
        parsed = parse_date(m.group("date"), None)
        if parsed:
            doc.pub_date, doc.pub_date_source = parsed[0], "dateline"


def _shifted(text: str, base: date) -> date | None:
    m = _SHIFT.search(text)
    if m:
        word = m.group(1).lower()
        n = int(word) if word.isdigit() else _NUMBERS.get(word, 1)
        unit = {"day": 1, "week": 7, "month": 30}[m.group(2).lower()]
        sign = -1 if m.group(3).lower() in ("earlier", "before") else 1
        return base + timedelta(days=sign * n * unit)
    if _PREVIOUS_DAY.search(text):
        return base - timedelta(days=1)
    return None


def _governing_verb(tok: Any) -> int | None:
    """Index of the first verb above a token (the action a date expression belongs to)."""
    t, steps = tok, 0
    while steps < 12:
        if t.pos_ in ("VERB", "AUX") and t.i != tok.i:
            return t.i
        if t.head.i == t.i:
            return t.i if t.pos_ in ("VERB", "AUX") else None
        t, steps = t.head, steps + 1
    return None


def _clause_verbs(trigger: Any) -> set[int | None]:
    """The trigger (or the verb governing a nominal trigger) and the verbs above it."""
    out: set[int | None] = set()
    t, steps = trigger, 0
    while steps < 12:
        if t.pos_ in ("VERB", "AUX") or t.i == trigger.i:
            out.add(t.i)
        if t.head.i == t.i:
            break
        t, steps = t.head, steps + 1
    return out


class Dates:
    """Stage: set date, date_raw, date_precision and the historical flag of every event."""

    name = "dates"

    def __init__(self) -> None:
        parse_date("5 March 2025", None)  # dateparser's language data loads with the coder, not in a document

    def __call__(self, doc: Document) -> Document:
        find_pub_date(doc)
        by_sentence: dict[int, list[Event]] = {}
        for ev in doc.events:
            by_sentence.setdefault(ev.sentence, []).append(ev)
        context: tuple[date, str] | None = None  # date of the last explicitly dated action
        for sent in doc.sentences:
            if sent.index > 0 and "\n" in doc.text[doc.sentences[sent.index - 1].end:sent.start].replace(" ", "")[:2]:
                context = None  # a new paragraph starts a new context
            for ev in by_sentence.get(sent.index, []):
                self._date_event(doc, sent, ev, context)
                if ev.date_raw and ev.date and ev.date_precision == "day":
                    context = (date.fromisoformat(ev.date), ev.date_precision)
        return doc

    def _date_event(self, doc: Document, sent: Any, ev: Event, context: tuple[date, str] | None) -> None:
        base = doc.pub_date
        trigger_at = ev.event_start
        candidates = []
        clause = _clause_verbs(ev.trigger) if ev.trigger is not None else None
        if "rule" in ev.decided_by:
            clause = set()  # a derived statement (a promise, a demand): its date is the telling's, not the deed's
        for ent in sent.ents:
            if ent.label_ != "DATE":
                continue
            if clause is not None and _governing_verb(ent.root) not in clause:
                continue  # a date of another action in the sentence ("contracts signed since 2020")
            start = sent.offset + ent.start_char
            candidates.append((abs(start - trigger_at), start, start + len(ent.text), ent.text))
        shift = _SHIFT.search(doc.text[sent.start:sent.end]) or _PREVIOUS_DAY.search(doc.text[sent.start:sent.end])
        if shift and "rule" not in ev.decided_by:
            anchor = context[0] if context else base
            if anchor is not None:
                s = sent.start + shift.start()
                ev.date, ev.date_raw, ev.date_precision = _shifted(shift.group(0), anchor).isoformat(), shift.group(0), "day"
                ev.date_start, ev.date_end = s, s + len(shift.group(0))
                self._flag(doc, ev)
                return
        for _dist, s, e, text in sorted(candidates):
            parsed = parse_date(text, base)
            if parsed is None:
                continue
            day, precision = parsed
            if base is None and not re.search(r"\d{4}", text):
                # "on Monday" with no publication date: the words are kept, the day is not guessed
                ev.date, ev.date_raw, ev.date_precision = None, text, "unknown"
                ev.date_start, ev.date_end = s, e
                return
            ev.date, ev.date_raw, ev.date_precision = day.isoformat(), text, precision
            ev.date_start, ev.date_end = s, e
            self._flag(doc, ev)
            return
        if context is not None:
            ev.date, ev.date_precision = context[0].isoformat(), context[1]
        elif base is not None:
            ev.date, ev.date_precision = base.isoformat(), "day"
        else:
            ev.date, ev.date_precision = None, "unknown"

    @staticmethod
    def _flag(doc: Document, ev: Event) -> None:
        if doc.pub_date is None or ev.date is None:
            return
        day = date.fromisoformat(ev.date)
        if (doc.pub_date - day).days > HISTORICAL_DAYS:
            ev.historical = True
        elif ev.date_precision == "day" and day > doc.pub_date:
            ev.future = True
