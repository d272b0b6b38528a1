"""Request and response models of the HTTP API: they are the OpenAPI document's schemas.

Responses are validated against these models on the way out, so the published spec
cannot drift from what the server sends. Models of coded output allow extra fields, so a
field added to `Document.as_dict()` passes through rather than failing the request.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT_CHARS = 200_000  # the largest article POST /v1/code accepts (create_app may lower it)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ActorRef(_Open):
    """An actor mention: its code (null when unresolved) and its offsets in the article."""

    code: str | None = None
    sector: str | None = None
    name: str | None = None
    entity_text: str | None = None
    office: str | None = None
    kind: str | None = None
    start: int | None = None
    end: int | None = None


class PlaceOut(_Open):
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    resolution: str | None = None
    start: int | None = Field(default=None, description="Offset of the place name in the article, when known.")
    end: int | None = None


class DocRef(BaseModel):
    title: str | None = None
    url: str | None = None
    source: str | None = None
    pub_date: dt.date | None = None


class Speaker(_Open):
    entity_text: str | None = None
    code: str | None = None
    sector: str | None = None
    name: str | None = None


class QuoteOut(_Open):
    id: str | None = None
    kind: str
    text: str
    start: int
    end: int
    verb: str | None = None
    speaker: Speaker | None = None
    event_id: str | None = None


class EventOut(BaseModel):
    """A stored event: PLOVER fields, offsets into its article, and the article's title."""

    id: str
    doc_id: str
    date: dt.date | None = None
    date_raw: str | None = None
    date_precision: str | None = None
    event: str
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    quad_code: int | None = None
    quad_class: str | None = None
    event_scale: float | None = Field(default=None, description="Conflict-cooperation score, -10 hostile .. +10 cooperative.")
    event_text: str | None = None
    text: str | None = Field(default=None, description="The sentence the event was coded from.")
    sentence: int | None = None
    sent_start: int | None = None
    sent_end: int | None = None
    event_start: int | None = None
    event_end: int | None = None
    confidence: float | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    actor: list[ActorRef] = Field(default_factory=list)
    recipient: list[ActorRef] = Field(default_factory=list)
    event_loc: PlaceOut | None = None
    markup: str | None = Field(default=None, description="The sentence with <actor>, <event>, <recipient>, <loc> tags.")
    cluster_id: str | None = Field(default=None, description="Events of several articles reporting the same happening share it.")
    cluster_sources: int | None = Field(default=None, description="How many articles report this event's cluster.")
    document: DocRef
    quotes: list[QuoteOut] | None = Field(default=None, description="Quotes linked to the event (single-event view only).")


class EventPage(BaseModel):
    total: int = Field(description="Events matching the filters, over all pages.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")
    items: list[EventOut]


class Span(BaseModel):
    """A stretch of the article to highlight."""

    start: int
    end: int
    kind: Literal["event", "actor", "recipient", "place", "quote"]
    label: str | None = None
    event_id: str | None = None
    quote_id: str | None = None


class DocumentOut(BaseModel):
    doc_id: str
    source: str | None = None
    title: str | None = None
    url: str | None = None
    pub_date: dt.date | None = None
    pub_date_source: str | None = None
    text: str
    contexts: list[str] = Field(default_factory=list)
    n_events: int | None = None
    coded_at: dt.datetime | None = None
    main_event: str | None = Field(None, description="The event type the whole document is about (story stage).")
    main_event_id: str | None = Field(None, description="The event that represents it, when the document names one.")
    events: list[EventOut]
    quotes: list[QuoteOut]
    spans: list[Span]


class SeriesPoint(BaseModel):
    period: dt.date = Field(description="First day of the period (weeks start on Monday).")
    start: dt.date
    end: dt.date
    n: int
    mean_score: float | None = Field(description="Mean event_scale of the period's events; null when none.")
    by_quad: dict[str, int]
    by_type: dict[str, int]


class DyadDirection(BaseModel):
    actor: str
    recipient: str
    total: int
    undated: int = Field(description="Events of this direction without a resolved date (not in the points).")
    points: list[SeriesPoint]


class DyadSeries(BaseModel):
    a: str
    b: str
    interval: Literal["day", "week", "month"]
    quad_classes: list[str]
    types: list[str]
    series: list[DyadDirection]


class ActorOut(BaseModel):
    code: str
    name: str | None = None
    kind: str | None = None
    n: int
    as_actor: int
    as_recipient: int
    mean_score: float | None = None


class ActorList(BaseModel):
    items: list[ActorOut]


class Node(BaseModel):
    code: str
    name: str | None = None
    kind: str | None = None
    out: int
    in_: int = Field(alias="in")
    n: int

    model_config = ConfigDict(populate_by_name=True)


class Edge(BaseModel):
    source: str
    target: str
    n: int
    mean_score: float | None = None
    by_quad: dict[str, int]


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


class TypeCount(BaseModel):
    name: str
    quad_code: int | None = None
    quad_class: str | None = None
    n: int


class QuadCount(BaseModel):
    code: int
    name: str
    n: int


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    read_only: bool = Field(description="True unless the server was started with a write token.")
    counts: dict[str, int]


class Meta(BaseModel):
    counts: dict[str, int]
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    types: list[TypeCount]
    quad_classes: list[QuadCount]
    limits: dict[str, Any]


class CodeRequest(BaseModel):
    """An article to code. Coding never writes to the database unless `store` is true and the
    request carries the server's write token (`Authorization: Bearer <token>`)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="The article, plain text.")
    pub_date: dt.date | None = Field(default=None, description="Publication date, YYYY-MM-DD; relative dates resolve against it.")
    title: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=500, description="Recorded in documents.source when stored.")
    store: bool = Field(default=False, description="Write the coded document to the database (needs the write token).")


class CodedEvent(_Open):
    """A PLOVER event record as the coder produces it (`Document.event_dict`)."""

    id: str
    event: str
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    actor: list[ActorRef]
    recipient: list[ActorRef]
    date: str | None = None
    date_raw: str | None = None
    date_precision: str | None = None
    event_loc: PlaceOut | None = None
    event_text: str
    quad_code: int
    quad_class: str
    event_scale: float
    text: str
    text_info: dict[str, Any]
    confidence: float
    decided_by: dict[str, Any]
    negated: bool
    hypothetical: bool
    future: bool
    historical: bool
    doc_id: str


class CodeResult(_Open):
    """The coded document (`Document.as_dict()`), the spans to highlight, and whether it was stored."""

    doc_id: str
    text: str
    pub_date: str | None = None
    pub_date_source: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    contexts: list[str] = Field(default_factory=list)
    events: list[CodedEvent]
    quotes: list[QuoteOut]
    entities: list[ActorRef]
    spans: list[Span]
    stored: bool = Field(description="The document is in the database after this request.")
    written: bool = Field(description="This request wrote it (false when it was already stored, or not asked to store).")
    elapsed_ms: float
