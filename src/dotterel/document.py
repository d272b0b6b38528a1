"""The document object that flows through every stage, and the records it carries.

Every record keeps character offsets into `Document.text`, so any field can be traced
back to the words it came from.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass
class Actor:
    """A resolved (or, with code None, unresolved) political actor mention."""

    entity_text: str
    start: int
    end: int
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    office: str | None = None
    kind: str = "unknown"  # state, igo, group, person, object (a thing acted upon), unknown
    resolved_by: str | None = None  # name, earlier mention, subject (forces it moves), article (the story's home country)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Place:
    name: str
    start: int
    end: int
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None
    resolution: str | None = None  # city, region, country

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """One PLOVER event record; field names follow PLOVER/POLECAT."""

    event: str
    sentence: int
    event_text: str
    event_start: int
    event_end: int
    confidence: float
    decided_by: dict[str, Any]
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    date: str | None = None
    date_raw: str | None = None
    date_precision: str = "unknown"
    date_start: int | None = None
    date_end: int | None = None
    event_loc: Place | None = None
    quad_code: int = 0
    quad_class: str = ""
    event_scale: float = 0.0
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    id: str = ""
    trigger: Any = field(default=None, repr=False, compare=False)  # the spaCy token (not serialised)

    @property
    def plain(self) -> bool:
        """True when the event is reported as having happened (no negation, condition or future)."""
        return not (self.negated or self.hypothetical or self.future)


@dataclass
class Quote:
    text: str
    start: int
    end: int
    kind: str  # direct, reported
    verb: str | None = None
    speaker: Actor | None = None
    sentence: int = 0
    event_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["speaker"] = self.speaker.as_dict() if self.speaker else None
        return d


@dataclass
class Sentence:
    """A sentence: character span in the document, and its parsed spaCy span (tokens' `idx` + `offset`)."""

    index: int
    start: int
    end: int
    span: Any = None
    offset: int = 0
    actors: dict[int, Actor] = field(default_factory=dict)  # head token index -> resolved phrase
    ents: list[Any] = field(default_factory=list)  # spaCy entity spans in this sentence (Span.ents is O(doc))
    type_scores: dict[str, float] = field(default_factory=dict)  # the event model's probability per type (and NONE)


@dataclass
class MainEvent:
    """What the whole document is about: a type, the event that represents it (if any), and why."""

    event: str
    event_id: str | None
    decided_by: dict[str, Any]


@dataclass
class Document:
    """Text plus the layers the stages add; created by `Coder`, filled stage by stage."""

    text: str
    pub_date: date | None = None
    pub_date_source: str | None = None  # caller, metadata, dateline
    meta: dict[str, Any] = field(default_factory=dict)
    clean_text: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    main_event: MainEvent | None = None

    @property
    def doc_id(self) -> str:
        return content_id(self.text)

    def event_dict(self, ev: Event) -> dict[str, Any]:
        """The PLOVER record of one event, with provenance."""
        s = self.sentences[ev.sentence]
        return {
            "id": ev.id,
            "event": ev.event,
            "mode": ev.mode,
            "context": list(ev.context),
            "actor": [a.as_dict() for a in ev.actor],
            "recipient": [a.as_dict() for a in ev.recipient],
            "date": ev.date,
            "date_raw": ev.date_raw,
            "date_precision": ev.date_precision,
            "event_loc": ev.event_loc.as_dict() if ev.event_loc else None,
            "event_text": ev.event_text,
            "quad_code": ev.quad_code,
            "quad_class": ev.quad_class,
            "event_scale": ev.event_scale,
            "text": self.text[s.start:s.end],
            "text_info": {
                "sentence": ev.sentence,
                "start": s.start,
                "end": s.end,
                "event_start": ev.event_start,
                "event_end": ev.event_end,
                "date_start": ev.date_start,
                "date_end": ev.date_end,
                "markup": markup(self.text, s.start, s.end, ev),
            },
            "confidence": round(ev.confidence, 4),
            "decided_by": ev.decided_by,
            "negated": ev.negated,
            "hypothetical": ev.hypothetical,
            "future": ev.future,
            "historical": ev.historical,
            "doc_id": self.doc_id,
        }

    def as_dict(self) -> dict[str, Any]:
        """The whole coded document as plain data (JSON-ready; what stores and workers exchange)."""
        return {
            "doc_id": self.doc_id,
            "text": self.text,
            "pub_date": self.pub_date.isoformat() if self.pub_date else None,
            "pub_date_source": self.pub_date_source,
            "meta": self.meta,
            "contexts": self.contexts,
            "main_event": asdict(self.main_event) if self.main_event else None,
            "events": [self.event_dict(e) for e in self.events],
            "quotes": [q.as_dict() for q in self.quotes],
            "entities": [m.as_dict() for m in self.mentions],
        }


def content_id(text: str, prefix: str = "") -> str:
    """Stable id from content, so re-coding the same text gives the same ids."""
    return hashlib.sha1((prefix + text).encode("utf-8")).hexdigest()[:16]


def markup(text: str, start: int, end: int, ev: Event) -> str:
    """The sentence with actor, event, recipient and location spans tagged, e.g. `<actor>..</actor>`."""
    tags: list[tuple[int, int, str]] = [(a.start, a.end, "actor") for a in ev.actor]
    tags += [(r.start, r.end, "recipient") for r in ev.recipient]
    tags.append((ev.event_start, ev.event_end, "event"))
    if ev.event_loc:
        tags.append((ev.event_loc.start, ev.event_loc.end, "loc"))
    out, pos = [], start
    for s, e, tag in sorted(t for t in tags if start <= t[0] < t[1] <= end):
        if s < pos:  # overlapping spans: keep the first
            continue
        out.append(text[pos:s])
        out.append(f"<{tag}>{text[s:e]}</{tag}>")
        pos = e
    out.append(text[pos:end])
    return "".join(out)
