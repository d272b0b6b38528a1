"""The FastAPI application: JSON API under /v1, the web explorer under /ui.

    from dotterel.serve.app import create_app
    app = create_app("events.duckdb")                 # read-only
    app = create_app("events.duckdb", write_token=t)  # POST /v1/code {"store": true} may write, with the token

Read-only by default: the database is opened read-only and coding endpoints only code.
The guards sit in front of the work: a body-size limit (413) before anything is read, a
per-client token bucket (429) before coding, and the write token (401/403) before
anything changes the database.
"""
# No `from __future__ import annotations`: FastAPI must resolve the route signatures' local aliases.
import hmac
import json
import logging
import os
import re
import secrets
import sys
import threading
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated, Any, AsyncIterator, Literal

import anyio
import anyio.to_thread
from fastapi import Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, StringConstraints
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import InputError
from ..ingest.run import CodingProcess
from ..pipeline import Options
from . import errors, queries
from .errors import ApiError, ErrorResponse
from .models import (
    MAX_TEXT_CHARS, ActorList, CodeRequest, CodeResult, DocumentOut, DyadSeries, EventOut, EventPage, Health,
    Meta, Network,
)

log = logging.getLogger("dotterel.serve")
STATIC = Path(__file__).resolve().parent / "static"

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
Code = Annotated[str, StringConstraints(max_length=64)]
_RID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


# ---------------------------------------------------------------------------------------------
# ASGI middlewares: they answer before routing, so they build the error body themselves.


class RequestContext:
    """Request id, security headers on every response, and a last-resort 500 in the one error shape."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if _RID.match(incoming) else secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = rid
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers") or [])
                headers += [(b"x-request-id", rid.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
                            (b"content-security-policy", CSP.encode())]
                if scope["path"].startswith("/v1/"):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _send_error(send_with_headers, 500, "internal_error", "internal server error (logged on the server)", rid)


class ResponseCache:
    """Successful GET responses of the read endpoints, replayed until the database changes.

    The server is its database's only writer (DuckDB locks the file), and every write
    bumps `db.generation`, which is part of the key: a cached answer is never stale.
    Keyed by path and raw query string, least recently used out first, at most
    `budget` bytes of bodies in all; a hit skips routing, validation, the queries and the
    encoding. Errors are never cached, and the headers added outside (request id,
    security headers) are added to hits too.
    """

    def __init__(self, app: ASGIApp, db: queries.Database, prefixes: tuple[str, ...],
                 budget: int = 256 * 2**20) -> None:
        self.app, self.db, self.prefixes, self.budget = app, db, prefixes, budget
        self.entries: OrderedDict[tuple[int, str, bytes], tuple[Message, bytes]] = OrderedDict()
        self.held = 0  # bytes of cached bodies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        key = (self.db.generation, scope["path"], scope.get("query_string", b""))
        hit = self.entries.get(key)
        if hit is not None:
            self.entries.move_to_end(key)
            await send(hit[0])
            await send({"type": "http.response.body", "body": hit[1]})
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keep)
        body = b"".join(chunks)
        if start.get("status") == 200 and key not in self.entries and len(body) <= self.budget // 16:
            self.entries[key] = (start, body)
            self.held += len(body)
            while self.held > self.budget:
                self.held -= len(self.entries.popitem(last=False)[1][1])


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413: by Content-Length up front, else while reading."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = scope.get("state", {}).get("request_id")
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _send_error(send, 400, "bad_request", "invalid Content-Length header", rid)
                return
            if size > self.max_bytes:
                await _send_error(send, 413, "payload_too_large",
                                  f"request body of {size} bytes exceeds the limit of {self.max_bytes} bytes", rid)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise ApiError(413, "payload_too_large",
                                   f"request body exceeds the limit of {self.max_bytes} bytes")
            return message

        await self.app(scope, counted, send)


def rendered(model: type[BaseModel], out: dict[str, Any]) -> Response:
    """`out` checked against its response model and encoded by pydantic in one step: the
    same JSON FastAPI would send, at a fraction of the cost of its generic encoder."""
    return Response(model.model_validate(out).model_dump_json(by_alias=True), media_type="application/json")


def found(out: dict[str, Any] | None, kind: str, key: str) -> dict[str, Any]:
    """`out`, or the one 404 shape when the lookup found nothing."""
    if out is None:
        raise ApiError(404, "not_found", f"no {kind} {key!r}")
    return out


async def _send_error(send: Send, status: int, code: str, message: str, rid: str | None) -> None:
    body = json.dumps(errors.error_payload(status, code, message, request_id=rid)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# ---------------------------------------------------------------------------------------------
# Rate limit


class RateLimiter:
    """Token bucket per client address: `per_minute` requests a minute on average, bursts of `burst`.

    Keyed by the peer address (never a header a client can forge); the table is bounded,
    dropping the least recently seen clients first.
    """

    def __init__(self, per_minute: float, burst: int, max_clients: int = 10_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, key: str) -> float:
        """0 when the request may go ahead, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate if self.rate > 0 else 60.0
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return wait


