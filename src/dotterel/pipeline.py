"""The coder: one Document flows through small named stages, each `Document -> Document`.

    clean -> parse -> actors -> events -> intent -> discourse -> dates -> places -> quotes -> contexts

Batches parse many documents with spaCy's batching, then run the remaining stages per
document; a document that fails is reported with its error, and the batch goes on.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .actors.resolve import Actors
from .dates.resolve import Dates
from .document import Document
from .errors import DotterelError, InputError, StageError, TimeLimitError
from .events.context import Contexts
from .events.discourse import Discourse
from .events.extract import CONTEXT_GATE, Events
from .events.intent import Intent
from .events.salience import Story
from .isodate import iso_date
from .ingest.clean import blank_boilerplate, check_text
from .nlp.parse import Parse
from .ontology import Ontology, load_ontology
from .places.locate import Places
from .quotes.extract import Quotes

Stage = Callable[[Document], Document]


@dataclass(frozen=True)
class Options:
    """Everything that configures a coder, validated once."""

    ontology: str = "plover"
    actor_dictionaries: tuple[str, ...] = ()
    batch_size: int = 16
    time_limit_s: float = 60.0  # per document, for the stages after parsing; 0 disables
    context_gate: float = CONTEXT_GATE  # read a sentence in context below this confidence; 0 never, 1 always

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise InputError("batch_size must be at least 1")
        if self.time_limit_s < 0:
            raise InputError("time_limit_s must be zero (off) or positive")
        if not 0 <= self.context_gate <= 1.0:
            raise InputError("context_gate must be between 0 (never read in context) and 1 (always)")


class Deadline:
    """A document's time limit: set by SIGALRM, checked again between stages and at the end.
    The alarm's exception can land where Python swallows it (a garbage-collector callback, a
    __del__); the flag it leaves still stops the document at the next check."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False

    def check(self) -> None:
        if self.expired:
            raise TimeLimitError(f"document took longer than the {self.seconds:g} s limit")


@contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Raise TimeLimitError in this block after `seconds` (main thread only; elsewhere no limit)."""
    limit = Deadline(seconds)
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield limit
        return

    def expire(_signum: int, _frame: Any) -> None:
        limit.expired = True
        limit.check()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield limit
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    limit.check()


@dataclass
class Result:
    """Outcome of coding one item of a batch: a document, or the error that stopped it."""

    key: Any
    document: Document | None = None
    error: DotterelError | None = None
    stage: str | None = None


@dataclass
class Coder:
    """`coder(text, pub_date=...)` codes one text; `coder.pipe(items)` codes a stream."""

    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        self.timings: defaultdict[str, float] = defaultdict(float)  # seconds per stage, for eval and bench
        self.ontology: Ontology = load_ontology(self.options.ontology)
        self.parser = Parse()
        actors = Actors(self.options.actor_dictionaries)
        self.stages: list[Stage] = [
            actors, Events(self.ontology, self.options.context_gate), Intent(self.ontology), Discourse(), Story(self.ontology), Dates(), Places(actors.kb),
            Quotes(), Contexts(self.ontology),
        ]

    def new_document(self, text: str, pub_date: Any = None, meta: dict[str, Any] | None = None,
                     source: str = "input") -> Document:
        """Validate and clean: a Document ready for parsing (raises InputError)."""
        check_text(text, source)
        doc = Document(text=text, pub_date=iso_date(pub_date, "pub_date"), meta=dict(meta or {}))
        doc.clean_text = blank_boilerplate(text)
        if not doc.clean_text.strip():
            raise InputError(f"{source}: nothing left to code once boilerplate lines are removed")
        return doc

    def run_stages(self, doc: Document) -> Document:
        with deadline(self.options.time_limit_s) as limit:
            return self._run_stages(doc, limit)

    def _run_stages(self, doc: Document, limit: Deadline) -> Document:
        for stage in self.stages:
            limit.check()
            name = getattr(stage, "name", type(stage).__name__)
            t0 = time.perf_counter()
            try:
                out = stage(doc)
            except DotterelError:
                raise
            except Exception as exc:  # noqa: BLE001 - one document's failure must not end a batch
                raise StageError(name, exc) from exc
            self.timings[name] += time.perf_counter() - t0
            if not isinstance(out, Document):
                raise TypeError(f"stage {getattr(stage, 'name', stage)!r} returned {type(out).__name__}, not Document")
            doc = out
        return doc

    def __call__(self, text: str, pub_date: Any = None, meta: dict[str, Any] | None = None) -> Document:
        doc = self.new_document(text, pub_date, meta)
        t0 = time.perf_counter()
        doc = self.parser(doc)
        self.timings["parse"] += time.perf_counter() - t0
        return self.run_stages(doc)

    def pipe(self, items: Iterable[tuple[Any, str, Any, dict[str, Any] | None]]) -> Iterator[Result]:
        """Code (key, text, pub_date, meta) items; yields one Result per item, in order."""
        failed: list[Result] = []
        keys: dict[int, Any] = {}

        def valid() -> Iterator[Document]:
            for key, text, pub, meta in items:
                try:
                    doc = self.new_document(text, pub, meta, source=str(key))
                except DotterelError as exc:
                    failed.append(Result(key, error=exc, stage="clean"))
                    continue
                keys[id(doc)] = key
                yield doc

        parsed = self.parser.pipe(valid(), batch_size=self.options.batch_size)
        while True:
            t0 = time.perf_counter()
            doc = next(parsed, None)
            self.timings["parse"] += time.perf_counter() - t0
            if doc is None:
                break
            while failed:
                yield failed.pop(0)
            key = keys.pop(id(doc))
            try:
                yield Result(key, document=self.run_stages(doc))
            except DotterelError as exc:
                yield Result(key, error=exc, stage=getattr(exc, "stage", "code"))
        while failed:
            yield failed.pop(0)