# ---------------------------------------------------------------------------------------------
# The application

READ_THREADS = 2
CODING_NICENESS = 10  # coding yields the CPU to read requests (see CodingProcess)


def create_app(db_path: str | Path, write_token: str | None = None, *, max_body_bytes: int = 1_000_000,
               max_text_chars: int = MAX_TEXT_CHARS, code_rate_per_minute: float = 60.0, code_burst: int = 10,
               code_queue: int = 32, ontology: str = "plover", actor_dictionaries: tuple[str, ...] | list[str] = (),
               preload_coder: bool = False) -> FastAPI:
    """The API and explorer over the dotterel database at `db_path`.

    `write_token`: without one the database is opened read-only and nothing can write;
    with one, `POST /v1/code` with `"store": true` writes when the request carries
    `Authorization: Bearer <write_token>`. `max_body_bytes` limits every request body
    (413), `max_text_chars` the text to code (422), and `code_rate_per_minute` /
    `code_burst` the coding requests per client address (429; a rate of 0 disables the
    limit). Texts are coded one at a time; when `code_queue` requests are already coding
    or waiting, more are refused with 503 (busy) rather than queued for minutes. Raises
    StoreError when the database cannot be opened.
    """
    actor_dictionaries = tuple(actor_dictionaries)
    if write_token is not None and len(write_token) < 8:
        raise InputError("write token must be at least 8 characters")
    db = queries.Database(db_path, writable=write_token is not None)
    limiter = RateLimiter(code_rate_per_minute, code_burst) if code_rate_per_minute > 0 else None
    # one document at a time, in a process of its own: queries stay fast while texts are coded
    coding = CodingProcess(Options(ontology=ontology, actor_dictionaries=actor_dictionaries), niceness=CODING_NICENESS)
    code_slots = anyio.CapacityLimiter(1)
    in_flight = {"n": 0}  # coding requests running or waiting; touched only on the event loop
    bearer = HTTPBearer(auto_error=False, description="The server's write token; needed only to store documents.")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Few threads for the read endpoints: with dozens, their Python work queues for the
        # interpreter lock and every request, cached ones too, waits behind the queue.
        anyio.to_thread.current_default_thread_limiter().total_tokens = READ_THREADS
        sys.setswitchinterval(0.0005)  # a query thread holding the interpreter lock lets the event loop in sooner
        if preload_coder:
            coding.warm()
        yield
        coding.close()
        db.close()

    app = FastAPI(
        title="dotterel",
        version=__version__,
        description=(
            "PLOVER event data coded from political news: who did what to whom, when and where, with the words "
            "that say so.\n\nEvery error has one JSON shape: "
            '`{"error": {"status", "code", "message", "details", "request_id"}}` — see the `ErrorResponse` schema. '
            f"Request bodies over {max_body_bytes} bytes are refused with 413 (payload_too_large); unknown paths "
            "answer 404 (not_found) and wrong methods 405 (method_not_allowed), in the same shape."
        ),
        docs_url=None, redoc_url=None,  # Swagger UI and ReDoc load from a CDN; the explorer works offline
        lifespan=lifespan,
    )
    errors.install(app)
    app.add_middleware(ResponseCache, db=db, prefixes=("/v1/events", "/v1/documents", "/v1/dyads", "/v1/actors",
                                                       "/v1/network"))
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(RequestContext)  # added last = outermost: every response gets its headers
    app.state.db = db
    app.state.limiter = limiter
    app.state.coding_busy = lambda: in_flight["n"] > 0

    # --- dependencies -------------------------------------------------------------------------

    def event_filters(
        actor: Annotated[list[Code] | None,
                         Query(max_length=20, description="Actor code(s), e.g. KOR; repeat for any of several.")] = None,
        recipient: Annotated[list[Code] | None,
                             Query(max_length=20, description="Recipient code(s), e.g. RUS.")] = None,
        type: Annotated[list[Code] | None,  # noqa: A002 - the API's word
                        Query(max_length=20, description="Event type(s), e.g. THREATEN.")] = None,
        quad: Annotated[list[Code] | None,
                        Query(max_length=8, description="Quad class code (1-4) or name, e.g. 'verbal conflict'.")] = None,
        since: Annotated[date | None, Query(description="First event date, YYYY-MM-DD (inclusive).")] = None,
        until: Annotated[date | None, Query(description="Last event date, YYYY-MM-DD (inclusive).")] = None,
        q: Annotated[str | None, Query(max_length=200, description="Text in the event's sentence or article title.")] = None,
        include_flagged: Annotated[bool, Query(description="Also negated and hypothetical events.")] = False,
        cluster: Annotated[str | None, Query(max_length=64, description="Cluster id: the same event in several articles.")] = None,
    ) -> queries.EventFilters:
        if since and until and since > until:
            raise ApiError(422, "validation_error", "since is after until",
                           details=[{"loc": ["query", "since"], "msg": "since is after until", "type": "value_error"}])
        return queries.EventFilters.make(actor, recipient, type, quad, since, until, q, None, include_flagged, cluster)

    Filters = Annotated[queries.EventFilters, Depends(event_filters)]

    async def rate_limit(request: Request) -> None:
        if limiter is None:
            return
        wait = limiter.check(request.client.host if request.client else "unknown")
        if wait > 0:
            secs = max(1, int(wait + 0.999))
            raise ApiError(429, "rate_limited", f"too many coding requests from this client; retry in {secs} s",
                           headers={"Retry-After": str(secs)})

    def check_write_token(creds: HTTPAuthorizationCredentials | None) -> None:
        if write_token is None:
            raise ApiError(403, "read_only", "this server is read-only: start it with a write token to store documents")
        if creds is None:
            raise ApiError(401, "unauthorized", "storing needs the write token: send 'Authorization: Bearer <token>'",
                           headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(creds.credentials.encode(), write_token.encode()):
            raise ApiError(403, "forbidden", "wrong write token")

    def err(*codes: int) -> dict[int | str, dict[str, Any]]:
        text = {401: "Storing without the write token.", 403: "Wrong write token, or a read-only server.",
                503: "Database or model unavailable, or too many texts waiting to be coded (busy; see Retry-After).",
                404: "No such event or document.", 413: "Request body too large.",
                422: "Invalid parameters (validation_error) or text that cannot be coded (bad_input).",
                429: "Too many coding requests from this client; see Retry-After.",
                500: "Server or library error."}
        return {c: {"model": ErrorResponse, "description": text[c]} for c in codes}

    # --- routes -------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui/")

    @app.get("/v1/health", response_model=Health, tags=["meta"], responses=err(500))
    def health() -> dict[str, Any]:
        """Liveness, and what the server serves."""
        return {"status": "ok", "version": __version__, "read_only": write_token is None,
                "counts": queries.summary(db)["counts"]}

    @app.get("/v1/meta", response_model=Meta, tags=["meta"], responses=err(500))
    def meta() -> dict[str, Any]:
        """Counts, date range, event types and quad classes present (what the filters can take), and limits."""
        out = queries.summary(db)
        out["limits"] = {"max_body_bytes": max_body_bytes, "max_text_chars": max_text_chars,
                         "code_rate_per_minute": code_rate_per_minute, "code_burst": code_burst, "code_queue": code_queue,
                         "max_page": 500}
        return out

    @app.post("/v1/code", response_model=CodeResult, tags=["coding"],
              responses=err(401, 403, 413, 422, 429, 500, 503), dependencies=[Depends(rate_limit)])
    async def code(req: CodeRequest, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Response:
        """Code one article: events, quotes and entities with character offsets, plus spans to highlight.

        Does not write to the database unless `store` is true, the server has a write
        token and the request carries it.
        """
        if len(req.text) > max_text_chars:
            msg = f"text of {len(req.text)} characters exceeds this server's limit of {max_text_chars}"
            raise ApiError(422, "validation_error", msg,
                           details=[{"loc": ["body", "text"], "msg": msg, "type": "string_too_long"}])
        if req.store:
            check_write_token(creds)
        if in_flight["n"] >= code_queue:
            raise ApiError(503, "busy", f"{in_flight['n']} texts are being coded or waiting; retry shortly",
                           headers={"Retry-After": "2"})
        meta_in = {k: v for k, v in (("title", req.title), ("url", req.url)) if v}
        t0 = time.perf_counter()
        in_flight["n"] += 1
        try:
            rec = await anyio.to_thread.run_sync(partial(coding.code, req.text, req.pub_date, meta_in),
                                                 limiter=code_slots)
            written = stored = False
            if req.store:
                written = await anyio.to_thread.run_sync(db.write, rec, req.source or "api")
                stored = True
        finally:
            in_flight["n"] -= 1
        return rendered(CodeResult, {**rec, "spans": queries.spans(rec["events"], rec["quotes"]), "stored": stored,
                                     "written": written, "elapsed_ms": round((time.perf_counter() - t0) * 1000, 1)})

    @app.get("/v1/events", response_model=EventPage, tags=["events"], responses=err(422, 500))
    def events(
        f: Filters,
        limit: Annotated[int, Query(ge=1, le=500, description="Page size.")] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        order: Annotated[Literal["asc", "desc"], Query(description="By event date.")] = "desc",
    ) -> Response:
        """Stored events matching the filters, one page at a time, newest first by default."""
        total, items = queries.list_events(db, f, limit, offset, order)
        return rendered(EventPage, {"total": total, "limit": limit, "offset": offset,
                                    "next_offset": offset + limit if offset + limit < total else None, "items": items})

    @app.get("/v1/events/{event_id}", response_model=EventOut, tags=["events"], responses=err(404, 422, 500))
    def event(event_id: Annotated[str, PathParam(max_length=128)]) -> Response:
        """One event with its actors, place, article reference and linked quotes."""
        return rendered(EventOut, found(queries.get_event(db, event_id), "event", event_id))

    @app.get("/v1/documents/{doc_id}", response_model=DocumentOut, tags=["documents"], responses=err(404, 422, 500))
    def document(doc_id: Annotated[str, PathParam(max_length=128)]) -> Response:
        """An article's text with all its events, quotes and the spans to highlight (character offsets)."""
        return rendered(DocumentOut, found(queries.get_document(db, doc_id), "document", doc_id))

    @app.get("/v1/dyads/{a}/{b}/series", response_model=DyadSeries, tags=["analysis"], responses=err(422, 500))
    def dyad(
        a: Annotated[str, PathParam(max_length=64, description="Actor code, e.g. KOR.")],
        b: Annotated[str, PathParam(max_length=64, description="Actor code, e.g. RUS.")],
        f: Filters,
        interval: Annotated[Literal["day", "week", "month"], Query()] = "week",
    ) -> Response:
        """Events between two actors per interval, both directions: counts by quad class and type, mean score.

        The `actor` and `recipient` filters do not apply here (the path names the dyad).
        """
        return rendered(DyadSeries, queries.dyad_series(db, a, b, interval, f))

    @app.get("/v1/actors", response_model=ActorList, tags=["analysis"], responses=err(422, 500))
    def actors(
        f: Filters,
        role: Annotated[Literal["any", "actor", "recipient"], Query()] = "any",
        search: Annotated[str | None, Query(max_length=100, description="Substring of the code or name.")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> Response:
        """Coded actors by number of events, with counts as actor and as recipient and their mean score."""
        return rendered(ActorList, {"items": queries.top_actors(db, f, role, search, limit)})

    @app.get("/v1/network", response_model=Network, tags=["analysis"], responses=err(422, 500))
    def network(
        f: Filters,
        min_count: Annotated[int, Query(ge=1, le=1_000_000, description="Smallest edge kept.")] = 1,
        limit: Annotated[int, Query(ge=1, le=2000, description="Most edges, largest first.")] = 300,
        self_loops: Annotated[bool, Query(description="Keep edges from an actor to itself.")] = False,
    ) -> Response:
        """Directed actor-to-recipient edges with event counts, mean score and counts by quad class."""
        return rendered(Network, queries.network(db, f, min_count, limit, self_loops))

    app.mount("/ui", StaticFiles(directory=str(STATIC), html=True), name="ui")
    app.openapi = partial(_openapi, app)  # type: ignore[method-assign]
    return app


CONFIG_ENV = "DOTTEREL_SERVE_CONFIG"


def app_from_env() -> FastAPI:
    """App factory for `uvicorn --workers N` (`dotterel serve --workers N`): each worker process
    builds its own app from the JSON options the CLI put in DOTTEREL_SERVE_CONFIG.
    Read-only only: a DuckDB file has one writer, so the write token is never passed on."""
    options = json.loads(os.environ[CONFIG_ENV])
    options.pop("write_token", None)
    return create_app(**options)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's spec, with its default 422 schema replaced by the one error shape actually sent."""
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    ref = {"$ref": "#/components/schemas/ErrorResponse"}
    for ops in spec.get("paths", {}).values():
        for op in ops.values():
            resp = op.get("responses", {})
            if "422" in resp:
                resp["422"]["content"] = {"application/json": {"schema": ref}}
    schemas = spec.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    app.openapi_schema = spec
    return spec
